import { getT } from "@/lib/i18n/get-translator";
import { HTML_LANG, type Lang } from "@/lib/i18n/languages";
import { reportPath, searchPath, sectionAnchor } from "@/lib/routes";
import { COUNT_LIMIT } from "./search-index";
import { MAX_QUERY_CHARS, type SearchQuery } from "./search-query";
import type { SearchResults } from "./site-search";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };

/** Text or an attribute value as HTML: every character that could end either is escaped. */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * A translation with its values left as holes (string parts and value
 * indexes), made by i18next once and filled per request: calling i18next for
 * every result and page link was the larger part of the page's own cost.
 */
type Template = (string | number)[];

/** Stand-ins for values while i18next fills a text: control characters, which no translation holds. */
const HOLES = ["\u0001", "\u0002"];

function compile(text: string, values: number): Template {
  const parts: Template = [];
  for (const part of text.split(/([\u0001\u0002])/)) {
    const hole = HOLES.indexOf(part);
    if (hole >= 0 && hole < values) parts.push(hole);
    else if (part) parts.push(part);
  }
  return parts;
}

/** The filled text, escaped. */
const fill = (template: Template, values: readonly (string | number)[]) => template.map((part) => escapeHtml(typeof part === "number" ? values[part]! : part)).join("");

const TEMPLATES = new Map<string, Template>();

/**
 * `key` in `lang` with `names` as holes (in that order); `count`, when given,
 * picks the plural form as i18next does and is kept per plural category.
 */
function template(lang: Lang, key: string, names: readonly string[], count?: number): Template {
  const plural = count === undefined ? "" : PLURALS[lang].select(count);
  const cacheKey = `${lang}\0${key}\0${plural}`;
  let found = TEMPLATES.get(cacheKey);
  if (!found) {
    const options: Record<string, string | number> = Object.fromEntries(names.map((name, i) => [name, HOLES[i]!]));
    if (count !== undefined) options.count = count;
    found = compile(getT(lang)(key, options), names.length);
    TEMPLATES.set(cacheKey, found);
  }
  return found;
}

const PLURALS: Record<Lang, Intl.PluralRules> = { zh: new Intl.PluralRules("zh"), en: new Intl.PluralRules("en") };

/** The page's fixed words in one language, escaped. */
interface SearchWords {
  heading: string;
  label: string;
  placeholder: string;
  submit: string;
  tooLong: string;
  invalid: string;
  empty: string;
  lede: string;
  chineseOnly: string;
  pagination: string;
  previous: string;
  next: string;
}

const WORDS = new Map<Lang, SearchWords>();

function wordsFor(lang: Lang): SearchWords {
  let words = WORDS.get(lang);
  if (!words) {
    const t = getT(lang);
    const text = (key: string) => escapeHtml(t(key));
    words = {
      heading: text("search.heading"),
      label: text("search.label"),
      placeholder: text("search.placeholder"),
      submit: text("search.submit"),
      tooLong: escapeHtml(t("search.tooLong", { max: MAX_QUERY_CHARS })),
      invalid: text("search.invalid"),
      empty: text("search.empty"),
      lede: text("search.lede"),
      chineseOnly: text("search.chineseOnly"),
      pagination: text("list.pagination"),
      previous: text("list.previous"),
      next: text("list.next"),
    };
    WORDS.set(lang, words);
  }
  return words;
}

/** Page numbers offered around the current one: first, two either side, last (as components/pagination.tsx). */
function pageNumbers(page: number, pageCount: number): number[] {
  return [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pageCount])].filter((n) => n >= 1 && n <= pageCount).sort((a, b) => a - b);
}

function paginationHtml(lang: Lang, page: number, pageCount: number, pathFor: (page: number) => string): string {
  if (pageCount <= 1) return "";
  const words = wordsFor(lang);
  const numbers = pageNumbers(page, pageCount);
  const items: string[] = [];
  if (page > 1) items.push(`<li><a href="${escapeHtml(pathFor(page - 1))}" rel="prev">${words.previous}</a></li>`);
  numbers.forEach((n, i) => {
    const gap = i > 0 && n - numbers[i - 1]! > 1 ? ` class="pagination-gap"` : "";
    const inner = n === page ? `<span aria-current="page">${n}</span>` : `<a href="${escapeHtml(pathFor(n))}" aria-label="${fill(template(lang, "list.page", ["page"]), [n])}">${n}</a>`;
    items.push(`<li${gap}>${inner}</li>`);
  });
  if (page < pageCount) items.push(`<li><a href="${escapeHtml(pathFor(page + 1))}" rel="next">${words.next}</a></li>`);
  return `<nav aria-label="${words.pagination}" class="pagination"><p class="pagination-status">${fill(template(lang, "list.pageOf", ["page", "count"]), [page, pageCount])}</p><ul>${items.join("")}</ul></nav>`;
}

/**
 * The search page's own content (heading, the box holding the query, notices,
 * results, pages) as HTML, for the slot of the page's prebuilt shell
 * (lib/server/search-page-handler.ts). A plain function rather than a React
 * render, because this is the part rendered per request and the page must stay
 * fast under load. Everything from the query or the reports is text: escaped
 * here, one place, and no script or event attribute is ever written.
 */
export function searchPageHtml(lang: Lang, query: SearchQuery, results: SearchResults): string {
  const words = wordsFor(lang);
  const out: string[] = [`<h1 class="home-heading">${words.heading}</h1>`];
  // The page's box is a plain form (the header's form is the search landmark), holding the query.
  out.push(
    `<form action="${escapeHtml(searchPath(lang))}" method="get" class="search-form search-form-page">` +
      `<label for="search-page-q" class="visually-hidden">${words.label}</label>` +
      `<input id="search-page-q" type="search" name="q" value="${escapeHtml(query.text)}" placeholder="${words.placeholder}" maxlength="${MAX_QUERY_CHARS}" autocomplete="off" enterkeyhint="search"/>` +
      `<button type="submit">${words.submit}</button></form>`,
  );
  if (query.truncated) out.push(`<p class="search-notice">${words.tooLong}</p>`);
  if (query.cleaned) out.push(`<p class="search-notice">${words.invalid}</p>`);
  const status = (html: string) => `<p class="search-status" role="status">${html}</p>`;
  if (query.terms.length === 0) {
    out.push(status(words.empty));
  } else if (results.total === 0) {
    out.push(status(fill(template(lang, "search.noResults", ["query"]), [query.text])));
  } else {
    const shown = results.total >= COUNT_LIMIT ? `${COUNT_LIMIT - 1}+` : results.total;
    out.push(status(fill(template(lang, "search.resultsFor", ["query", "shown"], results.total), [query.text, shown])));
    out.push(`<ol class="search-results">`);
    for (const result of results.results) {
      const href = result.sectionId ? sectionAnchor(lang, result.slug, result.sectionId) : reportPath(lang, result.slug);
      const textLang = escapeHtml(HTML_LANG[result.textLang]);
      const section = result.sectionTitle ? fill(template(lang, "search.section", ["title"]), [result.sectionTitle]) : words.lede;
      const badge = result.textLang !== lang ? `<span class="badge">${words.chineseOnly}</span>` : "";
      const snippet = result.snippet.map((part) => (part.match ? `<mark>${escapeHtml(part.text)}</mark>` : escapeHtml(part.text))).join("");
      out.push(
        `<li class="search-result"><h2 class="search-result-title"><a href="${escapeHtml(href)}" lang="${textLang}">${escapeHtml(result.reportTitle)}</a></h2>` +
          `<p class="search-result-section">${section}${badge}</p>` +
          `<p class="search-result-snippet" lang="${textLang}">${snippet}</p></li>`,
      );
    }
    out.push(`</ol>`);
    out.push(paginationHtml(lang, results.page, results.pageCount, (page) => `${searchPath(lang, query.text)}${page > 1 ? `&page=${page}` : ""}`));
  }
  return out.join("");
}
