import type { ListPage } from "@/lib/content/report-listing";
import type { ReportSummary } from "@/lib/content/report-types";
import { HYDRATE_ON_DEMAND } from "@/lib/hydrate-on-demand";
import { getT } from "@/lib/i18n/get-translator";
import type { Lang } from "@/lib/i18n/languages";
import { categoryPath } from "@/lib/routes";
import { BrowseNav } from "./browse-nav";
import { Pagination } from "./pagination";
import { ReportList } from "./report-list";

interface ReportListPageProps {
  lang: Lang;
  heading: string;
  list: ListPage<ReportSummary>;
  pathFor: (page: number) => string;
  /** The category shown, or "archive", marked as current in the browse links. */
  current?: string;
  empty?: string;
}

/** The home page, a category or a page of either: heading, browse links, 20 reports, page links. */
export function ReportListPage({ lang, heading, list, pathFor, current, empty }: ReportListPageProps) {
  return (
    <div className="home" {...HYDRATE_ON_DEMAND}>
      <h1 className="home-heading">{heading}</h1>
      <BrowseNav lang={lang} current={current} />
      <ReportList lang={lang} reports={list.items} empty={empty} />
      <Pagination lang={lang} list={list} pathFor={pathFor} />
    </div>
  );
}

/** A category's list page (first or later): its name as heading, its category marked in the browse links. */
export function CategoryListPage({ lang, category, list }: { lang: Lang; category: string; list: ListPage<ReportSummary> }) {
  const t = getT(lang);
  return (
    <ReportListPage
      lang={lang}
      heading={t("categoryPage.heading", { name: t(`category.${category}`) })}
      list={list}
      pathFor={(page) => categoryPath(lang, category, page)}
      current={category}
      empty={t("categoryPage.empty")}
    />
  );
}
