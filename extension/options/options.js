// The options page: backend address and key, "show all claims", kinds shown, minimum score, auto-flag sites
// (each asks for its optional host permission at the moment it is added), the shortcut.

import { addKindCheckboxes, loadSettings, normalizeBackendUrl, originPattern, saveSettings, siteOrigin } from "../src/settings.js";

const $ = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (document.getElementById(id));

/** @type {string[]} */
let sites = [];

async function init() {
  const s = await loadSettings();
  $("backendUrl").value = s.backendUrl;
  $("apiKey").value = s.apiKey;
  $("minScore").value = String(s.minScore);
  $("showAll").checked = s.showAll;
  addKindCheckboxes($("kinds"), s.kinds);
  sites = s.autoSites.slice();
  renderSites();
  const commands = await chrome.commands.getAll();
  const cmd = commands.find((c) => c.name === "flag-page");
  if (cmd && cmd.shortcut) $("shortcut").textContent = cmd.shortcut;
}

function renderSites() {
  const list = $("sites");
  list.replaceChildren();
  for (const origin of sites) {
    const li = document.createElement("li");
    li.textContent = `${origin} `;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = "Remove";
    remove.addEventListener("click", async () => {
      sites = sites.filter((o) => o !== origin);
      await chrome.permissions.remove({ origins: [originPattern(origin)] }).catch(() => false);
      await saveSettings({ autoSites: sites });
      await chrome.runtime.sendMessage({ type: "claimflags:sync-auto" });
      renderSites();
    });
    li.appendChild(remove);
    list.appendChild(li);
  }
}

/**
 * Ask for access to the backend's address (a permission already held is confirmed without a
 * prompt). Called before any other await in a click or submit handler: Firefox takes
 * permissions.request only while it handles the reader's input, not after an await.
 * @param {string} url
 */
function ensureBackendPermission(url) {
  return chrome.permissions.request({ origins: [originPattern(url)] }).catch(() => false);
}

$("addSite").addEventListener("click", async () => {
  const origin = siteOrigin($("newSite").value);
  if (!origin) return status("saved", "Type a site address such as https://news.example.com", true);
  const granted = await chrome.permissions.request({ origins: [originPattern(origin)] });
  if (!granted) return status("saved", `No permission for ${origin}: not added.`, true);
  if (!sites.includes(origin)) sites.push(origin);
  await saveSettings({ autoSites: sites });
  await chrome.runtime.sendMessage({ type: "claimflags:sync-auto" });
  $("newSite").value = "";
  renderSites();
  status("saved", `${origin} will be flagged automatically.`);
});

$("test").addEventListener("click", async () => {
  const url = normalizeBackendUrl($("backendUrl").value);
  if (!url) return status("testResult", "That is not an http(s) address.", true);
  if (!(await ensureBackendPermission(url))) return status("testResult", "No permission to reach that address.", true);
  const reply = await chrome.runtime.sendMessage({ type: "claimflags:check-backend", url });
  if (reply && reply.ok) status("testResult", `Connected: claimflags ${reply.health.version} (${reply.health.model}).`);
  else status("testResult", (reply && reply.error && reply.error.message) || "No answer.", true);
});

$("form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const url = normalizeBackendUrl($("backendUrl").value);
  if (!url) return status("saved", "The backend address must start with http:// or https://", true);
  if (!(await ensureBackendPermission(url))) return status("saved", "No permission to reach that backend address.", true);
  const kinds = [...document.querySelectorAll('input[name="kind"]:checked')].map((i) => /** @type {HTMLInputElement} */ (i).value);
  await saveSettings({
    backendUrl: url,
    apiKey: $("apiKey").value,
    kinds,
    minScore: Number($("minScore").value),
    showAll: $("showAll").checked,
  });
  status("saved", "Saved.");
});

/** @param {string} id @param {string} text @param {boolean} [error] */
function status(id, text, error = false) {
  $(id).textContent = text;
  $(id).className = error ? "error" : "";
}

init();
