// Words on the page: t(key, english) looks the key up in the catalogue of the chosen language
// and falls back to the English text written at the call site, so a view is readable before
// its translation exists. Catalogues are registered by extensions (src/i18n/): this module
// holds no language itself. The language follows the browser unless the reader picks one.
const catalogues = new Map(); // language -> {key: text}
const names = new Map([["en", "English"]]); // language -> its own name
const listeners = [];
let current = "en";

export function registerCatalogue(language, entries, ownName) {
  catalogues.set(language, { ...(catalogues.get(language) || {}), ...entries });
  if (ownName) names.set(language, ownName);
}

export function languages() {
  return [...names.entries()].map(([code, name]) => ({ code, name }));
}

export function language() {
  return current;
}

/** The text for `key` in the current language, `english` when it has none; {name} filled in. */
export function t(key, english, params = {}) {
  const text = catalogues.get(current)?.[key] ?? english;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

/** The best language the browser asks for among those with a catalogue (English otherwise). */
export function browserLanguage(wanted = navigator.languages || [navigator.language]) {
  for (const tag of wanted) {
    const base = String(tag).toLowerCase().split("-")[0];
    if (names.has(base)) return base;
  }
  return "en";
}

export function setLanguage(code) {
  current = names.has(code) ? code : "en";
  document.documentElement.lang = current;
  try { localStorage.setItem("landsea.language", current); } catch { /* private mode */ }
  translateStatic(document);
  for (const listener of listeners) listener(current);
}

export function savedLanguage() {
  try { return localStorage.getItem("landsea.language"); } catch { return null; }
}

/** Called with the new language whenever it changes (views re-render their words). */
export function onLanguage(listener) {
  listeners.push(listener);
}

/** Elements written in HTML carry data-i18n (text) or data-i18n-aria-label (label) keys. */
export function translateStatic(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.dataset.english ??= el.textContent;
    el.textContent = t(el.dataset.i18n, el.dataset.english);
  }
  for (const el of root.querySelectorAll("[data-i18n-aria-label]")) {
    el.dataset.englishLabel ??= el.getAttribute("aria-label") || "";
    el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel, el.dataset.englishLabel));
  }
}

const locale = () => (current === "zh" ? "zh-CN" : current);

/** A number for the reader's locale: `digits` after the point at most. */
export function num(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(value);
}

export function pct(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  return new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: digits }).format(value);
}

export function dateTime(value) {
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
}
