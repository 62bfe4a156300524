// fiqra web page: the router. Each hash route opens one view; the basket stays beside them.
// Plain DOM and fetch (ES modules, no build step): the page loads offline, from the app alone.

import { renderBasket } from "./basket.js";
import { $, href } from "./dom.js";
import { openHome } from "./home.js";
import { applyPageLang, pageLang, setPageLang } from "./i18n.js";
import { openReader } from "./reader.js";
import { openReport } from "./report.js";
import { runSearch, searchState } from "./search.js";
import { openSet, openSets } from "./sets.js";

const ROUTES = [
  [/^\/read\/([a-z]{2}(?:\+[a-z]{2})?)\/(\d+)\/([^?]+)(?:\?(.*))?$/, (m) => {
    const params = new URLSearchParams(m[4] || "");
    return openReader(m[1].split("+"), Number(m[2]), decodeURIComponent(m[3]),
      { notes: params.has("notes"), q: params.get("q") || "" });
  }],
  [/^\/report\/([^?]+)(?:\?lang=([a-z]{2}))?$/, (m) => openReport(decodeURIComponent(m[1]), m[2]), { clears: true }],
  [/^\/sets\/?$/, () => openSets(), { clears: true }],
  [/^\/sets\/([^/?]+)$/, (m) => openSet(decodeURIComponent(m[1])), { clears: true }],
  [/^\/search\?(.*)$/, (m) => {
    const state = searchState(new URLSearchParams(m[1]));
    $("#q").value = state.q;
    $("#lang").value = state.lang;
    return runSearch(state);
  }],
];

function route() {
  const hash = location.hash.slice(1);
  for (const [pattern, open, { clears } = {}] of ROUTES) {
    const m = hash.match(pattern);
    if (!m) continue;
    // A report or a set is no search: the box no longer shows the last query there.
    if (clears) $("#q").value = "";
    return open(m);
  }
  $("#q").value = "";
  return openHome();
}

$("#search-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const q = $("#q").value.trim();  // empty: the answer asks for a word
  location.hash = href.search(q, $("#lang").value);
});
// The page in the other language: its words, direction and open view drawn again.
$("#page-lang").addEventListener("click", () => {
  setPageLang(pageLang() === "ar" ? "en" : "ar");
  renderBasket();
  route();
});
window.addEventListener("hashchange", route);
applyPageLang();
renderBasket();
route();
