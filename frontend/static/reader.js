// The reader: a paragraph in its section, in one language or two side by side (paragraph N
// beside paragraph N), with the language controls and a link to the report's own page.

import { api, ApiError, dirOf, el, errorNode, href, LANG_NAMES, langName, numberMark, openView, paragraphLabel,
         paragraphsLabel, rangeNode, reportPath, symbolNode } from "./dom.js";
import { pageLang, t } from "./i18n.js";
import { paragraphNode } from "./paragraph.js";

function findPath(sections, number, trail = []) {
  for (const s of sections) {
    if (s.first !== null && s.first <= number && number <= s.last) {
      return findPath(s.children, number, [...trail, s]) || [...trail, s];
    }
  }
  return trail.length ? trail : null;
}

// The paragraph numbers shown around `number`: its section, at least one neighbour each side.
function shownRange(report, number) {
  const path = findPath(report.sections, number) || [];
  const section = path[path.length - 1];
  const lo = section ? section.first : number - 2;
  const hi = section ? section.last : number + 2;
  return { path, lo: Math.min(lo, number - 1), hi: Math.max(hi, number + 1) };
}

function languageControls(report, langs, number, q) {
  const [primary, second] = langs;
  const others = report.languages.filter((l) => l !== primary);
  if (!others.length) return null;
  const links = second
    ? [el("a", { href: href.read(primary, number, report.symbol, { q }), class: "one-lang" }, t("oneLang"))]
    : others.flatMap((l) => [
      el("a", { href: href.read([primary, l], number, report.symbol, { q }), class: "side-by-side", "data-lang": l },
        t("sideBySide"), langName(l)),
      el("a", { href: href.read(l, number, report.symbol, { q }), class: "switch-lang", "data-lang": l, lang: l },
        LANG_NAMES[l] || l),
    ]);
  return el("nav", { class: "langs", "aria-label": t("languages") }, links);
}

async function fetchReport(symbol, lang) {
  return api(`${reportPath(symbol)}?lang=${encodeURIComponent(lang)}`);
}

// Where the asked-for paragraph is not in the report: say so, with the numbers it has.
function noSuchParagraph(report, number) {
  const numbers = report.paragraphs.map((p) => p.number);
  if (!numbers.length) return el("p", { class: "error", role: "alert" }, t("noNumbered"));
  return el("p", { class: "error no-paragraph", role: "alert" }, t("noSuchParagraph"), rangeNode(number, number), " ",
    paragraphsLabel(Math.min(...numbers), Math.max(...numbers), pageLang()));
}

// Where the search's words stand in the shown paragraphs of one language version (matched
// by the server as the search matches them): {number: [[start, end], …]}; none without a
// search, or when they cannot be had (the paragraphs still show).
async function searchMarks(report, q, lo, hi) {
  if (!q) return {};
  const params = new URLSearchParams({ q, lang: report.lang, first: String(Math.max(1, lo)), last: String(hi) });
  try {
    return (await api(`${reportPath(report.symbol)}/highlights?${params}`)).paragraphs;
  } catch {
    return {};
  }
}

// `notes`: show the target paragraph's footnotes (a search found one of them); `q`: the
// search that found it, whose words are marked in the paragraph and its neighbours.
export async function openReader(langs, number, symbol, { notes = false, q = "" } = {}) {
  const { render, current } = openView("reader");
  // Arabic (right-to-left) takes the first, right-hand column.
  const ordered = langs.length === 2 && dirOf(langs[1]) === "rtl" && dirOf(langs[0]) !== "rtl" ? [langs[1], langs[0]] : langs;
  try {
    let reports;
    try {
      reports = await Promise.all(ordered.map((l) => fetchReport(symbol, l)));
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 404 || langs.length > 1) throw err;
      // Not in that language: read it in the one the corpus has.
      const any = await api(reportPath(symbol));
      if (current()) location.replace(href.read(any.lang, number, any.symbol, { notes, q }));
      return;
    }
    const cites = await api(`${reportPath(symbol)}/citations`);
    const [main] = reports;
    if (!reports.some((r) => r.paragraphs.some((p) => p.number === number))) {
      render(el("div", { class: "toolbar" }, el("a", { href: href.report(main.symbol), class: "report-link" }, symbolNode(main.symbol))),
        el("h2", { dir: dirOf(main.lang), lang: main.lang }, main.title), noSuchParagraph(main, number));
      return;
    }
    const { path, lo, hi } = shownRange(main, number);
    const marks = await Promise.all(reports.map((r) => searchMarks(r, q, lo, Math.min(hi, lo + 199))));
    const context = (report) => ({
      symbol: report.symbol, lang: report.lang, target: number, citedBy: cites.cited_by_counts, openNotes: notes,
      citations: cites.outgoing.filter((c) => c.lang === report.lang),
      marks: marks[reports.indexOf(report)],
    });
    const inRange = (report) => report.paragraphs.filter((p) => p.number >= lo && p.number <= hi);
    let body;
    if (reports.length === 1) {
      body = inRange(main).map((p) => paragraphNode(p, { ...context(main), section: p.section_path }));
    } else {
      const byNumber = reports.map((r) => new Map(inRange(r).map((p) => [p.number, p])));
      const numbers = [...new Set(byNumber.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
      body = [el("div", { class: "columns" },
        reports.map((r) => el("div", { class: "column-head", dir: dirOf(r.lang), lang: r.lang }, LANG_NAMES[r.lang] || r.lang)),
        numbers.flatMap((n) => reports.map((r, i) => {
          const p = byNumber[i].get(n);
          return p ? paragraphNode(p, { ...context(r), section: p.section_path })
            : el("div", { class: "para absent", dir: dirOf(r.lang), lang: r.lang, "data-paragraph": n, "data-lang": r.lang }, `${numberMark(n, r.lang)} —`);
        })))];
    }
    if (!render(
      el("div", { class: "toolbar" },
        el("a", { href: "#/", onclick: (e) => { e.preventDefault(); history.back(); } }, t("back")),
        el("a", { href: href.report(main.symbol), class: "report-link" }, symbolNode(main.symbol)),
        el("span", {}, paragraphLabel(number, pageLang())),
        languageControls(main, langs, number, q)),
      el("h2", { dir: dirOf(main.lang), lang: main.lang }, main.title),
      el("p", { class: "crumbs", dir: dirOf(main.lang) }, path.map((s) => `${s.label} ${s.title}`).join(" › ")),
      ...body)) return;
    const target = document.getElementById(`p${number}-${main.lang}`);
    if (target) target.scrollIntoView({ block: "center" });
  } catch (err) {
    render(errorNode(err));
  }
}
