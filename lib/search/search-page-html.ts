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

/** A text with one value put in, as before + value + after: i18next runs once per language, not once per result. */
interface Template {
  before: string;
  after: string;
}

/** The page's fixed words (escaped) and one-value texts in one language. */
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
  section: Template;
  pageLabel: Template;
}

const HOLE = "\u0000";

function template(lang: Lang, key: string, name: string): Template {
  const text = getT(lang)(key, { [name]: HOLE });
  const at = text.indexOf(HOLE);
  if (at < 0 || text.indexOf(HOLE, at + 1) >= 0) throw new Error(`${lang} ${key}: expected {{${name}}} once`);
  return { before: text.slice(0, at), after: text.slice(at + HOLE.length) };
}

const fill = (template: Template, value: string | number) => escapeHtml(template.before + value + template.after);

const WORDS = new Map<Lang, SearchWords>();

/** Built on first use and kept for the process: translating per result was most of a page's cost. */
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
      section: template(lang, "search.section", "title"),
      pageLabel: template(lang, "list.page", "page"),
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
    const inner = n === page ? `<span aria-current="page">${n}</span>` : `<a href="${escapeHtml(pathFor(n))}" aria-label="${fill(words.pageLabel, n)}">${n}</a>`;
    items.push(`<li${gap}>${inner}</li>`);
  });
  if (page < pageCount) items.push(`<li><a href="${escapeHtml(pathFor(page + 1))}" rel="next">${words.next}</a></li>`);
  return `<nav aria-label="${words.pagination}" class="pagination"><p class="pagination-status">${escapeHtml(getT(lang)("list.pageOf", { page, count: pageCount }))}</p><ul>${items.join("")}</ul></nav>`;
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
  const t = getT(lang);
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
    out.push(status(escapeHtml(t("search.noResults", { query: query.text }))));
  } else {
    const shown = results.total >= COUNT_LIMIT ? `${COUNT_LIMIT - 1}+` : results.total;
    out.push(status(escapeHtml(t("search.resultsFor", { query: query.text, count: results.total, shown }))));
    out.push(`<ol class="search-results">`);
    for (const result of results.results) {
      const href = result.sectionId ? sectionAnchor(lang, result.slug, result.sectionId) : reportPath(lang, result.slug);
      const textLang = escapeHtml(HTML_LANG[result.textLang]);
      const section = result.sectionTitle ? fill(words.section, result.sectionTitle) : words.lede;
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
