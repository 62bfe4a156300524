// An ordered list of paragraphs with move-up, move-down and remove buttons: the basket and a
// saved set are edited the same way.

import { dirOf, el, href, paragraphLabel } from "./dom.js";

const EXCERPT_CHARS = 160;

function excerpt(text) {
  const flat = (text || "").replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT_CHARS ? flat.slice(0, EXCERPT_CHARS) + "…" : flat;
}

// items: [{symbol, lang, paragraph, text, section?, missing?}]; onMove(index, to), onRemove(index).
export function itemList(items, { onMove, onRemove, className = "items" }) {
  return el("ol", { class: className }, items.map((item, i) => el("li", {
    class: "item" + (item.missing ? " missing" : ""),
    "data-symbol": item.symbol, "data-lang": item.lang, "data-paragraph": item.paragraph,
  },
    el("a", { href: href.read(item.lang, item.paragraph, item.symbol), class: "item-ref" },
      el("bdi", { dir: "ltr" }, item.symbol), ` (${item.lang})، `, paragraphLabel(item.paragraph, "ar")),
    item.missing ? el("strong", { class: "missing-flag" }, "لم تعد في المدونة") : null,
    el("div", { class: "item-text", dir: dirOf(item.lang), lang: item.lang }, excerpt(item.text)),
    el("div", { class: "item-tools" },
      el("button", { type: "button", class: "up", disabled: i === 0, "aria-label": "إلى الأعلى",
                     onclick: () => onMove(i, i - 1) }, "▲"),
      el("button", { type: "button", class: "down", disabled: i === items.length - 1, "aria-label": "إلى الأسفل",
                     onclick: () => onMove(i, i + 1) }, "▼"),
      el("button", { type: "button", class: "remove", "aria-label": "احذف",
                     onclick: () => onRemove(i) }, "✕")))));
}
