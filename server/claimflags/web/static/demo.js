// The backend's demo page: the same text walk, anchoring, highlighter and cards as the
// browser extension (imported from /ext/src/), fed by this server's /v1/analyze.
// All text goes into the page through textContent, never as HTML.

import { FlagView, filterSpans } from "/ext/src/flag-view.js";
import { KINDS, KIND_LABELS, addKindCheckboxes } from "/ext/src/settings.js";
import { walkText } from "/ext/src/text-walk.js";

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const article = $("article");
const view = new FlagView(document, { styleUrl: "/ext/styles/overlay.css" });
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
  const model = walkText(article);
  const published = /** @type {HTMLInputElement} */ ($("published")).value || undefined;
  setStatus("Analysing…");
  $("flag").setAttribute("disabled", "");
  try {
    const res = await fetch("/v1/analyze", {
      method: "POST",
      headers: headers(),
      body: JSON.stringify({ text: model.text, offsets: "utf16", published }),
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

/** (Re)draw the flags of the last result with the kinds ticked. */
function show() {
  if (!lastResult || !lastModel) return;
  const kinds = [...document.querySelectorAll('input[name="kind"]:checked')].map((i) => /** @type {HTMLInputElement} */ (i).value);
  const shown = view.show(lastModel, filterSpans(lastResult.spans, { kinds }));
  const when = lastResult.published ? `published ${lastResult.published} (${lastResult.published_source})` : "no publication date";
  setStatus(
    shown.count
      ? `${shown.count} flags · ${when} · ${lastResult.timing_ms} ms${shown.orphaned ? ` · ${shown.orphaned} not placed` : ""}`
      : `All clear: nothing flagged · ${when}`,
  );
  const counts = $("counts");
  counts.replaceChildren(
    ...KINDS.map((k) => {
      const li = document.createElement("li");
      li.className = `k k-${k}`;
      li.textContent = `${shown.counts[k] || 0} ${KIND_LABELS[k][1].toLowerCase()}`;
      return li;
    }),
  );
  const list = $("flags");
  list.replaceChildren();
  for (const a of shown.anchors.slice().sort((x, y) => x.start - y.start)) {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.className = `k-${a.span.kind}`;
    b.textContent = `${KIND_LABELS[/** @type {keyof KIND_LABELS} */ (a.span.kind)][0]}: ${a.span.text.slice(0, 90)}`;
    b.addEventListener("click", () => view.jump(a.span.id));
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
$("sample").addEventListener("change", async () => {
  const url = /** @type {HTMLSelectElement} */ ($("sample")).value;
  if (!url) return;
  const text = await (await fetch(url)).text();
  /** @type {HTMLTextAreaElement} */ ($("text")).value = text;
  flag();
});
loadSamples();
readHealth();
