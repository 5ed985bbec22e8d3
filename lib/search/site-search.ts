import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { contentCacheDir } from "@/lib/content/parse-cache";
import { contentVersion, getReport, getReports } from "@/lib/content/reports";
import { LANGUAGES, type Lang } from "@/lib/i18n/languages";
import { searchDocuments } from "./search-documents";
import { openSearchIndex, SEARCH_INDEX_FORMAT, searchIndexFormat, writeSearchIndex, type SearchHit, type SearchIndex } from "./search-index";
import type { SearchQuery } from "./search-query";
import { buildSnippetFrom, type SnippetPart } from "./snippet";

export const RESULTS_PER_PAGE = 20;
/** Result pages offered; past them the reader is asked for a more specific query. */
export const MAX_RESULT_PAGES = 10;

export interface SearchResult extends Omit<SearchHit, "text"> {
  snippet: SnippetPart[];
}

export interface SearchResults {
  results: SearchResult[];
  total: number;
  page: number;
  pageCount: number;
}

/** One open index per process, whichever bundle (the page, /api/search) asks first. */
const shared = ((globalThis as { [key: symbol]: { opened?: { version: string; index: SearchIndex } } })[Symbol.for("yangguang.search.index")] ??= {});

/** The index file for the published content: built when missing (at build time by scripts/build-search-index.ts), then opened. */
export function ensureSearchIndex(): { file: string; built: boolean } {
  const version = contentVersion();
  const folder = path.join(contentCacheDir() ?? path.join(os.tmpdir(), "yangguang-content-cache"), "search");
  // The version covers the texts and the tokenizer's source (see parse-cache), so a changed tokenizer rebuilds.
  const file = path.join(folder, `${version}.sqlite`);
  // A file of another format (copied in, or left by other code under the same name) is rebuilt, never read.
  if (fs.existsSync(file) && searchIndexFormat(file) === SEARCH_INDEX_FORMAT) return { file, built: false };
  const reports = getReports();
  writeSearchIndex(
    file,
    (function* () {
      // Each report is read once for both languages; ids still follow the reports newest first within each language.
      for (const summary of reports) {
        const report = getReport(summary.slug);
        if (report) for (const lang of LANGUAGES) yield { lang, documents: searchDocuments(report, lang) };
      }
    })(),
  );
  return { file, built: true };
}

export function searchIndex(): SearchIndex {
  const version = contentVersion();
  if (shared.opened?.version === version) return shared.opened.index;
  shared.opened?.index.close();
  shared.opened = { version, index: openSearchIndex(ensureSearchIndex().file) };
  return shared.opened.index;
}

/** Result pages kept per process: about 10 KB each, so at most about 5 MB. */
const RECENT_RESULTS = 500;
const recent = ((globalThis as { [key: symbol]: { version?: string; results: Map<string, SearchResults> } })[Symbol.for("yangguang.search.recent")] ??= { results: new Map() });

/**
 * Sections of published reports in `lang` containing every term of the query,
 * newest report first. The last RECENT_RESULTS answers are kept, keyed by
 * language, terms and page, until the content changes (the index changes only
 * with it): readers repeat queries (a shared link, the next page and back),
 * and a common word's count and snippets cost more than rendering them.
 */
export function searchSite(lang: Lang, query: SearchQuery, page = 1): SearchResults {
  if (query.terms.length === 0) return { results: [], total: 0, page: 1, pageCount: 0 };
  const version = contentVersion();
  if (recent.version !== version) {
    recent.results.clear();
    recent.version = version;
  }
  const key = `${lang}\0${page}\0${query.terms.map((t) => `${t.kind}:${t.term}`).join("\0")}`;
  const kept = recent.results.get(key);
  if (kept) {
    // Most recently used last: the first key is the one to drop.
    recent.results.delete(key);
    recent.results.set(key, kept);
    return kept;
  }
  const found = findResults(lang, query, page);
  recent.results.set(key, found);
  if (recent.results.size > RECENT_RESULTS) recent.results.delete(recent.results.keys().next().value!);
  return found;
}

function findResults(lang: Lang, query: SearchQuery, page: number): SearchResults {
  const offset = (page - 1) * RESULTS_PER_PAGE;
  const { hits, total } = searchIndex().search(
    lang,
    query.terms.map((t) => t.term),
    offset,
    RESULTS_PER_PAGE,
  );
  const pageCount = Math.min(MAX_RESULT_PAGES, Math.ceil(total / RESULTS_PER_PAGE));
  // A page past the last (an old link, a hand-edited URL): show the first.
  if (hits.length === 0 && total > 0 && page > 1) return findResults(lang, query, 1);
  return {
    total,
    page,
    pageCount,
    results: hits.map(({ text, ...hit }) => ({ ...hit, snippet: buildSnippetFrom(text, query.terms) })),
  };
}
