import { consoleActionPath, consolePath } from "@/lib/comments/moderation/console-paths";
import { REPORT_REASONS } from "@/lib/comments/comment-api-types";
import { formatCommentDate } from "@/lib/comments/relative-time";
import type { ConsolePageProps } from "./console-context";
import { ConsoleFormFields } from "./console-form-fields";
import styles from "./console.module.css";
import { pageParam, PagingLinks } from "./paging-links";

const REPORTED_PAGE_SIZE = 50;

/**
 * 被举报: comments with open reader reports, most recently reported first,
 * with their count and reasons, and whether the reports hid them. Actions:
 * dismiss the reports (a comment they hid is published again), hide, restore.
 */
export async function ReportedView({ lang, t, session, query, runtime, path }: ConsolePageProps) {
  const page = pageParam(query.page);
  const rows = await runtime.store.listReportedComments(REPORTED_PAGE_SIZE + 1, (page - 1) * REPORTED_PAGE_SIZE);
  const hasMore = rows.length > REPORTED_PAGE_SIZE;
  const here = (p: number) => consolePath(lang, path, { page: p > 1 ? p : undefined });
  return (
    <>
      <h1>{t("tabs.reported")}</h1>
      {rows.length === 0 ? (
        <p>{t("reported.empty")}</p>
      ) : (
        <ol className={styles.list}>
          {rows.slice(0, REPORTED_PAGE_SIZE).map(({ comment, openReports, reasons, hiddenByReports, lastReportedAt }) => (
            <li key={comment.id} className={styles.item} id={`reported-${comment.id}`}>
              <div>
                <p className={styles.meta}>
                  <span>#{comment.id}</span> · <bdi>{comment.nickname ?? "—"}</bdi> · {t("queue.inReport", { slug: comment.slug })} ·{" "}
                  <strong>{t("reported.count", { count: openReports })}</strong> ·{" "}
                  {REPORT_REASONS.filter((reason) => reasons[reason] > 0)
                    .map((reason) => `${t(`reported.reasons.${reason}`)} ${reasons[reason]}`)
                    .join(",")}{" "}
                  · {t("reported.last", { date: formatCommentDate(lastReportedAt, lang) })}
                  {hiddenByReports ? <span className={styles.badge}>{t("reported.autoHidden")}</span> : null}
                  {!hiddenByReports && comment.status === "hidden" ? <span className={styles.badge}>{t("tabs.hidden")}</span> : null}
                </p>
                <p className={styles.text} dir="auto">
                  {comment.text}
                </p>
                <form action={consoleActionPath("reports")} method="post" className={styles.rowActions}>
                  <ConsoleFormFields csrfToken={session.csrfToken} lang={lang} fields={{ id: comment.id }} returnTo={here(page)} />
                  {(["dismiss", "hide", "restore"] as const).map((action) => (
                    <button key={action} type="submit" name="action" value={action} aria-label={`${t(`reported.actions.${action}`)} #${comment.id}`}>
                      {t(`reported.actions.${action}`)}
                    </button>
                  ))}
                  <a href={consolePath(lang, "comment", { id: comment.id })}>{t("queue.details")}</a>
                </form>
              </div>
            </li>
          ))}
        </ol>
      )}
      <PagingLinks t={t} page={page} hasMore={hasMore} pathFor={here} />
    </>
  );
}
