// Shared jsdom setup for the extension's unit tests (node --test).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { JSDOM } from "jsdom";

export const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const SRC = join(REPO, "extension", "src");

/**
 * A jsdom window whose globals (document, Range, NodeFilter...) the modules can use.
 * @param {string} html
 * @param {{url?: string, readability?: boolean}} [opts]
 */
export function dom(html, opts = {}) {
  const jsdom = new JSDOM(html, { url: opts.url || "https://news.example/story", runScripts: "outside-only", pretendToBeVisual: true });
  const { window } = jsdom;
  if (opts.readability) {
    for (const f of ["Readability-readerable.js", "Readability.js"]) {
      window.eval(readFileSync(join(REPO, "extension", "vendor", f), "utf8"));
    }
    globalThis.Readability = window.Readability;
    globalThis.isProbablyReaderable = window.isProbablyReaderable;
  } else {
    delete globalThis.Readability;
    delete globalThis.isProbablyReaderable;
  }
  return window;
}

/** Collapse whitespace like the text walk does. @param {string} s */
export const squash = (s) => s.replace(/\s+/g, " ").trim();
