// The extension's settings: defaults, validation, and the one place that reads storage.
// Shared by the service worker, the content script, the popup and the options page, so
// every part agrees on names and defaults.

/** The flag kinds the backend produces, in the order the UI lists them. */
export const KINDS = /** @type {const} */ (["claim", "statistic", "attribution"]);

/** Human labels for the kinds (singular, plural). */
export const KIND_LABELS = {
  claim: ["Claim", "Claims"],
  statistic: ["Statistic", "Statistics"],
  attribution: ["Attribution", "Attributions"],
};

/**
 * Add one checkbox per kind (name "kind", value the kind) to `box`: the options page and the
 * demo page both let the reader choose the kinds shown.
 * @param {Element} box
 * @param {readonly string[]} checked kinds ticked at first
 * @param {(() => void)=} onChange
 */
export function addKindCheckboxes(box, checked, onChange) {
  for (const kind of KINDS) {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.name = "kind";
    input.value = kind;
    input.checked = checked.includes(kind);
    if (onChange) input.addEventListener("change", onChange);
    label.append(input, ` ${KIND_LABELS[kind][1]}`);
    box.appendChild(label);
  }
}

/**
 * @typedef {object} Settings
 * @property {string} backendUrl  origin (and optional path prefix) of the claimflags backend
 * @property {string} apiKey      sent as `Authorization: Bearer` when not empty
 * @property {string[]} kinds     kinds shown on pages
 * @property {number} minScore    claims scoring below this are not shown (0..1)
 * @property {boolean} showAll    highlight every claim, not only those with a caution or warning
 * @property {string[]} autoSites origins ("https://news.example") flagged automatically
 * @property {number} timeoutMs   per request to the backend
 */

/** @type {Settings} */
export const DEFAULTS = Object.freeze({
  backendUrl: "http://127.0.0.1:8731",
  apiKey: "",
  kinds: [...KINDS],
  minScore: 0,
  showAll: false,
  autoSites: [],
  timeoutMs: 20000,
});

/**
 * Fill in defaults and repair wrong types, so a corrupted storage entry never breaks a page.
 * @param {Partial<Settings>|undefined|null} raw
 * @returns {Settings}
 */
export function normalizeSettings(raw) {
  const s = /** @type {Record<string, any>} */ (raw && typeof raw === "object" ? raw : {});
  const kinds = Array.isArray(s.kinds) ? s.kinds.filter((k) => KINDS.includes(k)) : [...DEFAULTS.kinds];
  const score = Number(s.minScore);
  const timeout = Number(s.timeoutMs);
  return {
    backendUrl: normalizeBackendUrl(s.backendUrl) || DEFAULTS.backendUrl,
    apiKey: typeof s.apiKey === "string" ? s.apiKey.trim() : "",
    kinds,
    minScore: Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0,
    showAll: s.showAll === true,
    autoSites: Array.isArray(s.autoSites) ? s.autoSites.filter((o) => typeof o === "string" && siteOrigin(o) === o) : [],
    timeoutMs: Number.isFinite(timeout) && timeout >= 1000 ? Math.min(timeout, 120000) : DEFAULTS.timeoutMs,
  };
}

/**
 * "http://127.0.0.1:8731/" -> "http://127.0.0.1:8731"; anything that is not http(s) -> "".
 * @param {unknown} value
 */
export function normalizeBackendUrl(value) {
  if (typeof value !== "string") return "";
  try {
    const url = new URL(value.trim());
    if (url.protocol !== "http:" && url.protocol !== "https:") return "";
    return (url.origin + url.pathname).replace(/\/+$/, "");
  } catch {
    return "";
  }
}

/**
 * The origin of a site address typed by a person ("news.example.com" works too), or "".
 * @param {unknown} value
 */
export function siteOrigin(value) {
  if (typeof value !== "string" || !value.trim()) return "";
  let v = value.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) v = `https://${v}`;
  try {
    const url = new URL(v);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : "";
  } catch {
    return "";
  }
}

/**
 * A match pattern for a backend URL or site origin ("http://127.0.0.1:8731/*").
 * @param {string} url
 */
export function originPattern(url) {
  return `${new URL(url).origin}/*`;
}

/** Read the settings from extension storage. @returns {Promise<Settings>} */
export async function loadSettings() {
  const stored = await chrome.storage.local.get("settings");
  return normalizeSettings(stored.settings);
}

/**
 * Save (merged with the current settings) and return the normalized result.
 * @param {Partial<Settings>} patch
 * @returns {Promise<Settings>}
 */
export async function saveSettings(patch) {
  const current = await loadSettings();
  const next = normalizeSettings({ ...current, ...patch });
  await chrome.storage.local.set({ settings: next });
  return next;
}
