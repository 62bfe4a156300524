// The home page: the reports in the corpus (symbol, title, languages, paragraphs), each
// linking to its report page, so a visitor sees what there is to search before searching.

import { api, dirOf, el, errorNode, href, LANG_NAMES, openView, symbolNode } from "./dom.js";

// GET /reports lists one row per language version; the page shows one line per report,
// titled in Arabic where the corpus has it.
function byReport(rows) {
  const reports = new Map();
  for (const r of rows) {
    const have = reports.get(r.symbol);
    if (!have) reports.set(r.symbol, { ...r, languages: [r.lang] });
    else {
      have.languages.push(r.lang);
      if (r.lang === "ar") Object.assign(have, { lang: r.lang, title: r.title, paragraphs: r.paragraphs });
    }
  }
  return [...reports.values()];
}

export async function openHome() {
  const { render } = openView("results");
  try {
    const reports = byReport(await api("/reports"));
    render(el("h2", {}, "التقارير في المدونة ", el("span", { class: "count" }, `(${reports.length})`)),
      reports.length
        ? el("ul", { class: "report-list" }, reports.map((r) => el("li", { "data-symbol": r.symbol },
          el("a", { href: href.report(r.symbol) }, symbolNode(r.symbol)), " ",
          el("span", { class: "title", dir: dirOf(r.lang), lang: r.lang }, r.title),
          el("span", { class: "badge" }, ` — ${r.paragraphs} فقرة — `,
            r.languages.flatMap((l, i) => [i ? "، " : "", el("span", { lang: l }, LANG_NAMES[l] || l)])))))
        : el("p", { class: "empty" }, "المدونة فارغة: أضف تقارير بالأمر fiqra ingest."));
  } catch (err) {
    render(errorNode(err));
  }
}
