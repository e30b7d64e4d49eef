// The backend's demo page: the same text walk, anchoring, highlighter and cards as the
// browser extension (imported from /ext/src/), fed by this server's /v1/analyze.
// All text goes into the page through textContent, never as HTML.

import { placeHeading } from "/ext/src/cards.js";
import { FlagView } from "/ext/src/flag-view.js";
import { GLYPHS, placeLabel } from "/ext/src/places.js";
import { KINDS, addKindCheckboxes } from "/ext/src/settings.js";
import { walkText } from "/ext/src/text-walk.js";

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const article = $("article");
const showAllBox = /** @type {HTMLInputElement} */ ($("showAll"));
/** @type {Record<string, {title?: string, check?: string}>|null} */
let noteTypes = null;
const view = new FlagView(document, {
  styleUrl: "/ext/styles/overlay.css",
  // The summary's own toggle: keep the sidebar's in step.
  onShowAll: (on, shown) => {
    showAllBox.checked = on;
    describe(shown);
  },
});
/** @type {any} */
let lastResult = null;
/** @type {any} */
let lastModel = null;

/** Put the pasted text into the article element: blank lines make paragraphs, lines <br>. */
function renderText(/** @type {string} */ text) {
  article.replaceChildren();
  for (const block of text.split(/\n[ \t]*\n/)) {
    if (!block.trim()) continue;
    const lines = block.split("\n");
    const heading = /^#{1,6}\s/.test(lines[0]) && lines.length === 1;
    const el = document.createElement(heading ? "h2" : "p");
    lines.forEach((line, i) => {
      if (i) el.appendChild(document.createElement("br"));
      el.appendChild(document.createTextNode(heading ? line.replace(/^#+\s*/, "") : line));
    });
    article.appendChild(el);
  }
}

function setStatus(/** @type {string} */ text, error = false) {
  $("status").textContent = text;
  $("status").className = error ? "error" : "";
}

/** JSON headers, with the API key when this server asks for one (kept in the page only). */
function headers() {
  const key = /** @type {HTMLInputElement} */ ($("apikey")).value.trim();
  return key ? { "Content-Type": "application/json", Authorization: `Bearer ${key}` } : { "Content-Type": "application/json" };
}

async function flag() {
  const raw = /** @type {HTMLTextAreaElement} */ ($("text")).value;
  if (!raw.trim()) return setStatus("Paste an article first (or pick a sample).", true);
  renderText(raw);
  const title = /** @type {HTMLInputElement} */ ($("title")).value.trim();
  $("headline").textContent = title;
  $("headline").hidden = !title;
  const model = walkText(article);
  const published = /** @type {HTMLInputElement} */ ($("published")).value || undefined;
  setStatus("Analysing…");
  $("flag").setAttribute("disabled", "");
  try {
    const res = await fetch("/v1/analyze", {
      method: "POST",
      headers: headers(),
      body: JSON.stringify({ text: model.text, offsets: "utf16", published, title: title || undefined }),
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new Error((body && body.error && body.error.message) || `HTTP ${res.status}`);
    lastResult = body;
    lastModel = model;
    show();
  } catch (err) {
    view.clear();
    setStatus(`The analysis failed: ${err instanceof Error ? err.message : err}`, true);
  } finally {
    $("flag").removeAttribute("disabled");
  }
}

/** (Re)draw the flags of the last result with the kinds and the "show all" choice. */
function show() {
  if (!lastResult || !lastModel) return;
  const kinds = [...document.querySelectorAll('input[name="kind"]:checked')].map((i) => /** @type {HTMLInputElement} */ (i).value);
  describe(view.show(lastModel, lastResult, { kinds, showAll: showAllBox.checked }));
}

/**
 * The sidebar: the status line and every place, warnings first (the same list as the
 * in-page summary opens).
 * @param {import("/ext/src/flag-view.js").ShowResult} shown
 */
function describe(shown) {
  const when = lastResult.published ? `published ${lastResult.published} (${lastResult.published_source})` : "no publication date";
  const found = shown.total ? `${shown.highlighted} of ${shown.total} flags highlighted` : "nothing flagged";
  const lost = shown.orphaned ? ` · ${shown.orphaned} not placed` : "";
  setStatus(`${shown.summary} · ${found} · ${when} · ${lastResult.timing_ms} ms${lost}`);
  const list = $("flags");
  list.replaceChildren();
  for (const place of shown.places) {
    if (place.style === "other" && !shown.showAll) continue;
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.className = `s-${place.style}`;
    const glyph = place.style === "other" ? "" : `${GLYPHS[place.style]} `;
    b.textContent = `${glyph}${placeLabel(place, noteTypes, placeHeading(place))}: ${(shown.texts.get(place.id) || "").slice(0, 90)}`;
    b.addEventListener("click", () => view.jump(place.id));
    li.appendChild(b);
    list.appendChild(li);
  }
}

async function loadSamples() {
  try {
    const res = await fetch("/samples");
    const { samples } = await res.json();
    for (const s of samples) {
      const opt = document.createElement("option");
      opt.value = s.url;
      opt.textContent = s.title || s.name;
      $("sample").appendChild(opt);
    }
  } catch {
    /* no samples: pasting still works */
  }
}

/** The note table (titles and "what to check" for the cards). */
async function readNotes() {
  try {
    const { notes } = await (await fetch("/v1/notes")).json();
    noteTypes = Object.fromEntries(notes.map((/** @type {any} */ n) => [n.code, { title: n.title, check: n.check }]));
    view.setNoteTypes(noteTypes);
  } catch {
    /* cards then name notes by code */
  }
}

/** Ask the server what it offers: an API key field when it needs keys, feedback buttons. */
async function readHealth() {
  try {
    const health = await (await fetch("/v1/health")).json();
    if (health.auth === "api_key") $("key-row").hidden = false;
    if (!Array.isArray(health.features) || !health.features.includes("feedback")) return;
    view.setFeedback(async (span, verdict) => {
      const res = await fetch("/v1/feedback", {
        method: "POST",
        headers: headers(),
        body: JSON.stringify({ span_id: span.id, text_hash: lastResult && lastResult.text_hash, verdict }),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    });
  } catch {
    /* feedback is optional */
  }
}

const kindBox = document.querySelector(".kinds");
if (kindBox) addKindCheckboxes(kindBox, KINDS, show);
$("flag").addEventListener("click", flag);
showAllBox.addEventListener("change", show);
$("sample").addEventListener("change", async () => {
  const url = /** @type {HTMLSelectElement} */ ($("sample")).value;
  if (!url) return;
  const text = await (await fetch(url)).text();
  /** @type {HTMLTextAreaElement} */ ($("text")).value = text;
  flag();
});
loadSamples();
readHealth();
readNotes();
