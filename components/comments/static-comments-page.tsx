import { MAX_COMMENT_PAGES, type CommentsPageData, type CommentsPageQuery } from "@/lib/comments/comments-page-data";
import type { FormFlash } from "@/lib/comments/http/form-flash";
import { commentsPagePath } from "@/lib/comments/comment-paths";
import { getT } from "@/lib/i18n/get-translator";
import type { Lang } from "@/lib/i18n/languages";
import type { ReportSummary } from "@/lib/content/report-types";
import { reportPath } from "@/lib/routes";
import { NoBilingualMode } from "../no-bilingual-mode";
import styles from "./comments.module.css";
import { StaticComment } from "./static-comment";
import { StaticCommentForm } from "./static-comment-form";

/** The comments page that works without JavaScript: counts, the outcome of the last post, the form, one thread, the list. */
export function StaticCommentsPage({ lang, report, title, query, data, flash }: { lang: Lang; report: ReportSummary; title: string; query: CommentsPageQuery; data: CommentsPageData; flash: FormFlash | null }) {
  const t = getT(lang, "comments");
  const { slug } = report;
  const page = commentsPagePath(lang, slug);
  const now = new Date();
  const error = flash ? t(`errors.${flash.code}`, { seconds: flash.retryAfterSeconds ?? 60 }) : null;
  const { sort, pages } = query;
  return (
    <div className={styles.page}>
      <NoBilingualMode report={report} />
      <p>
        <a href={reportPath(lang, slug)}>{t("backToArticle", { title })}</a>
      </p>
      <section className={styles.section} aria-labelledby="comments-heading">
        <header className={styles.header}>
          <h1 id="comments-heading" className={styles.heading}>
            {t("pageHeading")}
          </h1>
          {data.unavailable ? null : (
            <p className={styles.counts}>
              {t("participants", { count: data.participants })}
              {t("countsSeparator")}
              {t("commentCount", { count: data.total })}
            </p>
          )}
        </header>

        {query.posted ? (
          <p role="status" className={styles.flash}>
            {query.posted === "published" ? t("posted") : t("pending")}
          </p>
        ) : null}

        {query.reported ? (
          <p role="status" className={styles.flash}>
            {query.reported === "reported" ? t("reported") : t("alreadyReported")}
          </p>
        ) : null}

        {data.closed ? (
          <p id="comment-form" className={styles.closed} role="note">
            {t("closed")}
          </p>
        ) : (
          <StaticCommentForm lang={lang} slug={slug} t={t} error={error} draftNickname={flash?.nickname ?? ""} draftText={flash?.text ?? ""} />
        )}

        {!data.unavailable && data.thread ? (
          <section className={styles.list} aria-labelledby="thread-heading">
            <h2 id="thread-heading" className={styles.listTitle}>
              {t("threadHeading")}
            </h2>
            <p>
              <a href={`${page}#comments-list-heading`}>{t("backToAllComments")}</a>
            </p>
            <StaticComment comment={{ ...data.thread.comment, replies: data.thread.replies.replies, replyCount: data.thread.replies.replyCount }} lang={lang} now={now} t={t} page={page} inThread />
            {data.thread.replies.hasMore && data.thread.replies.page < MAX_COMMENT_PAGES ? (
              <p className={styles.more}>
                <a href={`${page}?thread=${data.thread.comment.id}&page=${data.thread.replies.page + 1}#thread-heading`}>{t("moreReplies")}</a>
              </p>
            ) : null}
          </section>
        ) : null}

        {data.unavailable ? (
          <p className={styles.error} role="alert">
            {t("unavailable")}
          </p>
        ) : data.total === 0 && data.comments.length === 0 ? (
          <p className={styles.empty}>{t("empty")}</p>
        ) : (
          <section className={styles.list} aria-labelledby="comments-list-heading">
            <h2 id="comments-list-heading" className={styles.listTitle}>
              {sort === "hot" ? t("hottest") : t("newest")}
            </h2>
            <nav className={styles.sortNav} aria-label={t("sortLabel")}>
              {(["hot", "new"] as const).map((s) => (
                <a key={s} className={styles.sortLink} href={`${page}?sort=${s}#comments-list-heading`} aria-current={s === sort ? "page" : undefined}>
                  {s === "hot" ? t("hottest") : t("newest")}
                </a>
              ))}
            </nav>
            <ol className={styles.comments}>
              {data.comments.map((comment) => (
                <li key={comment.id}>
                  <StaticComment comment={comment} lang={lang} now={now} t={t} page={page} />
                </li>
              ))}
            </ol>
            {data.hasMore && pages < MAX_COMMENT_PAGES ? (
              <p className={styles.more}>
                <span>{t("alreadyJoined", { count: data.participants })}</span>
                <a href={`${page}?sort=${sort}&page=${pages + 1}#comment-${data.comments[data.comments.length - 1]?.id ?? ""}`}>{t("loadMore")}</a>
              </p>
            ) : null}
          </section>
        )}
      </section>
    </div>
  );
}
