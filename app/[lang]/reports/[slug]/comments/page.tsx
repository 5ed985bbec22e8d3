import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { CommentView } from "@/components/comments/comment-view";
import { NoBilingualMode } from "@/components/no-bilingual-mode";
import { ReportControl } from "@/components/comments/report-control";
import { reportLabels as reportLabelsOf } from "@/components/comments/report-labels";
import styles from "@/components/comments/comments.module.css";
import { COMMENTS_PAGE_SIZE, type ApiComment, type CommentSortParam, type ReplyListResponse } from "@/lib/comments/comment-api-types";
import { listReplies } from "@/lib/comments/http/comment-handlers";
import { HONEYPOT_FIELD, MAX_NICKNAME_CHARS, MAX_TEXT_CHARS } from "@/lib/comments/comment-input";
import { toApiComment } from "@/lib/comments/http/comment-json";
import { commentFormApiPath, commentsPagePath } from "@/lib/comments/comment-paths";
import { CommentStoreUnavailableError, type CommentCounts, type CommentThread } from "@/lib/comments/store/comment-store";
import { getCommentsRuntime } from "@/lib/comments/comments-runtime";
import { areCommentsClosed } from "@/lib/comments/comments-closed";
import { readFlash } from "@/lib/comments/http/form-flash";
import { getReport, getReportInLanguage } from "@/lib/content/reports";
import { getT } from "@/lib/i18n/get-translator";
import { isLang, type Lang } from "@/lib/i18n/languages";
import { reportPath } from "@/lib/routes";

/** Rendered per request from the database: the comments page that works without JavaScript. */
export const dynamic = "force-dynamic";

/** “Load more” shows the first N pages; this bounds N. */
const MAX_PAGES = 50;

type Props = { params: Promise<{ lang: string; slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { lang, slug } = await params;
  const report = isLang(lang) ? getReport(slug) : undefined;
  if (!report || !isLang(lang)) return {};
  const { meta } = getReportInLanguage(report, lang).content;
  // The article is the page to index; this one repeats its comments.
  return { title: getT(lang, "comments")("pageTitle", { title: meta.title }), robots: { index: false, follow: true } };
}

export default async function CommentsPage({ params, searchParams }: Props) {
  const { lang, slug } = await params;
  const report = isLang(lang) ? getReport(slug) : undefined;
  if (!report || !isLang(lang)) notFound();
  const t = getT(lang, "comments");
  const query = await searchParams;
  const sort: CommentSortParam = single(query.sort) === "new" ? "new" : "hot";
  const pageParam = Number(single(query.page));
  const pages = Number.isInteger(pageParam) && pageParam >= 1 ? Math.min(pageParam, MAX_PAGES) : 1;
  const threadId = single(query.thread);

  const runtime = getCommentsRuntime();
  const { store } = runtime;
  let loaded: [{ threads: CommentThread[]; hasMore: boolean }, Map<string, CommentCounts>] | null;
  let closed = false;
  // `?thread=<id>`: one comment with every reply (pages of replies, like "load more"), for readers without JavaScript.
  let thread: { comment: ApiComment; replies: ReplyListResponse } | null = null;
  try {
    loaded = await Promise.all([store.listComments({ slug, sort, offset: 0, limit: pages * COMMENTS_PAGE_SIZE }), store.countComments([slug])]);
    closed = await areCommentsClosed(runtime, slug);
    const parent = threadId ? await store.getComment(threadId) : undefined;
    if (parent && parent.slug === slug && parent.parentId === null && parent.status === "published") {
      const replies = await listReplies(runtime, parent.id, 1);
      if (replies) {
        // "More replies" shows the first N pages at once, as the comment list does.
        for (let p = 2; replies.hasMore && p <= pages; p++) {
          const next = (await listReplies(runtime, parent.id, p))!;
          replies.replies.push(...next.replies);
          replies.hasMore = next.hasMore;
          replies.page = p;
        }
        thread = { comment: toApiComment(parent), replies };
      }
    }
  } catch (error) {
    // The database is down: the page still renders, says so, and keeps the form (a post comes back with a message).
    if (!(error instanceof CommentStoreUnavailableError)) throw error;
    loaded = null;
  }
  const unavailable = loaded === null;
  const hasMore = loaded?.[0].hasMore ?? false;
  const { comments: total, participants } = loaded?.[1].get(slug) ?? { comments: 0, participants: 0 };
  const comments = (loaded?.[0].threads ?? []).map(toApiComment);
  const title = getReportInLanguage(report, lang).content.meta.title;
  const now = new Date();

  const posted = single(query.posted);
  const reported = single(query.reported);
  // A refused post comes back as a flash: error and draft in a cookie, only shown after the form's own redirect.
  const jar = await cookies();
  const flash = readFlash(runtime.keys, single(query.flash), (name) => jar.get(name)?.value);
  const error = flash ? t(`errors.${flash.code}`, { seconds: flash.retryAfterSeconds ?? 60 }) : null;
  // The reader's words come back after an error (escaped by React like all text).
  const draftNickname = flash?.nickname ?? "";
  const draftText = flash?.text ?? "";
  const page = commentsPagePath(lang, slug);

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
          {unavailable ? null : (
            <p className={styles.counts}>
              {t("participants", { count: participants })}
              {t("countsSeparator")}
              {t("commentCount", { count: total })}
            </p>
          )}
        </header>

        {posted === "published" || posted === "pending" ? (
          <p role="status" className={styles.flash}>
            {posted === "published" ? t("posted") : t("pending")}
          </p>
        ) : null}

        {reported === "reported" || reported === "already_reported" ? (
          <p role="status" className={styles.flash}>
            {reported === "reported" ? t("reported") : t("alreadyReported")}
          </p>
        ) : null}

        {closed ? (
          <p id="comment-form" className={styles.closed} role="note">
            {t("closed")}
          </p>
        ) : (
        <form id="comment-form" className={styles.form} action={commentFormApiPath(slug)} method="post" aria-labelledby="comment-form-title">
          <h2 id="comment-form-title" className={styles.formTitle}>
            {t("write")}
          </h2>
          {error ? (
            <p role="alert" className={`${styles.flash} ${styles.flashError}`}>
              {error}
            </p>
          ) : null}
          <input type="hidden" name="lang" value={lang} />
          <div className={styles.field}>
            <label htmlFor="comment-nickname">{t("nickname")}</label>
            <input
              id="comment-nickname"
              name="nickname"
              type="text"
              autoComplete="nickname"
              maxLength={MAX_NICKNAME_CHARS}
              defaultValue={draftNickname}
              aria-describedby="comment-nickname-hint"
            />
            <span id="comment-nickname-hint" className={styles.hint}>
              {t("nicknameHint")}
            </span>
          </div>
          <div className={styles.field}>
            <label htmlFor="comment-text">{t("text")}</label>
            <textarea
              id="comment-text"
              name="text"
              rows={5}
              required
              maxLength={MAX_TEXT_CHARS}
              placeholder={t("textPlaceholder")}
              defaultValue={draftText}
              aria-invalid={error ? true : undefined}
            />
          </div>
          <div className={styles.honeypot} aria-hidden="true">
            <label htmlFor="comment-website">{t("honeypot")}</label>
            <input id="comment-website" name={HONEYPOT_FIELD} type="text" tabIndex={-1} autoComplete="off" />
          </div>
          <div className={styles.formActions}>
            <button type="submit" className={styles.primaryButton}>
              {t("submit")}
            </button>
          </div>
        </form>
        )}

        {thread ? (
          <section className={styles.list} aria-labelledby="thread-heading">
            <h2 id="thread-heading" className={styles.listTitle}>
              {t("threadHeading")}
            </h2>
            <p>
              <a href={`${page}#comments-list-heading`}>{t("backToAllComments")}</a>
            </p>
            <StaticComment comment={{ ...thread.comment, replies: thread.replies.replies, replyCount: thread.replies.replyCount }} lang={lang} now={now} t={t} page={page} inThread />
            {thread.replies.hasMore && thread.replies.page < MAX_PAGES ? (
              <p className={styles.more}>
                <a href={`${page}?thread=${thread.comment.id}&page=${thread.replies.page + 1}#thread-heading`}>{t("moreReplies")}</a>
              </p>
            ) : null}
          </section>
        ) : null}

        {unavailable ? (
          <p className={styles.error} role="alert">
            {t("unavailable")}
          </p>
        ) : total === 0 && comments.length === 0 ? (
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
              {comments.map((comment) => (
                <li key={comment.id}>
                  <StaticComment comment={comment} lang={lang} now={now} t={t} page={page} />
                </li>
              ))}
            </ol>
            {hasMore && pages < MAX_PAGES ? (
              <p className={styles.more}>
                <span>{t("alreadyJoined", { count: participants })}</span>
                <a href={`${page}?sort=${sort}&page=${pages + 1}#comment-${comments[comments.length - 1]?.id ?? ""}`}>{t("loadMore")}</a>
              </p>
            ) : null}
          </section>
        )}
      </section>
    </div>
  );
}

function StaticComment({
  comment,
  lang,
  now,
  t,
  page,
  inThread = false,
}: {
  comment: ApiComment;
  lang: Lang;
  now: Date;
  t: ReturnType<typeof getT>;
  page: string;
  inThread?: boolean;
}) {
  const labels = { anonymousLabel: t("anonymous"), justNowLabel: t("justNow"), officialLabel: t("officialReply") };
  const reportLabels = reportLabelsOf(t);
  // Likes as a number and 举报 as a plain form: both work without JavaScript.
  const actions = (c: ApiComment) => (
    <div className={styles.commentActions}>
      <p className={styles.likesStatic}>{`${t("like")} ${c.likes}`}</p>
      <ReportControl lang={lang} commentId={c.id} labels={reportLabels} />
    </div>
  );
  return (
    <CommentView comment={comment} lang={lang} now={now} anchorId={inThread ? `thread-${comment.id}` : `comment-${comment.id}`} actions={actions(comment)} {...labels}>
      {comment.replies.length > 0 ? (
        <ol className={styles.replies}>
          {comment.replies.map((reply) => (
            <li key={reply.id}>
              <CommentView comment={reply} lang={lang} now={now} anchorId={inThread ? `reply-${reply.id}` : `comment-${reply.id}`} actions={actions(reply)} {...labels} />
            </li>
          ))}
        </ol>
      ) : null}
      {!inThread && comment.replyCount > comment.replies.length ? (
        <p className={styles.more}>
          <a href={`${page}?thread=${comment.id}#thread-heading`}>{t("viewAllReplies", { count: comment.replyCount })}</a>
        </p>
      ) : null}
    </CommentView>
  );
}
