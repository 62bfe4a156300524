// fiqra web page: search, results with highlighted snippets, reading a paragraph in its
// section. Plain DOM and fetch: the page must load offline, from the app alone.
"use strict";

const RTL = new Set(["ar"]);
const $ = (sel) => document.querySelector(sel);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined) node.setAttribute(k, v);
  }
  for (const c of children.flat()) node.append(c instanceof Node ? c : String(c));
  return node;
}

function dirOf(lang) { return RTL.has(lang) ? "rtl" : "ltr"; }

async function api(path) {
  const res = await fetch(path);
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.detail ? JSON.stringify(body.detail) : res.statusText);
  return body;
}

function reportPath(symbol) { return "/reports/" + symbol.split("/").map(encodeURIComponent).join("/"); }

// Snippets arrive as HTML whose only markup is <mark>; everything else is escaped server-side.
function snippetNode(html, lang) {
  const div = el("div", { class: "snippet", dir: dirOf(lang), lang });
  div.innerHTML = html;
  for (const node of div.querySelectorAll("*")) if (node.tagName !== "MARK") node.replaceWith(node.textContent);
  return div;
}

async function runSearch(q, lang) {
  const results = $("#results");
  $("#reader").hidden = true;
  results.hidden = false;
  results.replaceChildren(el("p", { class: "empty" }, "…"));
  const params = new URLSearchParams({ q, limit: "20" });
  if (lang) params.set("lang", lang);
  try {
    const data = await api("/search?" + params);
    const hits = data.hits.map((h) => el("article", {
      class: "hit", tabindex: "0", "data-symbol": h.symbol, "data-paragraph": h.paragraph, lang: h.lang,
      onclick: () => { location.hash = `#/read/${h.lang}/${h.paragraph}/${h.symbol}`; },
    },
      el("div", { class: "meta" },
        el("span", { class: "symbol", dir: "ltr" }, h.symbol),
        el("span", { class: "num" }, h.paragraph === null ? "نص غير مرقم" : `الفقرة ${h.paragraph}`),
        el("span", { class: "lang" }, h.lang)),
      el("div", { class: "section", dir: dirOf(h.lang) }, h.section.join(" › ")),
      snippetNode(h.snippet, h.lang)));
    results.replaceChildren(el("p", { class: "count" }, `${data.total} فقرة`), ...hits);
    if (!hits.length) results.append(el("p", { class: "empty" }, "لا توجد نتائج"));
  } catch (err) {
    results.replaceChildren(el("p", { class: "error" }, String(err.message)));
  }
}

function findPath(sections, number, trail = []) {
  for (const s of sections) {
    if (s.first !== null && s.first <= number && number <= s.last) {
      return findPath(s.children, number, [...trail, s]) || [...trail, s];
    }
  }
  return trail.length ? trail : null;
}

function paragraphNode(p, lang, target) {
  return el("div", { class: "para" + (p.number === target ? " target" : ""), id: `p${p.number}`,
                     dir: dirOf(lang), lang, "data-paragraph": p.number },
    el("span", { class: "num" }, `${p.number}-`),
    el("span", { class: "text" }, p.items.length ? p.text.split("\n")[0] : p.text),
    p.items.length ? el("ul", { class: "items" }, p.items.map((i) => el("li", {}, `${i.label} ${i.text}`))) : "");
}

async function openParagraph(lang, number, symbol) {
  const reader = $("#reader");
  $("#results").hidden = true;
  reader.hidden = false;
  reader.replaceChildren(el("p", { class: "empty" }, "…"));
  try {
    const report = await api(reportPath(symbol) + "?lang=" + encodeURIComponent(lang));
    const path = findPath(report.sections, number) || [];
    const section = path[path.length - 1];
    const lo = section ? section.first : Math.max(1, number - 2);
    const hi = section ? section.last : number + 2;
    const shown = report.paragraphs.filter((p) => p.number >= Math.min(lo, number - 1) && p.number <= Math.max(hi, number + 1));
    reader.replaceChildren(
      el("div", { class: "toolbar" },
        el("a", { href: "#/", onclick: (e) => { e.preventDefault(); history.back(); } }, "→ رجوع إلى النتائج"),
        el("strong", { dir: "ltr" }, `${report.symbol}`),
        el("span", {}, `الفقرة ${number}`)),
      el("h2", { dir: dirOf(lang) }, report.title),
      el("p", { class: "crumbs", dir: dirOf(lang) }, path.map((s) => `${s.label} ${s.title}`).join(" › ")),
      ...shown.map((p) => paragraphNode(p, lang, number)));
    const target = document.getElementById(`p${number}`);
    if (target) target.scrollIntoView({ block: "center" });
  } catch (err) {
    reader.replaceChildren(el("p", { class: "error" }, String(err.message)));
  }
}

function route() {
  const hash = location.hash.slice(1);
  let m;
  if ((m = hash.match(/^\/read\/([a-z]{2})\/(\d+)\/(.+)$/))) return openParagraph(m[1], Number(m[2]), decodeURIComponent(m[3]));
  if ((m = hash.match(/^\/search\?(.*)$/))) {
    const params = new URLSearchParams(m[1]);
    $("#q").value = params.get("q") || "";
    $("#lang").value = params.get("lang") || "";
    return runSearch(params.get("q") || "", params.get("lang") || "");
  }
  $("#reader").hidden = true;
  $("#results").hidden = false;
}

$("#search-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const q = $("#q").value.trim();
  if (!q) return;
  const params = new URLSearchParams({ q });
  if ($("#lang").value) params.set("lang", $("#lang").value);
  location.hash = "#/search?" + params;
});
window.addEventListener("hashchange", route);
route();
