import { parsePageParam } from "@/lib/content/report-listing";
import { isLang, LANGUAGES } from "@/lib/i18n/languages";
import { reportPath, sectionAnchor } from "@/lib/routes";
import { parseSearchQuery } from "./search-query";
import { MAX_RESULT_PAGES, searchSite } from "./site-search";

/** Longest URL query string read; longer ones are refused before anything is parsed. */
const MAX_QUERY_STRING = 4096;

const json = (status: number, body: unknown, cache = "no-store") =>
  Response.json(body, { status, headers: { "Cache-Control": cache, "X-Content-Type-Options": "nosniff" } });

/**
 * `GET /api/search?lang=zh|en&q=…&page=N`: the search page's results as JSON
 * (same query rules: first `q` only, cleaned, cut at 100 characters). A bad
 * `lang` or `page` is a 400 saying what to send; results change only with the
 * published content, so they may be cached for a few minutes.
 */
export function handleSearchRequest(request: Request): Response {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return json(400, { error: "the request URL cannot be read" });
  }
  if (url.search.length > MAX_QUERY_STRING) return json(414, { error: `the query string is longer than ${MAX_QUERY_STRING} characters` });
  const lang = url.searchParams.get("lang") ?? "";
  if (!isLang(lang)) return json(400, { error: `lang must be one of: ${LANGUAGES.join(", ")}` });
  const rawPage = url.searchParams.get("page");
  const page = rawPage === null ? 1 : parsePageParam(rawPage);
  if (page === undefined || page > MAX_RESULT_PAGES) return json(400, { error: `page must be a whole number from 1 to ${MAX_RESULT_PAGES}` });
  const query = parseSearchQuery(url.searchParams.getAll("q"));
  const found = searchSite(lang, query, page);
  return json(
    200,
    {
      query: query.text,
      truncated: query.truncated,
      cleaned: query.cleaned,
      total: found.total,
      page: found.page,
      pageCount: found.pageCount,
      results: found.results.map((result) => ({
        url: result.sectionId ? sectionAnchor(lang, result.slug, result.sectionId) : reportPath(lang, result.slug),
        reportTitle: result.reportTitle,
        sectionTitle: result.sectionTitle ?? null,
        textLang: result.textLang,
        snippet: result.snippet,
      })),
    },
    "public, max-age=300",
  );
}
