import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ArticleView } from "@/components/article-view";
import { JsonLd } from "@/components/json-ld";
import { NoBilingualMode } from "@/components/no-bilingual-mode";
import { prebuiltReports } from "@/lib/content/report-listing";
import { getReport, getReportInLanguage, getReports } from "@/lib/content/reports";
import { isLang, LANGUAGES } from "@/lib/i18n/languages";
import { articleMetadata } from "@/lib/seo/report-metadata";
import { breadcrumbJsonLd, newsArticleJsonLd } from "@/lib/seo/structured-data";

/** The newest reports are built; older ones render on first request and are cached until the next build. */
export const dynamicParams = true;

export function generateStaticParams() {
  return prebuiltReports(getReports()).flatMap((report) => LANGUAGES.map((lang) => ({ lang, slug: report.slug })));
}

export async function generateMetadata({ params }: PageProps<"/[lang]/reports/[slug]">): Promise<Metadata> {
  const { lang, slug } = await params;
  const report = isLang(lang) ? getReport(slug) : undefined;
  return report && isLang(lang) ? articleMetadata(report, lang) : {};
}

export default async function ArticlePage({ params }: PageProps<"/[lang]/reports/[slug]">) {
  const { lang, slug } = await params;
  const report = isLang(lang) ? getReport(slug) : undefined;
  if (!report || !isLang(lang)) notFound();
  const { content, isFallback } = getReportInLanguage(report, lang);
  return (
    <>
      <JsonLd data={[newsArticleJsonLd(report, lang), breadcrumbJsonLd(report, lang)]} />
      <NoBilingualMode report={report} />
      <ArticleView lang={lang} content={content} isFallback={isFallback} />
    </>
  );
}
