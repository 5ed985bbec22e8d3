import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { JsonLd } from "@/components/json-ld";
import { ReportListPage } from "@/components/report-list-page";
import { paginate } from "@/lib/content/report-listing";
import { getReports } from "@/lib/content/reports";
import { getT } from "@/lib/i18n/get-translator";
import { isLang } from "@/lib/i18n/languages";
import { homePagePath } from "@/lib/routes";
import { homeMetadata } from "@/lib/seo/report-metadata";
import { homeJsonLd } from "@/lib/seo/structured-data";

/** Only /zh and /en exist (the layout lists them); any other language is a 404 without rendering. */
export const dynamicParams = false;

export async function generateMetadata({ params }: PageProps<"/[lang]">): Promise<Metadata> {
  const { lang } = await params;
  return isLang(lang) ? homeMetadata(lang) : {};
}

/** The newest 20 reports; older ones are on /{lang}/page/2 and on. */
export default async function HomePage({ params }: PageProps<"/[lang]">) {
  const { lang } = await params;
  if (!isLang(lang)) notFound();
  const list = paginate(getReports(), 1)!;
  return (
    <>
      <JsonLd data={homeJsonLd(list.items, lang)} />
      <ReportListPage lang={lang} heading={getT(lang)("home.heading")} list={list} pathFor={(page) => homePagePath(lang, page)} />
    </>
  );
}
