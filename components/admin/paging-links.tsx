import type { TFunction } from "i18next";
import styles from "./console.module.css";

/** Previous / next as plain links. */
export function PagingLinks({ t, page, hasMore, pathFor }: { t: TFunction; page: number; hasMore: boolean; pathFor: (page: number) => string }) {
  if (page <= 1 && !hasMore) return null;
  return (
    <nav className={styles.paging} aria-label={t("paging.label")}>
      {page > 1 ? (
        <a href={pathFor(page - 1)} rel="prev">
          {t("paging.previous")}
        </a>
      ) : null}
      <span>{t("queue.count", { page })}</span>
      {hasMore ? (
        <a href={pathFor(page + 1)} rel="next">
          {t("paging.next")}
        </a>
      ) : null}
    </nav>
  );
}

/** `?page=` as a whole number from 1 to 10,000 (anything else: 1). */
export function pageParam(value: string | undefined): number {
  return value && /^[1-9][0-9]{0,3}$/.test(value) ? Number(value) : 1;
}
