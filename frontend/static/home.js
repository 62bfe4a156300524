// The home page: the reports in the corpus (symbol, title, languages, paragraphs), each
// linking to its report page, so a visitor sees what there is to search before searching.

import { api, dirOf, el, errorNode, href, LANG_NAMES, listSeparator, openView, symbolNode } from "./dom.js";
import { pageLang, t } from "./i18n.js";

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
    render(el("h2", {}, t("reportsInCorpus"), el("span", { class: "count" }, `(${reports.length})`)),
      reports.length
        ? el("ul", { class: "report-list" }, reports.map((r) => el("li", { "data-symbol": r.symbol },
          el("a", { href: href.report(r.symbol) }, symbolNode(r.symbol)), " ",
          el("span", { class: "title", dir: dirOf(r.lang), lang: r.lang }, r.title),
          el("span", { class: "badge" }, ` — ${t("paragraphCount", r.paragraphs)} — `,
            r.languages.flatMap((l, i) => [i ? listSeparator(pageLang()) : "", el("span", { lang: l }, LANG_NAMES[l] || l)])))))
        : el("p", { class: "empty" }, t("corpusEmpty")));
  } catch (err) {
    render(errorNode(err));
  }
}
