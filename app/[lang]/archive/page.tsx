import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ArchiveIndex } from "@/components/archive-view";
import { archiveMonths } from "@/lib/content/report-listing";
import { getReports } from "@/lib/content/reports";
import { getT } from "@/lib/i18n/get-translator";
import { isLang } from "@/lib/i18n/languages";
import { archivePath } from "@/lib/routes";
import { listMetadata } from "@/lib/seo/report-metadata";

/** Only /zh and /en exist (the layout lists them); any other language is a 404 without rendering. */
export const dynamicParams = false;

export async function generateMetadata({ params }: PageProps<"/[lang]/archive">): Promise<Metadata> {
  const { lang } = await params;
  if (!isLang(lang)) return {};
  const t = getT(lang);
  return listMetadata(lang, t("archive.title"), t("archive.description"), (l) => archivePath(l));
}

export default async function ArchivePage({ params }: PageProps<"/[lang]/archive">) {
  const { lang } = await params;
  if (!isLang(lang)) notFound();
  return <ArchiveIndex lang={lang} months={archiveMonths(getReports())} />;
}
