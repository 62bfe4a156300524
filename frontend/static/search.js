// Search results: ranked paragraphs with highlighted snippets; each can go to the basket,
// or all the query's hits at once; the whole result can be exported.

import { addToBasket } from "./basket.js";
import { api, dirOf, el, errorNode, href, messageNode, openView, paragraphLabel, queryParams, symbolNode } from "./dom.js";
import { exportLinks } from "./sets.js";

const PAGE = 20;
const ALL_PAGE = 100;
const ALL_MAX = 2000;

// Snippets arrive as HTML whose only markup is <mark>; everything else is escaped server-side.
function snippetNode(html, lang) {
  const div = el("div", { class: "snippet", dir: dirOf(lang), lang });
  div.innerHTML = html;
  for (const node of div.querySelectorAll("*")) if (node.tagName !== "MARK") node.replaceWith(node.textContent);
  return div;
}

// What kind of text a hit is, when not a paragraph's own: a footnote of the paragraph, or an
// unnumbered block (title, summary…).
const KIND_LABELS = { footnote: "حاشية", title: "العنوان", summary: "الموجز" };

function hitNode(h) {
  const footnote = h.kind === "footnote";
  const to = h.paragraph === null ? href.report(h.symbol) : href.read(h.lang, h.paragraph, h.symbol, { notes: footnote });
  const open = (e) => {
    if (e.target.closest("a, button")) return;
    if (e.type === "keydown" && e.key !== "Enter") return;
    location.hash = to;
  };
  return el("article", {
    class: "hit", tabindex: "0", "data-symbol": h.symbol, "data-paragraph": h.paragraph, "data-kind": h.kind,
    lang: h.lang, onclick: open, onkeydown: open,
  },
    el("div", { class: "meta" },
      symbolNode(h.symbol),
      el("a", { class: "num", href: to }, paragraphLabel(h.paragraph, "ar")),
      h.kind === "paragraph" ? null : el("span", { class: `kind ${h.kind}` }, KIND_LABELS[h.kind] || h.kind),
      el("span", { class: "lang" }, h.lang),
      h.paragraph === null ? null : el("button", { type: "button", class: "add-basket",
        onclick: () => addToBasket({ symbol: h.symbol, lang: h.lang, paragraph: h.paragraph, section: h.section, text: h.text }) },
      "+ السلة")),
    el("div", { class: "section", dir: dirOf(h.lang) }, h.section.join(" › ")),
    snippetNode(h.snippet, h.lang));
}

// Every numbered hit of the query (paged through the search API), into the basket.
async function addAllHits(q, lang, button) {
  button.disabled = true;
  const found = [];
  try {
    for (let offset = 0; offset < ALL_MAX; offset += ALL_PAGE) {
      const params = queryParams(q, lang);
      params.set("limit", String(ALL_PAGE));
      params.set("offset", String(offset));
      const data = await api("/search?" + params);
      found.push(...data.hits);
      if (offset + ALL_PAGE >= data.total || !data.hits.length) break;
    }
    const added = addToBasket(found.map((h) => ({ symbol: h.symbol, lang: h.lang, paragraph: h.paragraph, section: h.section, text: h.text })));
    button.textContent = `أضيفت ${added} فقرة`;
  } catch (err) {
    button.after(errorNode(err));
  } finally {
    button.disabled = false;
  }
}

export async function runSearch(q, lang) {
  const { node: results, render } = openView("results");
  const params = queryParams(q, lang);
  params.set("limit", String(PAGE));
  try {
    const data = await api("/search?" + params);
    const query = queryParams(q, lang);
    const addAll = el("button", { type: "button", class: "add-all", onclick: (e) => addAllHits(q, lang, e.currentTarget) },
      "أضف كل نتائج هذا البحث إلى السلة");
    render(
      el("div", { class: "results-head" },
        el("p", { class: "count" }, `${data.total} فقرة`),
        data.total ? addAll : null,
        data.total ? exportLinks(`/export?${query}&format=`, "صدّر النتائج") : null),
      data.notice ? el("p", { class: "notice", role: "status" }, "ملاحظة: ", messageNode(data.notice)) : null,
      ...data.hits.map(hitNode));
    if (!data.hits.length) results.append(el("p", { class: "empty" }, "لا توجد نتائج"));
  } catch (err) {
    render(errorNode(err));
  }
}
