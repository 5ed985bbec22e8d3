import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CategoryListPage } from "@/components/report-list-page";
import { CATEGORIES, isCategory } from "@/lib/content/categories";
import { paginate, reportsInCategory } from "@/lib/content/report-listing";
import { getReports } from "@/lib/content/reports";
import { getT } from "@/lib/i18n/get-translator";
import { isLang, LANGUAGES } from "@/lib/i18n/languages";
import { categoryPath } from "@/lib/routes";
import { listMetadata } from "@/lib/seo/report-metadata";

export const dynamicParams = false;

export function generateStaticParams() {
  return LANGUAGES.flatMap((lang) => CATEGORIES.map((category) => ({ lang, category })));
}

export async function generateMetadata({ params }: PageProps<"/[lang]/categories/[category]">): Promise<Metadata> {
  const { lang, category } = await params;
  if (!isLang(lang) || !isCategory(category)) return {};
  const t = getT(lang);
  const name = t(`category.${category}`);
  return listMetadata(lang, name, t("categoryPage.description", { name }), (l) => categoryPath(l, category));
}

/** 法治政府 and every other category: its newest 20 reports, then /page/2 and on. */
export default async function CategoryPage({ params }: PageProps<"/[lang]/categories/[category]">) {
  const { lang, category } = await params;
  if (!isLang(lang) || !isCategory(category)) notFound();
  const list = paginate(reportsInCategory(getReports(), category), 1)!;
  return <CategoryListPage lang={lang} category={category} list={list} />;
}
