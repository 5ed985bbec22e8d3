import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ReportList } from "@/components/report-list";
import { getReports } from "@/lib/content/reports";
import { getT } from "@/lib/i18n/get-translator";
import { isLang } from "@/lib/i18n/languages";

export async function generateMetadata({ params }: PageProps<"/[lang]">): Promise<Metadata> {
  const { lang } = await params;
  if (!isLang(lang)) return {};
  return { title: getT(lang)("home.title") };
}

export default async function HomePage({ params }: PageProps<"/[lang]">) {
  const { lang } = await params;
  if (!isLang(lang)) notFound();
  const t = getT(lang);
  return (
    <div className="home">
      <h1 className="home-heading">{t("home.heading")}</h1>
      <ReportList lang={lang} reports={getReports()} />
    </div>
  );
}
