// Injected (as a classic script, after the vendored Readability) by the service worker when
// the reader flags a page. Content scripts cannot be ES modules, so this loads the real
// entry point with a dynamic import, once per page; the completion value is a promise, which
// scripting.executeScript waits for, so the message listener exists before it returns.
(() => {
  const g = /** @type {any} */ (globalThis);
  if (!g.__claimflagsModule) g.__claimflagsModule = import(chrome.runtime.getURL("src/content.js"));
  return g.__claimflagsModule.then(() => true);
})();
