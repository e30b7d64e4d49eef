// The toolbar popup: opening it flags the current tab (the click grants activeTab), then it
// shows the summary ("2 probably wrong · 5 to check"), the "show all claims" toggle (saved
// in the settings, so it is remembered), the page's own notes, and every place warnings
// first; a click jumps to it. Text only, no innerHTML.

import { GLYPHS } from "../src/places.js";

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** @type {number|undefined} */
let tabId;

async function currentTab() {
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab && tab.id;
}

/** @param {{force?: boolean, reuse?: boolean}} opts */
async function flag(opts) {
  setStatus("Flagging this page…");
  reset();
  if (tabId === undefined) tabId = await currentTab();
  if (tabId === undefined) return setStatus("No tab to flag.", true);
  const status = await chrome.runtime.sendMessage({ type: "claimflags:flag-tab", tabId, ...opts });
  show(status || { state: "error", message: "No answer from the extension." });
}

function reset() {
  for (const id of ["flags", "pageNotes", "context"]) $(id).replaceChildren();
  $("toggle").hidden = true;
  $("keys").hidden = true;
}

/** @param {string} text @param {boolean} [error] */
function setStatus(text, error = false) {
  $("status").textContent = text;
  $("status").className = error ? "error" : "";
}

/**
 * @param {string} tag @param {string} [className] @param {string} [text]
 */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** @param {any} status */
function show(status) {
  reset();
  $("actions").hidden = false;
  $("force").hidden = status.code !== "not_article";
  if (status.state === "error") return setStatus(status.message || "Something went wrong.", true);
  if (status.state !== "done") return setStatus(status.message || "Not flagged.");
  const flags = Array.isArray(status.flags) ? status.flags : [];
  if (!status.total && !(status.documentNotes || []).length) {
    setStatus("All clear: nothing in this article was flagged.");
    return;
  }
  const orphaned = status.orphaned ? ` (${status.orphaned} could not be placed on the page)` : "";
  setStatus(`${status.summary}${orphaned}.`);
  $("toggle").hidden = false;
  $("keys").hidden = false;
  /** @type {HTMLInputElement} */ ($("showAll")).checked = Boolean(status.showAll);
  for (const line of status.context || []) $("context").appendChild(el("p", "context", line));
  for (const note of status.documentNotes || []) {
    const li = el("li", `note sev-${note.severity}`);
    const glyph = GLYPHS[/** @type {keyof GLYPHS} */ (note.severity)];
    li.append(el("strong", "", `${glyph ? `${glyph} ` : ""}${note.title}`), el("div", "message", note.message));
    $("pageNotes").appendChild(li);
  }
  const list = $("flags");
  for (const f of flags) {
    if (f.style === "other" && !status.showAll) continue;
    const li = el("li", `s-${f.style}`);
    const button = el("button");
    /** @type {HTMLButtonElement} */ (button).type = "button";
    const glyph = GLYPHS[/** @type {keyof GLYPHS} */ (f.style)];
    button.append(
      el("span", "label", `${f.style === "other" ? "" : `${glyph} `}${f.label}${f.headline ? " (headline)" : ""}`),
      el("span", "text", f.text),
    );
    button.addEventListener("click", () => chrome.tabs.sendMessage(/** @type {number} */ (tabId), { type: "claimflags:jump", id: f.id }));
    li.appendChild(button);
    list.appendChild(li);
  }
  if (!list.children.length) list.appendChild(el("li", "empty", "No caution or warning in this article."));
}

$("showAll").addEventListener("change", async () => {
  if (tabId === undefined) return;
  const on = /** @type {HTMLInputElement} */ ($("showAll")).checked;
  const status = await chrome.tabs.sendMessage(tabId, { type: "claimflags:show-all", on }).catch(() => null);
  if (status) show(status);
});
$("again").addEventListener("click", () => flag({}));
$("force").addEventListener("click", () => flag({ force: true }));
$("clear").addEventListener("click", async () => {
  if (tabId === undefined) return;
  await chrome.tabs.sendMessage(tabId, { type: "claimflags:clear" }).catch(() => {});
  await chrome.action.setBadgeText({ tabId, text: "" });
  reset();
  setStatus("Flags removed.");
});
$("options").addEventListener("click", (e) => {
  e.preventDefault();
  chrome.runtime.openOptionsPage();
});

flag({ reuse: true });
