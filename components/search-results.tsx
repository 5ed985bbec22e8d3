import type { SearchQuery } from "@/lib/search/search-query";
import { MAX_QUERY_CHARS } from "@/lib/search/search-query";
import { COUNT_LIMIT } from "@/lib/search/search-index";
import type { SearchResults } from "@/lib/search/site-search";
import { getT } from "@/lib/i18n/get-translator";
import { HTML_LANG, type Lang } from "@/lib/i18n/languages";
import { reportPath, sectionAnchor, searchPath } from "@/lib/routes";
import { Pagination } from "./pagination";
import { SearchForm } from "./search-form";

/** The search page: the query in a box, then its results or what to do instead. Everything here is text (React escapes it). */
export function SearchResultsView({ lang, query, results }: { lang: Lang; query: SearchQuery; results: SearchResults }) {
  const t = getT(lang);
  const shownTotal = results.total >= COUNT_LIMIT ? `${COUNT_LIMIT - 1}+` : results.total;
  return (
    <div className="search-page">
      <h1 className="home-heading">{t("search.heading")}</h1>
      <SearchForm lang={lang} query={query.text} />
      {query.truncated ? <p className="search-notice">{t("search.tooLong", { max: MAX_QUERY_CHARS })}</p> : null}
      {query.cleaned ? <p className="search-notice">{t("search.invalid")}</p> : null}
      {query.terms.length === 0 ? (
        <p className="search-status" role="status">
          {t("search.empty")}
        </p>
      ) : results.total === 0 ? (
        <p className="search-status" role="status">
          {t("search.noResults", { query: query.text })}
        </p>
      ) : (
        <>
          <p className="search-status" role="status">
            {t("search.resultsFor", { query: query.text, count: results.total, shown: shownTotal })}
          </p>
          <ol className="search-results">
            {results.results.map((result) => {
              const href = result.sectionId ? sectionAnchor(lang, result.slug, result.sectionId) : reportPath(lang, result.slug);
              const textLang = HTML_LANG[result.textLang];
              return (
                <li key={result.id} className="search-result">
                  <h2 className="search-result-title">
                    <a href={href} lang={textLang}>
                      {result.reportTitle}
                    </a>
                  </h2>
                  <p className="search-result-section">
                    {result.sectionTitle ? t("search.section", { title: result.sectionTitle }) : t("search.lede")}
                    {result.textLang !== lang ? <span className="badge">{t("search.chineseOnly")}</span> : null}
                  </p>
                  <p className="search-result-snippet" lang={textLang}>
                    {result.snippet.map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : part.text))}
                  </p>
                </li>
              );
            })}
          </ol>
          <Pagination lang={lang} list={{ page: results.page, pageCount: results.pageCount }} pathFor={(page) => `${searchPath(lang, query.text)}${page > 1 ? `&page=${page}` : ""}`} />
        </>
      )}
    </div>
  );
}
