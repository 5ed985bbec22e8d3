import type { ListPage } from "@/lib/content/report-listing";
import { getT } from "@/lib/i18n/get-translator";
import type { Lang } from "@/lib/i18n/languages";

/**
 * Previous / next and a few page numbers as plain links (no JavaScript), so
 * the page's HTML stays the same size however many pages there are.
 */
export function Pagination({ lang, list, pathFor }: { lang: Lang; list: Pick<ListPage<unknown>, "page" | "pageCount">; pathFor: (page: number) => string }) {
  const t = getT(lang);
  const { page, pageCount } = list;
  if (pageCount <= 1) return null;
  const numbers = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pageCount])].filter((n) => n >= 1 && n <= pageCount).sort((a, b) => a - b);
  return (
    <nav aria-label={t("list.pagination")} className="pagination">
      <p className="pagination-status">{t("list.pageOf", { page, count: pageCount })}</p>
      <ul>
        {page > 1 ? (
          <li>
            <a href={pathFor(page - 1)} rel="prev">
              {t("list.previous")}
            </a>
          </li>
        ) : null}
        {numbers.map((n, i) => (
          <li key={n} className={i > 0 && n - numbers[i - 1]! > 1 ? "pagination-gap" : undefined}>
            {n === page ? (
              <span aria-current="page">{n}</span>
            ) : (
              <a href={pathFor(n)} aria-label={t("list.page", { page: n })}>
                {n}
              </a>
            )}
          </li>
        ))}
        {page < pageCount ? (
          <li>
            <a href={pathFor(page + 1)} rel="next">
              {t("list.next")}
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
