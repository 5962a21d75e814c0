// The page's texts for scripts, in the page's language. The layout carries the bundle's js.* texts
// as JSON in <meta name="page-texts"> (an attribute, as the pages have no inline script), so what a
// script adds to the page speaks the same language as the server.
const texts = (() => {
  const node = document.querySelector('meta[name="page-texts"]');
  try {
    return node ? JSON.parse(node.content) : {};
  } catch {
    return {};
  }
})();

export const lang = document.documentElement.lang || 'en';

/** Whether the page has the text `key` (without its plural suffix). */
export const has = (key) => key in texts || `${key}.other` in texts;
const plurals = new Intl.PluralRules(lang);

/**
 * The text `key` with {name} filled in from `params`. With a numeric `count`, the language's plural
 * form is chosen ("idea.support.one", "idea.support.other"); French counts 0 as singular, English not.
 */
export function t(key, params = {}) {
  let name = key;
  if (typeof params.count === 'number') {
    const form = `${key}.${plurals.select(params.count)}`;
    name = form in texts ? form : `${key}.other`;
  }
  const text = texts[name] ?? name;
  return text.replace(/\{(\w+)\}/g, (whole, p) => (p in params ? String(params[p]) : whole));
}
