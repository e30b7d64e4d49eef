// Debian's firefox-esr driven over WebDriver BiDi (puppeteer-core, no browser download), for
// the Firefox tests in pytest (tests/browser/firefox_driver.py). One request per line on
// stdin, one answer per line on stdout:
//   {"id": 1, "cmd": "launch", "executable": "/usr/bin/firefox-esr", "extension": "/tmp/x", "uuid": "..."}
//   {"id": 1, "ok": true, "value": {...}}   or   {"id": 1, "ok": false, "error": "..."}
// Pages are numbers; the page "ext" is a tab showing the extension's options page, where
// the extension's own APIs (chrome.*) can be called as the popup calls them.
import readline from "node:readline";
import puppeteer from "puppeteer-core";

/** @type {import("puppeteer-core").Browser|null} */
let browser = null;
/** @type {Map<string, import("puppeteer-core").Page>} */
const pages = new Map();
let nextPage = 1;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** @param {string} key */
function page(key) {
  const p = pages.get(String(key));
  if (!p) throw new Error(`no page ${key}`);
  return p;
}

/** Run `source` (a function's source) with `args` in a page; promises are awaited. */
function evaluate(p, source, args = []) {
  return p.evaluate(`(${source})(...${JSON.stringify(args)})`);
}

/** Poll until `source` returns something truthy (returned), or fail after `timeout` ms. */
async function waitFor(p, source, args, timeout = 10000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await evaluate(p, source, args);
      if (last) return last;
    } catch (err) {
      last = String(err);
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${source} (last: ${JSON.stringify(last)})`);
    await sleep(50);
  }
}

/** "Alt+Shift+KeyN" (modifiers, then a key as puppeteer names it). */
async function press(p, combo) {
  const parts = combo.split("+");
  const key = parts.pop();
  for (const m of parts) await p.keyboard.down(m);
  await p.keyboard.press(key);
  for (const m of parts.reverse()) await p.keyboard.up(m);
}

const commands = {
  async launch({ executable, extension, uuid, addonId }) {
    browser = await puppeteer.launch({
      browser: "firefox",
      executablePath: executable,
      headless: true,
      // Lets the tests open the extension's own pages (moz-extension://) in a tab.
      args: ["--remote-allow-system-access"],
      defaultViewport: { width: 1280, height: 900 },
      extraPrefsFirefox: {
        // A fixed moz-extension:// address for the extension (random per profile otherwise).
        "extensions.webextensions.uuids": JSON.stringify({ [addonId]: uuid }),
        // A permission the extension asks for (permissions.request) is granted without the
        // prompt, as a reader would grant it: a prompt cannot be clicked headless.
        "extensions.webextOptionalPermissionPrompts": false,
      },
    });
    const id = await browser.installExtension(extension);
    const ext = await browser.newPage();
    // Puppeteer does not see this navigation finish (the tab moves to the extension's
    // process): start it, then wait until the page has the extension's APIs.
    ext.goto(`moz-extension://${uuid}/options/options.html`).catch(() => {});
    await waitFor(ext, "() => document.readyState === 'complete' && typeof chrome === 'object' && Boolean(chrome.runtime?.id)", [], 30000);
    pages.set("ext", ext);
    return { version: await browser.version(), extension: id };
  },
  async open({ url }) {
    const p = await browser.newPage();
    const key = String(nextPage++);
    pages.set(key, p);
    if (url) await p.goto(url, { waitUntil: "load" });
    return key;
  },
  async goto({ page: key, url }) {
    await page(key).goto(url, { waitUntil: "load" });
    return page(key).url();
  },
  async url({ page: key }) {
    return page(key).url();
  },
  async evaluate({ page: key, source, args }) {
    return evaluate(page(key), source, args);
  },
  async waitFor({ page: key, source, args, timeout }) {
    return waitFor(page(key), source, args, timeout);
  },
  async click({ page: key, selector }) {
    await page(key).click(selector);
    return true;
  },
  async press({ page: key, keys }) {
    for (const combo of keys) await press(page(key), combo);
    return true;
  },
  async viewport({ page: key, width, height }) {
    await page(key).setViewport({ width, height });
    return true;
  },
  async screenshot({ page: key, path }) {
    await page(key).screenshot({ path });
    return path;
  },
  async close({ page: key }) {
    await page(key).close();
    pages.delete(String(key));
    return true;
  },
  async quit() {
    if (browser) await browser.close();
process.exit(0); // stdin may still be open
    browser = null;
    return true;
  },
};

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  let msg = { id: null };
  let answer;
  try {
    msg = JSON.parse(line);
    const run = commands[msg.cmd];
    if (!run) throw new Error(`unknown command ${msg.cmd}`);
    answer = { id: msg.id, ok: true, value: (await run(msg)) ?? null };
  } catch (err) {
    answer = { id: msg.id, ok: false, error: String((err && err.stack) || err) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
  if (msg.cmd === "quit") break;
}
if (browser) await browser.close();
process.exit(0); // stdin may still be open
