// The basket: paragraphs gathered while searching and reading, kept in this browser
// (localStorage) until saved as a named set through the sets API.

import { api, el, errorNode, href } from "./dom.js";
import { t } from "./i18n.js";
import { itemList } from "./itemlist.js";

const KEY = "fiqra.basket";
// A paragraph, or one recommendation of it (`item`: its label, 115.3), is one entry.
const keyOf = (i) => `${i.symbol}|${i.lang}|${i.paragraph}|${i.item || ""}`;
// What the sets API takes as an entry's address.
export const address = ({ symbol, lang, paragraph, item }) => (item ? { symbol, lang, paragraph, item } : { symbol, lang, paragraph });

function load() {
  try {
    const items = JSON.parse(localStorage.getItem(KEY) || "[]");
    return Array.isArray(items) ? items : [];
  } catch {
    return [];
  }
}

function store(items) {
  localStorage.setItem(KEY, JSON.stringify(items));
  renderBasket();
  window.dispatchEvent(new Event(CHANGED));
}

// Fired on the window whenever the basket changes, so "+ السلة" buttons show their state.
export const CHANGED = "fiqra-basket";

export function inBasket(entry) { return load().some((i) => keyOf(i) === keyOf(entry)); }

// What a tap did, said where the finger is: a short message at the foot of the screen with a
// link to the basket (on a phone the basket is far below the results).
function announce(added, total) {
  let toast = document.getElementById("basket-toast");
  if (!toast) {
    toast = el("div", { id: "basket-toast", role: "status", "aria-live": "polite" });
    document.body.append(toast);
  }
  const said = added === 0 ? t("alreadyInBasket") : t("addedToBasket", added);
  toast.replaceChildren(said, " — ", el("a", { href: "#basket", onclick: (e) => { e.preventDefault(); document.getElementById("basket").scrollIntoView(); } },
    `${t("basket")} (${total})`));
  toast.classList.add("shown");
  clearTimeout(announce.timer);
  announce.timer = setTimeout(() => toast.classList.remove("shown"), 4000);
}

// "+ السلة" that shows at once what it did: "✓ في السلة" once the paragraph is in the basket.
export function basketButton(entry) {
  const button = el("button", { type: "button", class: "add-basket" });
  const show = () => {
    if (!button.isConnected && button.dataset.shown) { window.removeEventListener(CHANGED, show); return; }
    button.dataset.shown = "1";
    const added = inBasket(entry);
    button.textContent = added ? t("inBasket") : t("toBasket");
    button.classList.toggle("added", added);
    button.setAttribute("aria-pressed", String(added));
  };
  button.addEventListener("click", () => { addToBasket(entry); show(); });
  window.addEventListener(CHANGED, show);
  show();
  return button;
}

// Adds numbered paragraphs not yet in the basket; answers how many were new.
export function addToBasket(...entries) {
  const items = load();
  const have = new Set(items.map(keyOf));
  let added = 0;
  for (const e of entries.flat()) {
    if (e.paragraph === null || e.paragraph === undefined || have.has(keyOf(e))) continue;
    items.push({ symbol: e.symbol, lang: e.lang, paragraph: e.paragraph, item: e.item || null, text: e.text, section: e.section || [] });
    have.add(keyOf(e));
    added += 1;
  }
  store(items);
  announce(added, items.length);
  return added;
}

function move(i, to) {
  const items = load();
  if (to < 0 || to >= items.length) return;
  items.splice(to, 0, items.splice(i, 1)[0]);
  store(items);
}

function remove(i) {
  const items = load();
  items.splice(i, 1);
  store(items);
}

async function save(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const status = form.querySelector(".status");
  const items = load();
  const name = form.elements.name.value.trim();
  if (!items.length || !name) return;
  try {
    const created = await api("/sets", { method: "POST", body: {
      name, items: items.map(address) } });
    form.elements.name.value = "";
    store([]);
    location.hash = href.set(created.id);
  } catch (err) {
    status.replaceChildren(errorNode(err));
  }
}

// The basket's paragraphs added to a saved set, after its own; the basket is then emptied.
async function addToSet(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const status = form.querySelector(".status");
  const items = load();
  const id = form.elements.set.value;
  if (!items.length || !id) return;
  try {
    await api(`/sets/${encodeURIComponent(id)}/items`, { method: "POST", body: {
      items: items.map(address) } });
    store([]);
    location.hash = href.set(id);
  } catch (err) {
    status.replaceChildren(errorNode(err));
  }
}

// The saved sets to add to, listed once the basket has something to add.
async function fillSetChoice(select) {
  try {
    const sets = await api("/sets");
    select.replaceChildren(el("option", { value: "" }, t("chooseSet")),
      ...sets.map((s) => el("option", { value: s.id, dir: "auto" }, s.name)));
    select.closest("form").hidden = !sets.length;
  } catch {
    select.closest("form").hidden = true;  // no sets to offer (or none readable): only "save"
  }
}

export function renderBasket() {
  const box = document.getElementById("basket");
  const items = load();
  const typed = box.querySelector("#set-name")?.value || "";
  box.replaceChildren(...[
    el("h2", { id: "basket-title" }, `${t("basket")} `, el("span", { class: "count" }, String(items.length))),
    items.length
      ? itemList(items, { onMove: move, onRemove: remove })
      : el("p", { class: "empty" }, t("basketEmpty")),
    el("form", { class: "save-set", onsubmit: save },
      el("label", { for: "set-name" }, t("setName")),
      el("input", { id: "set-name", name: "name", required: true, maxlength: "200", dir: "auto", value: typed }),
      el("button", { type: "submit", disabled: !items.length }, t("saveSet")),
      el("div", { class: "status", "aria-live": "polite" })),
    items.length ? el("form", { class: "add-to-set", onsubmit: addToSet, hidden: true },
      el("label", { for: "add-to-set" }, t("orAddToSet")),
      el("select", { id: "add-to-set", name: "set", required: true }),
      el("button", { type: "submit" }, t("add")),
      el("div", { class: "status", "aria-live": "polite" })) : null,
    el("div", { class: "basket-tools" },
      el("a", { href: href.sets() }, t("savedSets")),
      items.length ? el("button", { type: "button", class: "clear", onclick: () => store([]) }, t("emptyBasket")) : null),
  ].filter(Boolean));  // no "add to a set" form while the basket is empty
  const choice = box.querySelector("#add-to-set");
  if (choice) fillSetChoice(choice);
}

window.addEventListener("storage", (e) => { if (e.key === KEY) renderBasket(); });
