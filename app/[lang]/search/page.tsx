import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SearchResultsView } from "@/components/search-results";
import { parsePageParam } from "@/lib/content/report-listing";
import { getT } from "@/lib/i18n/get-translator";
import { isLang } from "@/lib/i18n/languages";
import { parseSearchQuery } from "@/lib/search/search-query";
import { MAX_RESULT_PAGES, searchSite } from "@/lib/search/site-search";

/** Rendered per request: the query is the reader's. */
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ lang: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { lang } = await params;
  if (!isLang(lang)) return {};
  return { title: getT(lang)("search.title"), robots: { index: false, follow: true } };
}

export default async function SearchPage({ params, searchParams }: Props) {
  const { lang } = await params;
  if (!isLang(lang)) notFound();
  const search = await searchParams;
  const query = parseSearchQuery(search.q);
  const rawPage = Array.isArray(search.page) ? search.page[0] : search.page;
  const page = Math.min(parsePageParam(rawPage ?? "1") ?? 1, MAX_RESULT_PAGES);
  return <SearchResultsView lang={lang} query={query} results={searchSite(lang, query, page)} />;
}
