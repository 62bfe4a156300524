// Shared page helpers: building elements, calling the API, and the page's addresses.
// Every view imports these so an element, a request and a route are made one way only.

import { pageLang, t } from "./i18n.js";
import { worded } from "./messages.js";

import { askToken, authorized } from "./token.js";

const RTL = new Set(["ar"]);
export const LANG_NAMES = { ar: "العربية", en: "English", fr: "Français", es: "Español", ru: "Русский", zh: "中文" };

// A language's own name for itself (as language pickers show it), marked as that language.
export function langName(lang, attrs = {}) { return el("span", { lang, ...attrs }, LANG_NAMES[lang] || lang); }

export const $ = (sel) => document.querySelector(sel);

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== "") node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

export function dirOf(lang) { return RTL.has(lang) ? "rtl" : "ltr"; }

// A document symbol, isolated left-to-right inside Arabic text.
export function symbolNode(symbol, attrs = {}) { return el("bdi", { class: "symbol", dir: "ltr", ...attrs }, symbol); }

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

// A request with the access token, if one is kept; refused for want of one (401) or for a
// wrong one (403), it asks for the token and tries again, until the person cancels.
export async function authorizedFetch(path, init = {}) {
  const send = () => fetch(path, { ...init, headers: authorized(init.headers) });
  let res = await send();
  while (res.status === 401 || res.status === 403) {
    if (!(await askToken(res.status === 403))) return res;
    res = await send();
  }
  return res;
}

export async function api(path, { method = "GET", body } = {}) {
  // no-store: the API is live data, and /sets/<id> answers a page or JSON by Accept.
  const init = { method, cache: "no-store", headers: { Accept: "application/json" } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["Content-Type"] = "application/json";
  }
  const res = await authorizedFetch(path, init);
  const data = res.status === 204 ? {} : await res.json().catch(() => null);
  if (res.ok && data === null) throw new ApiError(res.status, `${path}: the server did not answer JSON`);
  if (!res.ok) {
    const detail = data && data.detail;
    const text = typeof detail === "string" ? detail
      : Array.isArray(detail) ? detail.map((d) => d.msg).join("; ") : res.statusText;
    throw new ApiError(res.status, text);
  }
  return data;
}

export function reportPath(symbol) { return "/reports/" + symbol.split("/").map(encodeURIComponent).join("/"); }

// A query's parameters, as the search and export endpoints and the page's address take them.
export function queryParams(q, lang) { return new URLSearchParams(lang ? { q, lang } : { q }); }

// Page addresses (hash routes); symbols keep their slashes.
export const href = {
  // `notes`: open with the paragraph's footnotes shown (a footnote found by a search);
  // `q`: the search it was found by, whose words the reader marks.
  read: (langs, number, symbol, { notes = false, q = "" } = {}) => {
    const params = new URLSearchParams();
    if (notes) params.set("notes", "");
    if (q) params.set("q", q);
    return `#/read/${[].concat(langs).join("+")}/${number}/${symbol}${params.size ? "?" + params : ""}`;
  },
  report: (symbol) => `#/report/${symbol}`,
  sets: () => "#/sets",
  set: (id) => `#/sets/${encodeURIComponent(id)}`,
  search: (q, lang) => "#/search?" + queryParams(q, lang),
};

const isArabic = (lang) => lang === "ar" || !lang;

// A recommendation's address after "para.": "115.3" (its label carries the paragraph number),
// else "111 (1)" / "9 (a)" (as corpus.recommendations.item_address).
export function itemAddress(number, label) {
  if (label.startsWith(`${number}.`)) return label;
  return label.startsWith("(") ? `${number} ${label}` : `${number} (${label})`;
}

// "الفقرة 9" / "para. 9", in `lang` (the page's language when not given).
export function paragraphLabel(number, lang = pageLang(), item = null) {
  if (number === null || number === undefined) return isArabic(lang) ? "نص غير مرقم" : "unnumbered text";
  const n = item ? itemAddress(number, item) : number;
  return isArabic(lang) ? `الفقرة ${n}` : `para. ${n}`;
}

// Tag filters (indexer.tags) by name, as the page words them.
const TAG_WORDS = { state: "tagState", position: "tagPosition", theme: "tagTheme", person: "tagPerson" };
export const TAG_NAMES = Object.keys(TAG_WORDS);
export function tagLabel(name) { return TAG_WORDS[name] ? t(TAG_WORDS[name]) : name; }

// `state:"France"`: the filter a tag value is searched with.
export function tagFilter(name, value) { return `${name}:"${value.replaceAll('"', "")}"`; }

// A run of paragraph numbers ("8–20"), isolated left-to-right so it never reads 20–8 in Arabic.
export function rangeNode(first, last) {
  return el("bdi", { dir: "ltr", class: "nums" }, first === last ? String(first) : `${first}–${last}`);
}

// "(الفقرات 2–8)" / "(paras. 2–8)": worded in the language of the text it stands in.
export function paragraphsLabel(first, last, lang) {
  const word = isArabic(lang) ? (first === last ? "الفقرة" : "الفقرات") : (first === last ? "para." : "paras.");
  return ["(", word, " ", rangeNode(first, last), ")"];
}

// A paragraph's number as UN documents print it: "9-" in Arabic, "9." in the other languages.
export function numberMark(number, lang) { return lang === "ar" ? `${number}-` : `${number}.`; }

// The separator between items of a list in that language.
export function listSeparator(lang) { return isArabic(lang) ? "، " : ", "; }

const EXCERPT_CHARS = 160;

// The start of a paragraph's text, on one line.
export function excerpt(text, chars = EXCERPT_CHARS) {
  const flat = (text || "").replace(/\s+/g, " ").trim();
  return flat.length > chars ? flat.slice(0, chars) + "…" : flat;
}

// The server's message (often English, with quotes and symbols) isolated so that bidi
// reordering in the page (Arabic right to left, English left to right) cannot scramble it.
// Worded in the page's language (messages.js); the server's own words stay in its title.
export function messageNode(text, attrs = {}) {
  const shown = worded(text);
  return el("bdi", { dir: "auto", ...(shown === text ? {} : { title: text, lang: pageLang() }), ...attrs }, shown);
}

function errorWording(err) {
  if (!(err instanceof ApiError)) return t("noServer");
  if (err.status === 401 || err.status === 403) return t("needToken");
  if (err.status === 404) return t("notFound");
  if (err.status === 400 || err.status === 422) return t("badRequest");
  if (err.status >= 500) return t("serverError");
  return t("error");
}

export function errorNode(err) {
  return el("p", { class: "error", role: "alert" }, errorWording(err), ": ", messageNode(String(err.message || err)));
}

function loadingNode() { return el("p", { class: "empty" }, t("loading")); }

const VIEWS = ["results", "reader", "report-page", "sets-page"];
let generation = 0;

// Shows one view of the page and hides the others. `render(...nodes)` (nulls left out) fills
// it only while no other route has been opened since, so a late answer for a view left behind
// is dropped; it answers whether it rendered. `current()` tells whether this view is still the one open.
export function openView(id) {
  const mine = ++generation;
  for (const v of VIEWS) document.getElementById(v).hidden = v !== id;
  const node = document.getElementById(id);
  node.replaceChildren(loadingNode());
  const render = (...nodes) => {
    if (mine !== generation) return false;
    node.replaceChildren(...nodes.filter((n) => n !== null && n !== undefined));
    return true;
  };
  return { node, render, current: () => mine === generation };
}
