// Search results: a page of paragraphs with highlighted snippets, the way to every other page
// (pager), how many hits each report, language, year, session and section holds (filters to
// click), the order (relevance, newest first, document order); each hit can go to the basket,
// or all the query's hits at once; the whole result can be exported.

import { addToBasket, basketButton } from "./basket.js";
import { api, dirOf, el, errorNode, href, LANG_NAMES, langName, messageNode, openView, paragraphLabel, queryParams,
         symbolNode, TAG_NAMES, tagFilter, tagLabel } from "./dom.js";
import { pageLang, t } from "./i18n.js";
import { exportLinks } from "./sets.js";

const PAGE = 20;
const ALL_PAGE = 100;
const ALL_MAX = 2000;

// The filters a result can be narrowed by, in the order the page lists them.
const FACETS = [["symbol", "facetSymbol"], ["lang", "facetLang"], ["year", "facetYear"], ["session", "facetSession"], ["section", "facetSection"]];
const SORTS = [["relevance", "sortRelevance"], ["date", "sortDate"], ["document", "sortDocument"]];
const FILTER_NAMES = ["lang", "symbol", "year", "session", "section"];

// Snippets arrive as HTML whose only markup is <mark>; everything else is escaped server-side.
function snippetNode(html, lang) {
  const div = el("div", { class: "snippet", dir: dirOf(lang), lang });
  div.innerHTML = html;
  for (const node of div.querySelectorAll("*")) if (node.tagName !== "MARK") node.replaceWith(node.textContent);
  return div;
}

// What kind of text a hit is, when not a paragraph's own: a footnote of the paragraph, or an
// unnumbered block (title, summary…).
const KIND_LABELS = { footnote: "kindFootnote", recommendation: "kindRecommendation", title: "kindTitle", summary: "kindSummary" };

// A recommendation's States, position, themes…: each value a link that narrows the search
// to the recommendations that share it.
function tagsNode(h, state) {
  if (!h.tags) return null;
  return el("dl", { class: "tags" }, Object.entries(h.tags).flatMap(([name, values]) => [
    el("dt", {}, tagLabel(name)),
    el("dd", {}, values.map((v) => el("a", { class: "tag", "data-tag": name, href: tagHref(state, name, v) },
      el("bdi", { dir: "auto" }, v)))),
  ]));
}

// The search with a tag filter added to its query (`state:"France"`).
function tagHref(state, name, value) {
  return stateHref(state, { q: `${state.q} ${tagFilter(name, value)}`.trim() });
}

// What "+ السلة" keeps of a hit: its paragraph, or the one recommendation found.
function basketEntry(h) {
  return { symbol: h.symbol, lang: h.lang, paragraph: h.paragraph, item: h.kind === "recommendation" ? h.item : null,
           section: h.section, text: h.text };
}

function hitNode(h, others, state) {
  const footnote = h.kind === "footnote";
  const to = h.paragraph === null ? href.report(h.symbol) : href.read(h.lang, h.paragraph, h.symbol, { notes: footnote, q: state.q });
  const open = (e) => {
    if (e.target.closest("a, button")) return;
    if (e.type === "keydown" && e.key !== "Enter") return;
    location.hash = to;
  };
  // Paragraph N is paragraph N in every language version: the same paragraph in the others.
  const versions = h.paragraph === null ? [] : others.filter((l) => l !== h.lang);
  return el("article", {
    class: "hit", tabindex: "0", "data-symbol": h.symbol, "data-paragraph": h.paragraph, "data-kind": h.kind,
    lang: h.lang, onclick: open, onkeydown: open,
  },
    el("div", { class: "meta" },
      symbolNode(h.symbol),
      el("a", { class: "num", href: to }, paragraphLabel(h.paragraph, pageLang(), h.kind === "recommendation" ? h.item : null)),
      h.kind === "paragraph" ? null : el("span", { class: `kind ${h.kind}` }, KIND_LABELS[h.kind] ? t(KIND_LABELS[h.kind]) : h.kind),
      langName(h.lang, { class: "lang" }),
      versions.length ? el("span", { class: "versions" }, t("readIn"),
        versions.map((l) => el("a", { href: href.read([l, h.lang], h.paragraph, h.symbol, { q: state.q }), lang: l, "data-lang": l }, " ", LANG_NAMES[l] || l))) : null,
      h.paragraph === null ? null
        : basketButton(basketEntry(h))),
    el("div", { class: "section", dir: dirOf(h.lang) }, h.section.join(" › ")),
    snippetNode(h.snippet, h.lang),
    tagsNode(h, state));
}

// The query with its filters written in the query language (year:2014 session:A/HRC/28 …):
// what adding all hits and the export ask for, so they hold exactly what the page found.
function filteredQuery(state) {
  const parts = [state.q];
  for (const name of ["year", "session", "section"]) {
    if (state[name]) parts.push(`${name}:"${state[name]}"`);
  }
  return parts.join(" ");
}

// Every numbered hit of the query (paged through the search API), into the basket.
async function addAllHits(state, button) {
  button.disabled = true;
  const found = [];
  try {
    for (let offset = 0; offset < ALL_MAX; offset += ALL_PAGE) {
      const params = searchParams(state);
      params.set("limit", String(ALL_PAGE));
      params.set("offset", String(offset));
      const data = await api("/search?" + params);
      found.push(...data.hits);
      if (offset + ALL_PAGE >= data.total || !data.hits.length) break;
    }
    const added = addToBasket(found.map(basketEntry));
    button.textContent = t("addedAll", added);
  } catch (err) {
    button.after(errorNode(err));
  } finally {
    button.disabled = false;
  }
}

// The API's parameters for the page's state (query, filters, order).
function searchParams(state) {
  const params = queryParams(state.q, state.lang);
  for (const name of ["symbol", "year", "session", "section"]) if (state[name]) params.set(name, state[name]);
  if (state.sort && state.sort !== "relevance") params.set("sort", state.sort);
  return params;
}

// The page's address for a state, with some of it changed (a filter set or cleared, a page).
function stateHref(state, change) {
  const next = { ...state, page: 1, ...change };
  const params = new URLSearchParams({ q: next.q });
  for (const name of [...FILTER_NAMES, "sort"]) if (next[name] && !(name === "sort" && next[name] === "relevance")) params.set(name, next[name]);
  if (next.page > 1) params.set("page", String(next.page));
  return "#/search?" + params;
}

function facetLabel(name, value) {
  if (name === "lang") return langName(value);
  if (name === "symbol" || name === "session") return el("bdi", { dir: "ltr" }, value);
  return el("bdi", { dir: "auto" }, value);
}

// The tag filters a query holds (`state:"France"`), as the query language reads them: two
// values of one filter mean either, so ticking a second State widens to both States' hits.
const TAG_RE = /(?<![\w:])(state|position|theme|person):("[^"]*"|\S+)/g;
const foldTag = (value) => value.replace(/^"|"$/g, "").replace(/\s+/g, " ").trim().toLowerCase();

function queryTags(q, name) {
  return new Set([...q.matchAll(TAG_RE)].filter((m) => m[1] === name).map((m) => foldTag(m[2])));
}

// The query without one value of a tag filter.
function withoutTag(q, name, value) {
  return q.replace(TAG_RE, (raw, n, v) => (n === name && foldTag(v) === foldTag(value) ? "" : raw)).replace(/\s+/g, " ").trim();
}

// Each facet as links that narrow the result (with their hit counts), the active one as a chip
// that clears it; a recommendation's tags (State, position…) are ticked in the query itself:
// a ticked value is a chip that takes it away, another value adds it (either of them).
function facetsNode(state, facets) {
  const tagged = TAG_NAMES.map((name) => {
    const values = facets[name] || [];
    if (!values.length) return null;
    const ticked = queryTags(state.q, name);
    return el("div", { class: "facet", "data-facet": name }, el("h3", {}, tagLabel(name)),
      el("ul", {}, values.slice(0, 12).map((v) => el("li", {},
        ticked.has(foldTag(v.value))
          ? el("a", { class: "chip", href: stateHref(state, { q: withoutTag(state.q, name, v.value) }), "data-value": v.value,
                      "aria-pressed": "true", "aria-label": t("clearFilter", v.value) }, el("bdi", { dir: "auto" }, v.value), " ✕")
          : el("a", { href: tagHref(state, name, v.value), "data-value": v.value }, el("bdi", { dir: "auto" }, v.value)),
        " ", el("span", { class: "n" }, `(${v.count})`)))));
  });
  return el("nav", { class: "facets", "aria-label": t("filterResults") }, tagged, FACETS.map(([name, word]) => {
    const title = t(word);
    const values = facets[name] || [];
    if (state[name]) {
      return el("div", { class: "facet active", "data-facet": name }, el("h3", {}, title),
        el("a", { class: "chip", href: stateHref(state, { [name]: "" }), "data-value": state[name], "aria-label": t("clearFilter", title) },
          facetLabel(name, state[name]), " ✕"));
    }
    if (!values.length) return null;
    return el("div", { class: "facet", "data-facet": name }, el("h3", {}, title),
      el("ul", {}, values.slice(0, 12).map((v) => el("li", {},
        el("a", { href: stateHref(state, { [name]: v.value }), "data-value": v.value }, facetLabel(name, v.value)),
        " ", el("span", { class: "n" }, `(${v.count})`)))));
  }));
}

function pagerNode(state, total) {
  const pages = Math.ceil(total / PAGE);
  if (pages <= 1) return null;
  const page = Math.min(state.page, pages);
  const link = (n, label, cls) => el("a", { href: stateHref(state, { page: n }), class: `button ${cls}`, "data-page": n }, label);
  const near = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  return el("nav", { class: "pager", "aria-label": t("resultPages") },
    page > 1 ? link(page - 1, t("previous"), "prev") : null,
    near.flatMap((n, i) => [i && n - near[i - 1] > 1 ? el("span", {}, "…") : null,
      n === page ? el("strong", { "aria-current": "page", class: "current" }, String(n)) : link(n, String(n), "page")]),
    page < pages ? link(page + 1, t("next"), "next") : null);
}

// Languages each report of the corpus has (to offer a hit in its other versions), read once.
let reportLanguages = null;
async function languagesOfReports() {
  if (!reportLanguages) {
    const map = new Map();
    for (const r of await api("/reports")) map.set(r.symbol, [...(map.get(r.symbol) || []), r.lang]);
    reportLanguages = map;
  }
  return reportLanguages;
}

export async function runSearch(state) {
  const { node: results, render } = openView("results");
  const params = searchParams(state);
  params.set("limit", String(PAGE));
  params.set("offset", String((state.page - 1) * PAGE));
  params.set("facets", "true");
  try {
    const [data, languages] = await Promise.all([api("/search?" + params), languagesOfReports()]);
    const exportQuery = queryParams(filteredQuery(state), state.lang);
    if (state.symbol) exportQuery.set("symbol", state.symbol);
    const addAll = el("button", { type: "button", class: "add-all", onclick: (e) => addAllHits(state, e.currentTarget) },
      t("addAll"));
    const first = (state.page - 1) * PAGE + 1;
    const sort = el("select", { id: "sort", "aria-label": t("order"), onchange: (e) => { location.hash = stateHref(state, { sort: e.target.value }); } },
      SORTS.map(([value, label]) => el("option", { value, selected: value === (state.sort || "relevance") }, t(label))));
    render(
      el("div", { class: "results-head" },
        data.total_capped
          ? el("p", { class: "count" }, el("bdi", { dir: "ltr" }, `${data.total.toLocaleString("en")}+`), " ", t("paragraphsWord"))
          : el("p", { class: "count" }, t("paragraphCount", data.total)),
        data.hits.length ? el("p", { class: "range" }, t("results"), el("bdi", { dir: "ltr" }, `${first}–${first + data.hits.length - 1}`)) : null,
        data.total ? el("label", { class: "sort" }, `${t("order")}: `, sort) : null,
        data.total ? addAll : null,
        data.total ? exportLinks(`/export?${exportQuery}&format=`, t("exportResults")) : null),
      data.notice ? el("p", { class: "notice", role: "status" }, t("note"), messageNode(data.notice)) : null,
      data.facets && data.total ? facetsNode(state, data.facets) : null,
      ...data.hits.map((h) => hitNode(h, languages.get(h.symbol) || [], state)),
      pagerNode(state, data.total));
    if (!data.hits.length) results.append(el("p", { class: "empty" }, t("noResults")));
  } catch (err) {
    render(errorNode(err));
  }
}

// The page's state from the address's parameters.
export function searchState(params) {
  const state = { q: params.get("q") || "", page: Math.max(1, Number(params.get("page")) || 1), sort: params.get("sort") || "relevance" };
  for (const name of FILTER_NAMES) state[name] = params.get(name) || "";
  return state;
}
