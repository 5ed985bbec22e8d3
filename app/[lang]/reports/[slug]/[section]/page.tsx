import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { JsonLd } from "@/components/json-ld";
import { NoBilingualMode } from "@/components/no-bilingual-mode";
import { SectionView } from "@/components/section-view";
import { getReport, getReportInLanguage } from "@/lib/content/reports";
import { isLang, LANGUAGES } from "@/lib/i18n/languages";
import { articleMetadata } from "@/lib/seo/report-metadata";
import { breadcrumbJsonLd } from "@/lib/seo/structured-data";

/**
 * Section pages are what officials share, each opened far less than its
 * article: none is built with the site; each renders on its first request and
 * is cached until the next build.
 */
export const dynamicParams = true;

export function generateStaticParams() {
  return [];
}

async function resolve(params: PageProps<"/[lang]/reports/[slug]/[section]">["params"]) {
  const { lang, slug, section } = await params;
  const report = isLang(lang) ? getReport(slug) : undefined;
  if (!report || !isLang(lang) || !report.languages.zh.sections.some((s) => s.id === section)) return undefined;
  return { report, lang, sectionId: section };
}

export async function generateMetadata({ params }: PageProps<"/[lang]/reports/[slug]/[section]">): Promise<Metadata> {
  const found = await resolve(params);
  return found ? articleMetadata(found.report, found.lang, { sectionId: found.sectionId }) : {};
}

export default async function SectionPage({ params }: PageProps<"/[lang]/reports/[slug]/[section]">) {
  const found = await resolve(params);
  if (!found) notFound();
  const { content, isFallback } = getReportInLanguage(found.report, found.lang);
  return (
    <>
      <JsonLd data={breadcrumbJsonLd(found.report, found.lang)} />
      <NoBilingualMode report={found.report} />
      <SectionView lang={found.lang} content={content} isFallback={isFallback} sectionId={found.sectionId} />
    </>
  );
}
