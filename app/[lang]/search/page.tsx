import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getT } from "@/lib/i18n/get-translator";
import { isLang } from "@/lib/i18n/languages";
import { SEARCH_SLOT } from "@/lib/search/search-slot";

/**
 * The search page's shell, built once per language: header, an empty slot, footer.
 * The server entry (lib/server/search-page-handler.ts) answers every /{lang}/search
 * request by putting that query's results into the slot, so a search costs no
 * React render (issue 12: p99 under 50 ms at 10 concurrent readers).
 */
export const dynamic = "force-static";

export async function generateMetadata({ params }: PageProps<"/[lang]/search">): Promise<Metadata> {
  const { lang } = await params;
  if (!isLang(lang)) return {};
  return { title: getT(lang)("search.title"), robots: { index: false, follow: true } };
}

export default async function SearchPage({ params }: PageProps<"/[lang]/search">) {
  const { lang } = await params;
  if (!isLang(lang)) notFound();
  // React's hydration leaves an element's inner HTML alone: the results put here by the server stay.
  return <div {...SEARCH_SLOT.props} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: "" }} />;
}
