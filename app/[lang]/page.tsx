import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { JsonLd } from "@/components/json-ld";
import { ReportList } from "@/components/report-list";
import { getReports } from "@/lib/content/reports";
import { getT } from "@/lib/i18n/get-translator";
import { isLang } from "@/lib/i18n/languages";
import { homeMetadata } from "@/lib/seo/report-metadata";
import { homeJsonLd } from "@/lib/seo/structured-data";

export async function generateMetadata({ params }: PageProps<"/[lang]">): Promise<Metadata> {
  const { lang } = await params;
  return isLang(lang) ? homeMetadata(lang) : {};
}

export default async function HomePage({ params }: PageProps<"/[lang]">) {
  const { lang } = await params;
  if (!isLang(lang)) notFound();
  const t = getT(lang);
  const reports = getReports();
  return (
    <div className="home">
      <JsonLd data={homeJsonLd(reports, lang)} />
      <h1 className="home-heading">{t("home.heading")}</h1>
      <ReportList lang={lang} reports={reports} />
    </div>
  );
}
