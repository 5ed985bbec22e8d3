import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CategoryListPage } from "@/components/report-list-page";
import { CATEGORIES, isCategory } from "@/lib/content/categories";
import { paginate, parsePageParam, prebuiltPageNumbers, reportsInCategory } from "@/lib/content/report-listing";
import { getReports } from "@/lib/content/reports";
import { getT } from "@/lib/i18n/get-translator";
import { isLang, LANGUAGES } from "@/lib/i18n/languages";
import { categoryPath } from "@/lib/routes";
import { listMetadata } from "@/lib/seo/report-metadata";

/** The first pages are built; older ones render on first request and are cached until the next build. */
export const dynamicParams = true;

export function generateStaticParams() {
  return LANGUAGES.flatMap((lang) =>
    CATEGORIES.flatMap((category) => prebuiltPageNumbers(reportsInCategory(getReports(), category).length).map((page) => ({ lang, category, page: String(page) }))),
  );
}

async function resolve(params: PageProps<"/[lang]/categories/[category]/page/[page]">["params"]) {
  const { lang, category, page } = await params;
  const number = parsePageParam(page);
  // Page 1 is the category page itself: one URL per page.
  if (!isLang(lang) || !isCategory(category) || !number || number < 2) return undefined;
  const list = paginate(reportsInCategory(getReports(), category), number);
  return list ? { lang, category, list } : undefined;
}

export async function generateMetadata({ params }: PageProps<"/[lang]/categories/[category]/page/[page]">): Promise<Metadata> {
  const found = await resolve(params);
  if (!found) return {};
  const t = getT(found.lang);
  const name = t(`category.${found.category}`);
  return listMetadata(found.lang, t("list.pageTitle", { title: name, page: found.list.page }), t("categoryPage.description", { name }), (l) => categoryPath(l, found.category, found.list.page));
}

export default async function CategoryLaterPage({ params }: PageProps<"/[lang]/categories/[category]/page/[page]">) {
  const found = await resolve(params);
  if (!found) notFound();
  const { lang, category, list } = found;
  return <CategoryListPage lang={lang} category={category} list={list} />;
}
