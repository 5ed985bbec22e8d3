import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { StaticCommentsPage } from "@/components/comments/static-comments-page";
import { loadCommentsPage, parseCommentsPageQuery } from "@/lib/comments/comments-page-data";
import { getCommentsRuntime } from "@/lib/comments/comments-runtime";
import { readFlash } from "@/lib/comments/http/form-flash";
import { getReport, getReportInLanguage } from "@/lib/content/reports";
import { getT } from "@/lib/i18n/get-translator";
import { isLang } from "@/lib/i18n/languages";

/** Rendered per request from the database: the comments page that works without JavaScript. */
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ lang: string; slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { lang, slug } = await params;
  const report = isLang(lang) ? getReport(slug) : undefined;
  if (!report || !isLang(lang)) return {};
  const { meta } = getReportInLanguage(report, lang).content;
  // The article is the page to index; this one repeats its comments.
  return { title: getT(lang, "comments")("pageTitle", { title: meta.title }), robots: { index: false, follow: true } };
}

export default async function CommentsPage({ params, searchParams }: Props) {
  const { lang, slug } = await params;
  const report = isLang(lang) ? getReport(slug) : undefined;
  if (!report || !isLang(lang)) notFound();
  const query = parseCommentsPageQuery(await searchParams);
  const runtime = getCommentsRuntime();
  const data = await loadCommentsPage(runtime, slug, query);
  // A refused post comes back as a flash: error and draft in a cookie, shown only after the form's own redirect.
  const jar = await cookies();
  const flash = readFlash(runtime.keys, query.flashId, (name) => jar.get(name)?.value);
  const title = getReportInLanguage(report, lang).content.meta.title;
  return <StaticCommentsPage lang={lang} report={report} title={title} query={query} data={data} flash={flash} />;
}
