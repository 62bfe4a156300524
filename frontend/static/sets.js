// Saved sets: the list of sets, one set's paragraphs in order (missing ones flagged), editing
// its order, renaming or deleting it, and the export downloads (CSV, XLSX, JSONL, Markdown, DOCX).

import { api, authorizedFetch, el, errorNode, href, openView } from "./dom.js";
import { address } from "./basket.js";
import { t } from "./i18n.js";
import { itemList } from "./itemlist.js";
import { storedToken } from "./token.js";

const FORMATS = [["csv", "CSV"], ["xlsx", "XLSX"], ["jsonl", "JSONL"], ["md", "Markdown"], ["docx", "DOCX"]];

// With an access token kept, a download goes through fetch (a link cannot send the token):
// the file arrives as a blob and is saved under the name the server gives.
async function download(event) {
  if (!storedToken()) return;
  event.preventDefault();
  const link = event.currentTarget;
  const res = await authorizedFetch(link.href);
  if (!res.ok) return;
  const name = /filename\*=UTF-8''([^;]+)/.exec(res.headers.get("Content-Disposition") || "");
  const url = URL.createObjectURL(await res.blob());
  const save = el("a", { href: url, download: name ? decodeURIComponent(name[1]) : "" });
  document.body.append(save);
  save.click();
  save.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// Download links for every export format: `base` ends where the format name goes.
export function exportLinks(base, label) {
  return el("nav", { class: "exports", "aria-label": label }, el("span", {}, label + ": "),
    FORMATS.map(([fmt, name]) => el("a", { href: base + fmt, download: "", class: "button export", "data-format": fmt, onclick: download }, name)));
}

const setPath = (id) => `/sets/${encodeURIComponent(id)}`;

export async function openSets() {
  const { node: page, render } = openView("sets-page");
  try {
    const sets = await api("/sets");
    render(el("h2", {}, t("savedSets")),
      sets.length
        ? el("ul", { class: "set-list" }, sets.map((s) => el("li", { "data-id": s.id },
          el("a", { href: href.set(s.id), dir: "auto" }, s.name), ` — ${t("paragraphCount", s.size)}`)))
        : el("p", { class: "empty" }, t("noSets")));
  } catch (err) {
    render(errorNode(err));
  }
}

export async function openSet(id) {
  const { node: page, render } = openView("sets-page");
  try {
    const set = await api(setPath(id));
    const change = async (path, body) => {
      try {
        await api(setPath(id) + path, { method: "POST", body });
        await openSet(id);
      } catch (err) {
        page.append(errorNode(err));
      }
    };
    const rename = async (e) => {
      e.preventDefault();
      const name = e.currentTarget.elements.name.value.trim();
      if (!name || name === set.name) return;
      try {
        await api(setPath(id), { method: "PATCH", body: { name } });
        await openSet(id);
      } catch (err) {
        e.target.append(errorNode(err));
      }
    };
    // Deleting asks once more, in the page: the first press turns the button into "confirm".
    const remove = async (e) => {
      const button = e.currentTarget;
      if (!button.classList.contains("confirm")) {
        button.classList.add("confirm");
        button.textContent = t("confirmDelete");
        return;
      }
      try {
        await api(setPath(id), { method: "DELETE" });
        location.hash = href.sets();
      } catch (err) {
        button.after(errorNode(err));
      }
    };
    const share = new URL(href.set(set.id), location.href).href;
    const missing = set.items.filter((i) => i.missing).length;
    render(
      el("div", { class: "toolbar" }, el("a", { href: href.sets() }, t("allSets"))),
      el("h2", { dir: "auto" }, set.name),
      el("form", { class: "set-tools", onsubmit: rename },
        el("label", { for: "rename-set" }, t("newName")),
        el("input", { id: "rename-set", name: "name", required: true, maxlength: "200", dir: "auto", value: set.name }),
        el("button", { type: "submit", class: "rename" }, t("rename")),
        el("button", { type: "button", class: "delete-set", onclick: remove }, t("deleteSet"))),
      el("p", {}, t("paragraphCount", set.size), missing ? el("strong", { class: "missing-flag" }, t("goneCount", missing)) : null),
      el("p", { class: "share" }, t("shareLink"), el("a", { href: share, dir: "ltr", class: "share-link" }, share)),
      exportLinks(`${setPath(set.id)}/export?format=`, t("export")),
      itemList(set.items, {
        className: "items set-items",
        onMove: (i, to) => change("/items/move", { item: address(set.items[i]), to }),
        onRemove: (i) => change("/items/remove", { items: [address(set.items[i])] }),
      }));
  } catch (err) {
    render(errorNode(err));
  }
}
