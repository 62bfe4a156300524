// One paragraph as the reader shows it: citations in its text become links, footnote marks
// become superscripts that open the note, and "cited by N" opens the citing paragraphs.

import { basketButton } from "./basket.js";
import { api, dirOf, el, errorNode, excerpt, href, listSeparator, numberMark, paragraphLabel,
         reportPath } from "./dom.js";
import { t } from "./i18n.js";

// Where each citation of a paragraph is written in its text: non-overlapping spans in text
// order. The extractor lists them in reading order, so each is searched after the previous.
export function locateCitations(text, citations) {
  const spans = [];
  let cursor = 0;
  const overlaps = (at, end) => spans.some((s) => at < s.end && end > s.start);
  for (const c of citations) {
    if (!c.text) continue;
    let at = text.indexOf(c.text, cursor);
    if (at < 0) at = text.indexOf(c.text);
    while (at >= 0 && overlaps(at, at + c.text.length)) at = text.indexOf(c.text, at + 1);
    if (at < 0) continue;
    spans.push({ start: at, end: at + c.text.length, citation: c });
    cursor = at + c.text.length;
  }
  return spans.sort((a, b) => a.start - b.start);
}

const SYMBOL = /[A-Z][A-Z0-9.]*(?:\/[A-Za-z0-9.()-]+)+/g;

// Citation text as written, with each document symbol isolated left-to-right so that an
// Arabic citation ("A/69/262، الفقرات 8-20") reads in the right order.
function isolateSymbols(text) {
  const nodes = [];
  let pos = 0;
  for (const m of text.matchAll(SYMBOL)) {
    if (m.index > pos) nodes.push(text.slice(pos, m.index));
    nodes.push(el("bdi", { dir: "ltr" }, m[0]));
    pos = m.index + m[0].length;
  }
  if (pos < text.length) nodes.push(text.slice(pos));
  return nodes;
}

// In fiqra when the cited report is in the corpus (at the first cited paragraph), else the
// official document.
export function citationLink(c, label = isolateSymbols(c.text)) {
  const symbol = c.resolved ? c.target_symbol : null;
  if (symbol) {
    const to = c.target_paragraphs.length ? href.read(c.lang, c.target_paragraphs[0], symbol) : href.report(symbol);
    return el("a", { class: "cite resolved", href: to, "data-target": c.target }, label);
  }
  return el("a", { class: "cite external", href: c.url, rel: "noopener", target: "_blank",
                   "data-target": c.target }, label);
}

// `open`: the note starts shown (the reader was opened on a footnote a search found).
function footnoteMark(note, notesBox, idBase, open = false) {
  const id = `${idBase}-fn${note.number}`;
  if (!note.text) {
    return el("sup", { class: "fn", title: t("noteMissing") }, String(note.number));
  }
  const button = el("button", { type: "button", class: "fn-mark", "aria-expanded": "false", "aria-controls": id,
                                "aria-label": t("footnote", note.number) }, String(note.number));
  const toggle = () => {
    const shown = notesBox.querySelector(`[id="${id}"]`);
    if (shown) { shown.remove(); button.setAttribute("aria-expanded", "false"); return; }
    notesBox.append(el("p", { class: "fn-note", id }, el("sup", {}, String(note.number)), " ", note.text));
    button.setAttribute("aria-expanded", "true");
  };
  button.addEventListener("click", toggle);
  if (open) toggle();
  return el("sup", { class: "fn" }, button);
}

// The text from `start` to `end` with the ranges in `marks` (a search's words) in <mark>:
// text nodes only, so nothing in a paragraph or a query is ever read as HTML.
function markedText(text, start, end, marks) {
  const nodes = [];
  let pos = start;
  for (const [a, b] of marks) {
    const from = Math.max(a, pos), to = Math.min(b, end);
    if (to <= from) continue;
    if (from > pos) nodes.push(text.slice(pos, from));
    nodes.push(el("mark", {}, text.slice(from, to)));
    pos = to;
  }
  if (end > pos) nodes.push(text.slice(pos, end));
  return nodes;
}

// The paragraph's text with citation links and footnote marks in place, and the search's
// words marked. A footnote mark that falls inside a citation is moved after it.
function richText(text, spans, footnotes, notesBox, idBase, openNotes, words) {
  const marks = footnotes.map((f) => {
    let at = Math.min(Math.max(f.offset ?? text.length, 0), text.length);
    const inside = spans.find((s) => at > s.start && at < s.end);
    if (inside) at = inside.end;
    return { at, note: f };
  });
  const events = [...spans.map((s) => ({ at: s.start, span: s })), ...marks]
    .sort((a, b) => a.at - b.at || (a.note ? -1 : 1));
  const nodes = [];
  let pos = 0;
  for (const e of events) {
    if (e.at > pos) nodes.push(...markedText(text, pos, e.at, words));
    if (e.span) {
      nodes.push(citationLink(e.span.citation, isolateSymbols(text.slice(e.span.start, e.span.end))));
      pos = e.span.end;
    } else {
      nodes.push(footnoteMark(e.note, notesBox, idBase, openNotes));
      pos = Math.max(pos, e.at);
    }
  }
  nodes.push(...markedText(text, pos, text.length, words));
  return nodes;
}

// The citing paragraphs of one cited paragraph: each once (the API lists every language
// version of a citing paragraph), in `lang` where the citing report has it.
export function citingParagraphs(incoming, lang) {
  const chosen = new Map();
  for (const c of incoming) {
    const key = `${c.symbol}|${c.paragraph}`;
    const have = chosen.get(key);
    if (!have || (have.lang !== lang && c.lang === lang)) chosen.set(key, c);
  }
  return [...chosen.values()];
}

// The start of a citing paragraph, or the citation as written when the paragraph is unnumbered
// or cannot be read.
// `read`: false quotes the citation without asking for the paragraph.
export async function citingQuote(c, read = true) {
  let text = c.text;
  if (read && c.paragraph !== null) {
    try {
      text = (await api(`${reportPath(c.symbol)}/paragraphs/${c.paragraph}?lang=${c.lang}`)).text;
    } catch {
      // Gone since the citations were listed: the citation itself still says what it cites.
    }
  }
  return el("q", { dir: dirOf(c.lang), lang: c.lang }, excerpt(text));
}

// `withSymbol`: false under a heading that already names the citing report.
export function citingItem(c, quote, { withSymbol = true } = {}) {
  const to = c.paragraph === null ? href.report(c.symbol) : href.read(c.lang, c.paragraph, c.symbol);
  return el("li", { "data-paragraph": c.paragraph, lang: c.lang },
    el("a", { href: to }, withSymbol ? [el("bdi", { dir: "ltr" }, c.symbol), listSeparator(c.lang)] : null,
      el("span", { dir: dirOf(c.lang) }, paragraphLabel(c.paragraph, c.lang))),
    " ", quote);
}

function citedByLabel(n, lang) { return lang === "ar" ? `استشهدت بها ${n}` : `cited by ${n}`; }

function citedByControl(symbol, lang, number, count, idBase) {
  const listId = `${idBase}-citedby`;
  const button = el("button", { type: "button", class: "cited-by", "aria-expanded": "false", "aria-controls": listId },
    citedByLabel(count, lang));
  const box = el("div", { class: "cited-by-list", id: listId, hidden: true });
  button.addEventListener("click", async () => {
    const opening = box.hidden;
    box.hidden = !opening;
    button.setAttribute("aria-expanded", String(opening));
    if (!opening || box.dataset.loaded) return;
    box.replaceChildren("…");
    try {
      const data = await api(`${reportPath(symbol)}/citations?paragraph=${number}`);
      const citing = citingParagraphs(data.incoming, lang);
      const quotes = await Promise.all(citing.map((c) => citingQuote(c)));
      box.replaceChildren(el("ul", {}, citing.map((c, i) => citingItem(c, quotes[i]))));
      box.dataset.loaded = "1";
    } catch (err) {
      box.replaceChildren(errorNode(err));
    }
  });
  return [button, box];
}

// `citations`: the report's outgoing citations in this paragraph's language;
// `citedBy`: the report's cited_by_counts.
// `openNotes`: show the target paragraph's footnotes from the start.
// `marks`: where a search's words stand, per paragraph number ({9: [[start, end], …]}).
export function paragraphNode(p, { symbol, lang, target, citations = [], citedBy = {}, section = [], openNotes = false, marks = {} }) {
  const idBase = `p${p.number}-${lang}`;
  const notesBox = el("div", { class: "notes" });
  const mine = citations.filter((c) => c.paragraph === p.number);
  const spans = locateCitations(p.text, mine);
  const count = citedBy[p.number] || 0;
  return el("div", { class: "para" + (p.number === target ? " target" : ""), id: idBase,
                     dir: dirOf(lang), lang, "data-paragraph": p.number, "data-lang": lang },
    el("span", { class: "num" }, numberMark(p.number, lang)),
    el("span", { class: "text" }, richText(p.text, spans, p.footnotes || [], notesBox, idBase,
      openNotes && p.number === target, marks[p.number] || [])),
    notesBox,
    el("div", { class: "para-tools" },
      count ? citedByControl(symbol, lang, p.number, count, idBase) : null,
      basketButton({ symbol, lang, paragraph: p.number, section, text: p.text })));
}
