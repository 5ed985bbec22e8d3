import { consoleActionPath, consolePath } from "@/lib/comments/moderation/console-paths";
import { isSlugShaped } from "@/lib/comments/published-reports";
import type { CommentStatus } from "@/lib/comments/store/comment-store";
import type { ModerationAction } from "@/lib/comments/store/moderation-store";
import { formatCommentDate } from "@/lib/comments/relative-time";
import { getReports } from "@/lib/content/reports";
import type { ConsolePageProps } from "./console-context";
import { ConsoleFormFields } from "./console-form-fields";
import styles from "./console.module.css";
import { pageParam, PagingLinks } from "./paging-links";

export const QUEUE_PAGE_SIZE = 50;
/** Longest text search accepted. */
const MAX_SEARCH_CHARS = 100;
/**
 * Reports offered in the filter's list: the newest ones. The archive grows by
 * a report a day, and a list of every report would grow every queue page with
 * it; an older report is filtered from its comments' own links.
 */
export const QUEUE_REPORT_CHOICES = 50;

/** Which actions fit a queue (the store ignores any that do not fit a comment). */
const QUEUE_ACTIONS: Record<CommentStatus, ModerationAction[]> = {
  pending: ["approve", "hide", "delete"],
  published: ["hide", "delete"],
  hidden: ["restore", "delete"],
};

/**
 * One queue, newest first: filter by report and text, page through, and act
 * on one comment or on the ticked ones in one form (works without JavaScript).
 */
export async function QueueView({ lang, t, session, query, runtime, path, status }: ConsolePageProps & { status: CommentStatus }) {
  const slug = query.report && isSlugShaped(query.report) ? query.report : undefined;
  const search = (query.q ?? "").trim().slice(0, MAX_SEARCH_CHARS);
  const page = pageParam(query.page);
  const { comments, hasMore } = await runtime.store.listQueue({ status, slug, search: search || undefined, offset: (page - 1) * QUEUE_PAGE_SIZE, limit: QUEUE_PAGE_SIZE });
  const here = (p: number) => consolePath(lang, path, { report: slug, q: search, page: p > 1 ? p : undefined });
  const actions = QUEUE_ACTIONS[status];
  const reports = getReports().slice(0, QUEUE_REPORT_CHOICES).map((report) => report.slug);
  if (slug && !reports.includes(slug)) reports.push(slug);
  return (
    <>
      <h1>{t(`tabs.${status}`)}</h1>
      <form className={styles.filters} method="get" action={consolePath(lang, path)} aria-label={t("queue.filters")}>
        <div className={styles.field}>
          <label htmlFor="queue-report">{t("queue.report")}</label>
          <select id="queue-report" name="report" defaultValue={slug ?? ""}>
            <option value="">{t("queue.allReports")}</option>
            {reports.map((report) => (
              <option key={report} value={report}>
                {report}
              </option>
            ))}
          </select>
        </div>
        <div className={styles.field}>
          <label htmlFor="queue-search">{t("queue.search")}</label>
          <input id="queue-search" name="q" type="search" defaultValue={search} maxLength={MAX_SEARCH_CHARS} />
        </div>
        <button type="submit" className={`${styles.button} ${styles.secondary}`}>
          {t("queue.apply")}
        </button>
      </form>
      {comments.length === 0 ? (
        <p>{t("queue.empty")}</p>
      ) : (
        <form action={consoleActionPath("moderate")} method="post">
          <ConsoleFormFields csrfToken={session.csrfToken} lang={lang} returnTo={here(page)} />
          <fieldset className={styles.actions}>
            <legend>{t("queue.selectedActions")}</legend>
            {actions.map((action) => (
              <button key={action} type="submit" name="action" value={action}>
                {t(`actions.${action}`)}
              </button>
            ))}
          </fieldset>
          <ol className={styles.list}>
            {comments.map((comment) => (
              <li key={comment.id} className={styles.item} id={`queue-${comment.id}`}>
                <input type="checkbox" name="id" value={comment.id} id={`select-${comment.id}`} aria-label={t("queue.select", { id: comment.id })} />
                <div>
                  <p className={styles.meta}>
                    <span>#{comment.id}</span> · <bdi>{comment.nickname ?? "—"}</bdi> · <time dateTime={comment.createdAt.toISOString()}>{formatCommentDate(comment.createdAt, lang)}</time> ·{" "}
                    <a href={consolePath(lang, path, { report: comment.slug, q: search })}>{t("queue.inReport", { slug: comment.slug })}</a>
                    {comment.parentId ? ` · ${t("queue.replyTo", { id: comment.parentId })}` : ""}
                    {comment.official ? <span className={styles.badge}>{t("queue.official")}</span> : null}
                  </p>
                  <p className={styles.text} dir="auto">
                    {comment.text}
                  </p>
                  <div className={styles.rowActions}>
                    {actions.map((action) => (
                      // One comment at once: `single` names the action and the comment, ticked boxes aside.
                      <button key={action} type="submit" name="single" value={`${action}:${comment.id}`} aria-label={`${t(`actions.${action}`)} #${comment.id}`}>
                        {t(`actions.${action}`)}
                      </button>
                    ))}
                    <a href={consolePath(lang, "comment", { id: comment.id })}>{t("queue.details")}</a>
                  </div>
                </div>
              </li>
            ))}
          </ol>
        </form>
      )}
      <PagingLinks t={t} page={page} hasMore={hasMore} pathFor={here} />
    </>
  );
}
