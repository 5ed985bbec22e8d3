import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ArchiveMonthView } from "@/components/archive-view";
import { archiveMonths, parseArchiveParams, PREBUILT_LIST_PAGES, reportsInMonth } from "@/lib/content/report-listing";
import { getReports } from "@/lib/content/reports";
import { formatMonth } from "@/lib/i18n/format-date";
import { getT } from "@/lib/i18n/get-translator";
import { isLang, LANGUAGES } from "@/lib/i18n/languages";
import { archivePath } from "@/lib/routes";
import { listMetadata } from "@/lib/seo/report-metadata";

/** The latest months are built; older ones render on first request and are cached until the next build. */
export const dynamicParams = true;

export function generateStaticParams() {
  const months = archiveMonths(getReports()).slice(0, PREBUILT_LIST_PAGES);
  return LANGUAGES.flatMap((lang) => months.map((m) => ({ lang, year: String(m.year), month: String(m.month).padStart(2, "0") })));
}

async function resolve(params: PageProps<"/[lang]/archive/[year]/[month]">["params"]) {
  const { lang, year, month } = await params;
  const when = parseArchiveParams(year, month);
  if (!isLang(lang) || !when) return undefined;
  const reports = reportsInMonth(getReports(), when.year, when.month);
  return reports.length > 0 ? { lang, ...when, reports } : undefined;
}

export async function generateMetadata({ params }: PageProps<"/[lang]/archive/[year]/[month]">): Promise<Metadata> {
  const found = await resolve(params);
  if (!found) return {};
  const t = getT(found.lang);
  const month = formatMonth(found.year, found.month, found.lang);
  return listMetadata(found.lang, t("archive.monthHeading", { month }), t("archive.description"), (l) => archivePath(l, found.year, found.month));
}

export default async function ArchiveMonthPage({ params }: PageProps<"/[lang]/archive/[year]/[month]">) {
  const found = await resolve(params);
  if (!found) notFound();
  return <ArchiveMonthView lang={found.lang} year={found.year} month={found.month} reports={found.reports} />;
}
