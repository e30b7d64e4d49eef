// Registered (scripting.registerContentScripts) for the sites the reader chose to flag
// automatically: load the content script and flag the page once it is idle.
(() => {
  const g = /** @type {any} */ (globalThis);
  if (!g.__claimflagsModule) g.__claimflagsModule = import(chrome.runtime.getURL("src/content.js"));
  g.__claimflagsModule.then((m) => m.autoFlag()).catch(() => {});
})();
