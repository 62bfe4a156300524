// A report's own page: its table of contents (sections with paragraph ranges), the
// recommendations it lists (UPR reports), what it cites grouped by cited document, and which
// paragraphs of other reports cite it.

import { api, dirOf, el, errorNode, href, itemAddress, LANG_NAMES, listSeparator, openView, paragraphLabel,
         paragraphsLabel, rangeNode, reportPath, symbolNode, tagFilter, tagLabel } from "./dom.js";
import { pageLang, t } from "./i18n.js";
import { citationLink, citingItem, citingParagraphs, citingQuote } from "./paragraph.js";

function rangeLabel(s, lang) {
  if (s.first === null || s.first === undefined) return "";
  return paragraphsLabel(s.first, s.last, lang);
}

function tocTree(sections, report) {
  return el("ul", {}, sections.map((s) => el("li", {},
    s.first === null ? el("span", {}, `${s.label} ${s.title}`)
      : el("a", { href: href.read(report.lang, s.first, report.symbol), "data-first": s.first }, `${s.label} ${s.title}`),
    " ", el("span", { class: "range" }, rangeLabel(s, report.lang)),
    s.children.length ? tocTree(s.children, report) : null)));
}

// A numbered recommendation (`115.3`, `1`), not a lettered list item.
const isRecommendation = (item) => /^\d/.test(item.label);

// Each paragraph holding recommendations, folded: its items with their States and position,
// each value a search for the recommendations that share it.
function recommendationsSection(report) {
  const holding = report.paragraphs.filter((p) => (p.items || []).some(isRecommendation));
  if (!holding.length) return null;
  const tag = (name, value) => el("a", { class: "tag", "data-tag": name,
    href: href.search(`symbol:${report.symbol} ${tagFilter(name, value)}`) }, el("bdi", { dir: "auto" }, value));
  return el("section", { class: "recommendations", "aria-labelledby": "recs-title" },
    el("h3", { id: "recs-title" }, t("recommendations")),
    holding.map((p) => {
      const items = p.items.filter(isRecommendation);
      return el("details", { "data-paragraph": p.number },
        el("summary", {}, el("a", { href: href.read(report.lang, p.number, report.symbol) }, paragraphLabel(p.number, pageLang())),
          t("recommendationCount", items.length)),
        el("ol", { class: "rec-list", dir: dirOf(report.lang), lang: report.lang }, items.map((i) => el("li", { "data-item": i.label },
          el("bdi", { class: "num", dir: "ltr" }, itemAddress(p.number, i.label)), " ",
          el("span", { class: "text" }, i.text),
          el("div", { class: "tags", dir: "rtl", lang: "ar" },
            ...(i.states || []).map((s) => tag("state", s)),
            i.position ? [" ", el("span", { class: "label" }, `${tagLabel("position")}: `), tag("position", i.position)] : null,
            ...(i.themes || []).map((t) => tag("theme", t)))))));
    }));
}

function groupBy(list, key) {
  const groups = new Map();
  for (const item of list) {
    const k = key(item);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(item);
  }
  return groups;
}

// Links to the paragraphs of this report that cite one document, each once.
function paragraphLinks(cites, lang) {
  const seen = new Set();
  return cites.filter((c) => c.paragraph !== null && !seen.has(c.paragraph) && seen.add(c.paragraph))
    .flatMap((c, i) => [i ? listSeparator(lang) : "", el("a", { href: href.read(c.lang, c.paragraph, c.symbol) },
      paragraphLabel(c.paragraph, lang))]);
}

// Paragraph numbers as runs: 8, 9, 10, 12 -> "8–10، 12", each run isolated left-to-right.
function compactRanges(numbers) {
  const nums = [...new Set(numbers)].sort((a, b) => a - b);
  const runs = [];
  for (const n of nums) {
    const last = runs[runs.length - 1];
    if (last && n === last[1] + 1) last[1] = n;
    else runs.push([n, n]);
  }
  return runs.flatMap(([a, b], i) => [i ? listSeparator(pageLang()) : "", rangeNode(a, b)]);
}

function pinpoints(cites) {
  const nums = cites.flatMap((c) => c.target_paragraphs);
  return nums.length ? el("span", { class: "pinpoints" }, " ¶ ", compactRanges(nums)) : null;
}

function citesSection(report, outgoing) {
  const groups = groupBy(outgoing.filter((c) => c.lang === report.lang), (c) => c.target);
  if (!groups.size) return el("p", { class: "empty" }, t("noCitations"));
  return el("ul", { class: "cites-list" }, [...groups].map(([target, cites]) => el("li", { "data-target": target },
    citationLink({ ...cites[0], target_paragraphs: [] }, el("bdi", { dir: "ltr" }, target)),
    cites[0].resolved ? el("span", { class: "badge" }, t("inCorpus")) : null,
    pinpoints(cites), " — ", el("span", { class: "from" }, t("from"), paragraphLinks(cites, pageLang())))));
}

// Citing paragraphs quoted from their text, up to this many on the page (the rest quote the
// citation as written, which needs no request).
const QUOTED = 40;

async function citedBySection(report, incoming) {
  const citing = citingParagraphs(incoming, report.lang);
  if (!citing.length) return el("p", { class: "empty" }, t("notCited"));
  const quotes = await Promise.all(citing.map((c, i) => citingQuote(c, i < QUOTED)));
  const items = new Map(citing.map((c, i) => [c, citingItem(c, quotes[i], { withSymbol: false })]));
  return el("ul", { class: "cited-by-reports" }, [...groupBy(citing, (c) => c.symbol)].map(([symbol, cites]) => el("li", { "data-symbol": symbol },
    el("a", { href: href.report(symbol) }, symbolNode(symbol)),
    pinpoints(incoming.filter((c) => c.symbol === symbol)),
    el("ul", { class: "citing" }, cites.map((c) => items.get(c))))));
}

export async function openReport(symbol, lang) {
  const { render } = openView("report-page");
  try {
    const report = await api(reportPath(symbol) + (lang ? `?lang=${encodeURIComponent(lang)}` : ""));
    const cites = await api(`${reportPath(report.symbol)}/citations`);
    render(
      el("div", { class: "toolbar" },
        el("a", { href: "#/", onclick: (e) => { e.preventDefault(); history.back(); } }, t("back")),
        symbolNode(report.symbol),
        el("nav", { class: "langs", "aria-label": t("languages") }, report.languages.map((l) => l === report.lang
          ? el("strong", { lang: l }, LANG_NAMES[l] || l)
          : el("a", { href: `${href.report(report.symbol)}?lang=${l}`, lang: l }, LANG_NAMES[l] || l)))),
      el("h2", { dir: dirOf(report.lang), lang: report.lang }, report.title),
      el("section", { class: "toc", "aria-labelledby": "toc-title" },
        el("h3", { id: "toc-title" }, t("contents")),
        el("div", { dir: dirOf(report.lang), lang: report.lang }, tocTree(report.sections, report))),
      recommendationsSection(report),
      el("section", { class: "cites", "aria-labelledby": "cites-title" },
        el("h3", { id: "cites-title" }, t("cites")), citesSection(report, cites.outgoing)),
      el("section", { class: "incoming", "aria-labelledby": "cited-by-title" },
        el("h3", { id: "cited-by-title" }, t("citedBy")), await citedBySection(report, cites.incoming)));
  } catch (err) {
    render(errorNode(err));
  }
}
