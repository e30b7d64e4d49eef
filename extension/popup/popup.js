// The toolbar popup: opening it flags the current tab (the click grants activeTab), then it
// lists every flag with counts by kind and jumps to one on click. Text only, no innerHTML.

import { KINDS, KIND_LABELS } from "../src/settings.js";

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
  $("flags").replaceChildren();
  $("counts").hidden = true;
  if (tabId === undefined) tabId = await currentTab();
  if (tabId === undefined) return setStatus("No tab to flag.", true);
  const status = await chrome.runtime.sendMessage({ type: "claimflags:flag-tab", tabId, ...opts });
  show(status || { state: "error", message: "No answer from the extension." });
}

/** @param {string} text @param {boolean} [error] */
function setStatus(text, error = false) {
  $("status").textContent = text;
  $("status").className = error ? "error" : "";
}

/** @param {any} status */
function show(status) {
  $("actions").hidden = false;
  $("force").hidden = status.code !== "not_article";
  if (status.state === "error") return setStatus(status.message || "Something went wrong.", true);
  if (status.state !== "done") return setStatus(status.message || "Not flagged.");
  const flags = Array.isArray(status.flags) ? status.flags : [];
  if (!flags.length) {
    setStatus("All clear: nothing in this article was flagged.");
    return;
  }
  const orphaned = status.orphaned ? ` (${status.orphaned} could not be placed on the page)` : "";
  setStatus(`${flags.length} flag${flags.length === 1 ? "" : "s"} on this page${orphaned}.`);
  const counts = $("counts");
  counts.replaceChildren();
  for (const kind of KINDS) {
    const li = document.createElement("li");
    li.className = `k-${kind}`;
    const n = (status.counts && status.counts[kind]) || 0;
    li.textContent = `${n} ${KIND_LABELS[kind][n === 1 ? 0 : 1].toLowerCase()}`;
    counts.appendChild(li);
  }
  counts.hidden = false;
  const list = $("flags");
  for (const f of flags) {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    const kind = document.createElement("span");
    kind.className = `kind k-${KINDS.includes(f.kind) ? f.kind : "other"}`;
    kind.textContent = (KIND_LABELS[/** @type {keyof KIND_LABELS} */ (f.kind)] || [f.kind])[0];
    const text = document.createElement("span");
    text.textContent = f.text;
    const meta = document.createElement("div");
    meta.className = "meta";
    meta.textContent = [f.type, f.notes ? `${f.notes} note${f.notes === 1 ? "" : "s"}` : "", f.severity || ""]
      .filter(Boolean)
      .join(" · ");
    button.append(kind, text, meta);
    button.addEventListener("click", () => chrome.tabs.sendMessage(/** @type {number} */ (tabId), { type: "claimflags:jump", id: f.id }));
    li.appendChild(button);
    list.appendChild(li);
  }
}

$("again").addEventListener("click", () => flag({}));
$("force").addEventListener("click", () => flag({ force: true }));
$("clear").addEventListener("click", async () => {
  if (tabId === undefined) return;
  await chrome.tabs.sendMessage(tabId, { type: "claimflags:clear" }).catch(() => {});
  await chrome.action.setBadgeText({ tabId, text: "" });
  $("flags").replaceChildren();
  $("counts").hidden = true;
  setStatus("Flags removed.");
});
$("options").addEventListener("click", (e) => {
  e.preventDefault();
  chrome.runtime.openOptionsPage();
});

flag({ reuse: true });
