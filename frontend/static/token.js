// The access token: asked for once, when the server first refuses a request for want of one
// (401, or 403 for a wrong one), kept in this browser (localStorage) and sent with every
// request after (Authorization: Bearer). Arabic first, English beside it.
const KEY = "fiqra-token";
let asking = null;

export function storedToken() { return localStorage.getItem(KEY) || ""; }

export function authorized(headers = {}) {
  const token = storedToken();
  return token ? { ...headers, Authorization: `Bearer ${token}` } : headers;
}

function node(tag, attrs = {}, ...children) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
  n.append(...children);
  return n;
}

// Resolves to the token typed (stored), or "" when the person cancels. Requests refused at
// the same time share one question.
export function askToken(wrong) {
  if (asking) return asking;
  const input = node("input", { type: "password", id: "token-input", dir: "ltr", autocomplete: "current-password", required: "" });
  const cancel = node("button", { type: "button", value: "" }, "إلغاء · Cancel");
  const dialog = node("dialog", { id: "token-dialog", dir: "rtl", lang: "ar", "aria-labelledby": "token-title" },
    node("form", { method: "dialog" },
      node("h2", { id: "token-title" }, "رمز الوصول"),
      node("p", {}, wrong ? "لم يُقبل الرمز. أدخل رمز الوصول الذي أعطاك إياه مسؤول الخادم."
        : "يطلب هذا الخادم رمز وصول. أدخل الرمز الذي أعطاك إياه مسؤول الخادم."),
      node("p", { lang: "en", dir: "ltr" }, wrong ? "The token was not accepted. Enter the access token your server administrator gave you."
        : "This server needs an access token. Enter the token your server administrator gave you."),
      node("label", { for: "token-input" }, "الرمز · Token "), input, " ",
      node("button", { type: "submit", value: "ok" }, "دخول · Sign in"), " ", cancel));
  document.body.append(dialog);
  asking = new Promise((resolve) => {
    cancel.addEventListener("click", () => dialog.close(""));
    dialog.addEventListener("close", () => {
      const token = dialog.returnValue === "ok" ? input.value.trim() : "";
      if (token) localStorage.setItem(KEY, token);
      dialog.remove();
      asking = null;
      resolve(token);
    });
  });
  dialog.showModal();
  input.focus();
  return asking;
}
