import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BilingualView } from "@/components/bilingual-view";
import { hasBilingualMode } from "@/lib/content/align-paragraphs";
import { prebuiltReports } from "@/lib/content/report-listing";
import { getReport, getReports } from "@/lib/content/reports";
import { getT } from "@/lib/i18n/get-translator";
import { isLang, LANGUAGES } from "@/lib/i18n/languages";
import { reportPath } from "@/lib/routes";

/** The newest reports are built; older ones render on first request and are cached until the next build. */
export const dynamicParams = true;

/** Only reports with an English text have a bilingual page; any other slug is a 404. */
export function generateStaticParams() {
  return prebuiltReports(getReports())
    .filter(hasBilingualMode)
    .flatMap((report) => LANGUAGES.map((lang) => ({ lang, slug: report.slug })));
}

async function resolve(params: PageProps<"/[lang]/reports/[slug]/bilingual">["params"]) {
  const { lang, slug } = await params;
  const report = isLang(lang) ? getReport(slug) : undefined;
  if (!isLang(lang) || !report || !hasBilingualMode(report)) return undefined;
  return { lang, report };
}

export async function generateMetadata({ params }: PageProps<"/[lang]/reports/[slug]/bilingual">): Promise<Metadata> {
  const found = await resolve(params);
  if (!found) return {};
  const { lang, report } = found;
  const { meta } = report.languages[lang];
  return {
    title: `${getT(lang)("language.bilingual")} · ${meta.title}`,
    description: meta.summary,
    // The same text as the article; search engines should list the article.
    alternates: { canonical: reportPath(lang, report.slug) },
  };
}

export default async function BilingualPage({ params }: PageProps<"/[lang]/reports/[slug]/bilingual">) {
  const found = await resolve(params);
  if (!found) notFound();
  return <BilingualView lang={found.lang} zh={found.report.languages.zh} en={found.report.languages.en} />;
}
