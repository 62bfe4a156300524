// An ordered list of paragraphs with move-up, move-down and remove buttons: the basket and a
// saved set are edited the same way.

import { dirOf, el, excerpt, href, listSeparator, paragraphLabel } from "./dom.js";
import { pageLang, t } from "./i18n.js";

// The control to focus once the list is drawn again after a move or removal, so that a
// keyboard user keeps their place: {list (its class), index, control (button class)}.
let pendingFocus = null;

function restoreFocus(ol, className) {
  if (!pendingFocus || pendingFocus.list !== className) return;
  const { index, control } = pendingFocus;
  pendingFocus = null;
  requestAnimationFrame(() => {
    const items = ol.querySelectorAll(":scope > .item");
    const item = items[Math.min(index, items.length - 1)];
    if (!item) return;
    const buttons = [...item.querySelectorAll(".item-tools button")];
    const same = buttons.find((b) => b.classList.contains(control) && !b.disabled);
    (same || buttons.find((b) => !b.disabled))?.focus();
  });
}

// items: [{symbol, lang, paragraph, item?, text, section?, missing?}] (item: a recommendation's label); onMove(index, to), onRemove(index).
export function itemList(items, { onMove, onRemove, className = "items" }) {
  const then = (index, control, action) => () => {
    pendingFocus = { list: className, index, control };
    action();
  };
  const ol = el("ol", { class: className }, items.map((item, i) => el("li", {
    class: "item" + (item.missing ? " missing" : ""),
    "data-symbol": item.symbol, "data-lang": item.lang, "data-paragraph": item.paragraph, "data-item": item.item || null,
  },
    el("a", { href: href.read(item.lang, item.paragraph, item.symbol), class: "item-ref" },
      el("bdi", { dir: "ltr" }, item.symbol), ` (${item.lang})${listSeparator(pageLang())}`, paragraphLabel(item.paragraph, pageLang(), item.item)),
    item.missing ? el("strong", { class: "missing-flag" }, t("gone")) : null,
    el("div", { class: "item-text", dir: dirOf(item.lang), lang: item.lang }, excerpt(item.text)),
    el("div", { class: "item-tools" },
      el("button", { type: "button", class: "up", disabled: i === 0, "aria-label": t("moveUp"),
                     onclick: then(i - 1, "up", () => onMove(i, i - 1)) }, "▲"),
      el("button", { type: "button", class: "down", disabled: i === items.length - 1, "aria-label": t("moveDown"),
                     onclick: then(i + 1, "down", () => onMove(i, i + 1)) }, "▼"),
      el("button", { type: "button", class: "remove", "aria-label": t("remove"),
                     onclick: then(i, "remove", () => onRemove(i)) }, "✕")))));
  restoreFocus(ol, className);
  return ol;
}
