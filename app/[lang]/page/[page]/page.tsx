import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ReportListPage } from "@/components/report-list-page";
import { paginate, parsePageParam, prebuiltPageNumbers } from "@/lib/content/report-listing";
import { getReports } from "@/lib/content/reports";
import { getT } from "@/lib/i18n/get-translator";
import { isLang, LANGUAGES } from "@/lib/i18n/languages";
import { homePagePath } from "@/lib/routes";
import { listMetadata } from "@/lib/seo/report-metadata";

/** The first pages are built; older ones render on first request and are cached until the next build. */
export const dynamicParams = true;

export function generateStaticParams() {
  const pages = prebuiltPageNumbers(getReports().length);
  return LANGUAGES.flatMap((lang) => pages.map((page) => ({ lang, page: String(page) })));
}

async function resolve(params: PageProps<"/[lang]/page/[page]">["params"]) {
  const { lang, page } = await params;
  const number = parsePageParam(page);
  // Page 1 is the home page itself: one URL per page.
  const list = isLang(lang) && number && number > 1 ? paginate(getReports(), number) : undefined;
  return isLang(lang) && list ? { lang, list } : undefined;
}

export async function generateMetadata({ params }: PageProps<"/[lang]/page/[page]">): Promise<Metadata> {
  const found = await resolve(params);
  if (!found) return {};
  const t = getT(found.lang);
  return listMetadata(found.lang, t("list.pageTitle", { title: t("home.heading"), page: found.list.page }), t("home.description"), (l) => homePagePath(l, found.list.page));
}

export default async function HomeListPage({ params }: PageProps<"/[lang]/page/[page]">) {
  const found = await resolve(params);
  if (!found) notFound();
  const { lang, list } = found;
  return <ReportListPage lang={lang} heading={getT(lang)("home.heading")} list={list} pathFor={(page) => homePagePath(lang, page)} />;
}
