"use client";

import { useState } from "react";
import { useTranslation } from "@/components/translations-provider";
import type { ApiComment, CommentSortParam } from "@/lib/comments/comment-api-types";
import type { Lang } from "@/lib/i18n/languages";
import { CommentForm } from "./comment-form";
import { commentErrorMessage } from "./comment-error-message";
import { CommentsRequestError, fetchReplies } from "./comments-api-client";
import { CommentView } from "./comment-view";
import { LikeButton } from "./like-button";
import { ReportControl } from "./report-control";
import { reportLabels as reportLabelsOf } from "./report-labels";
import styles from "./comments.module.css";

export interface CommentListState {
  comments: ApiComment[];
  /** Pages loaded so far. */
  page: number;
  hasMore: boolean;
  status: "idle" | "loading" | "ready" | "error";
  /** The API error code of the last failed load (`comments_unavailable` when the database is down). */
  errorCode?: string;
}

/** What the list needs from the section: shared like state, and where new replies go. */
export interface CommentListContext {
  lang: Lang;
  slug: string;
  now: Date;
  participants: number;
  /** Comments are closed on this report: no reply buttons. */
  closed: boolean;
  likes: ReadonlyMap<string, number>;
  liked: ReadonlySet<string>;
  onLike: (id: string, likes: number, liked: boolean) => void;
  onReply: (parentId: string, reply: ApiComment) => void;
  onPending: () => void;
  onMessage: (message: string) => void;
  onLoadMore: () => void;
}

/** 最热评论 or 最新评论: one list, paged with “load more”. */
export function CommentList({ sort, state, context }: { sort: CommentSortParam; state: CommentListState; context: CommentListContext }) {
  const { lang } = context;
  const { t } = useTranslation("comments", { lng: lang });
  const [replyingTo, setReplyingTo] = useState<string | null>(null);
  // Threads opened past their first replies ("View all N replies"), page by page.
  const [opened, setOpened] = useState<Record<string, { replies: ApiComment[]; page: number; hasMore: boolean; loading: boolean }>>({});
  const headingId = `comments-${sort}-heading`;
  const reportLabels = reportLabelsOf(t);
  const reportError = (code: string, retryAfterSeconds: number | null) => commentErrorMessage(t, code, retryAfterSeconds);

  const loadReplies = async (comment: ApiComment) => {
    const current = opened[comment.id];
    const page = current ? current.page + 1 : 1;
    setOpened((all) => ({ ...all, [comment.id]: { replies: current?.replies ?? [], page: current?.page ?? 0, hasMore: true, loading: true } }));
    try {
      const response = await fetchReplies(comment.id, page);
      setOpened((all) => {
        const before = all[comment.id]?.replies ?? [];
        const seen = new Set(before.map((r) => r.id));
        return { ...all, [comment.id]: { replies: [...before, ...response.replies.filter((r) => !seen.has(r.id))], page, hasMore: response.hasMore, loading: false } };
      });
    } catch (error) {
      // Back to where the thread was, so the same button tries again.
      setOpened((all) => {
        const { [comment.id]: _failed, ...rest } = all;
        return current ? { ...rest, [comment.id]: { ...current, loading: false } } : rest;
      });
      const failure = error instanceof CommentsRequestError ? error : new CommentsRequestError("network");
      context.onMessage(commentErrorMessage(t, failure.code, failure.retryAfterSeconds));
    }
  };

  /** The replies shown: every page opened so far, then any reply posted here since. */
  const shownReplies = (comment: ApiComment): ApiComment[] => {
    const loaded = opened[comment.id]?.replies;
    if (!loaded) return comment.replies;
    const seen = new Set(loaded.map((r) => r.id));
    return [...loaded, ...comment.replies.filter((r) => !seen.has(r.id))];
  };

  const view = (comment: ApiComment, isReply: boolean) => {
    const name = comment.nickname ?? t("anonymous");
    return (
      <CommentView
        comment={comment}
        lang={lang}
        now={context.now}
        anonymousLabel={t("anonymous")}
        justNowLabel={t("justNow")}
        officialLabel={t("officialReply")}
        actions={
          <div className={styles.commentActions}>
            <LikeButton
              lang={lang}
              commentId={comment.id}
              likes={context.likes.get(comment.id) ?? comment.likes}
              liked={context.liked.has(comment.id)}
              onChange={(likes, liked) => context.onLike(comment.id, likes, liked)}
              onError={context.onMessage}
            />
            {isReply || context.closed ? null : (
              <button
                type="button"
                className={styles.textButton}
                aria-expanded={replyingTo === comment.id}
                onClick={() => setReplyingTo(replyingTo === comment.id ? null : comment.id)}
              >
                {t("reply")}
              </button>
            )}
            <ReportControl lang={lang} commentId={comment.id} labels={reportLabels} errorMessage={reportError} />
          </div>
        }
      >
        {!isReply && replyingTo === comment.id ? (
          <CommentForm
            lang={lang}
            slug={context.slug}
            parent={{ id: comment.id, name }}
            onPublished={(reply) => {
              setReplyingTo(null);
              context.onReply(comment.id, reply);
            }}
            onPending={() => {
              setReplyingTo(null);
              context.onPending();
            }}
            onCancel={() => setReplyingTo(null)}
          />
        ) : null}
        {shownReplies(comment).length > 0 ? (
          <ol className={styles.replies}>
            {shownReplies(comment).map((reply) => (
              <li key={reply.id}>{view(reply, true)}</li>
            ))}
          </ol>
        ) : null}
        {!isReply && comment.replyCount > shownReplies(comment).length && (opened[comment.id]?.hasMore ?? true) ? (
          <p className={styles.more}>
            <button type="button" className={styles.textButton} onClick={() => void loadReplies(comment)} disabled={opened[comment.id]?.loading}>
              {opened[comment.id] ? t("moreReplies") : t("viewAllReplies", { count: comment.replyCount })}
            </button>
          </p>
        ) : null}
      </CommentView>
    );
  };

  return (
    <section className={styles.list} aria-labelledby={headingId} aria-busy={state.status === "loading"}>
      <h3 id={headingId} className={styles.listTitle}>
        {sort === "hot" ? t("hottest") : t("newest")}
      </h3>
      {state.status === "loading" && state.comments.length === 0 ? <p className={styles.hint}>{t("loading")}</p> : null}
      <ol className={styles.comments}>
        {state.comments.map((comment) => (
          <li key={comment.id}>{view(comment, false)}</li>
        ))}
      </ol>
      {state.status === "error" ? (
        <p className={styles.error} role="alert">
          {state.errorCode === "comments_unavailable" ? t("unavailable") : t("loadFailed")}{" "}
          <button type="button" className={styles.textButton} onClick={context.onLoadMore}>
            {t("retry")}
          </button>
        </p>
      ) : null}
      {state.hasMore && state.status !== "error" ? (
        <p className={styles.more}>
          {sort === "new" ? <span>{t("alreadyJoined", { count: context.participants })}</span> : null}
          <button type="button" className={styles.moreButton} onClick={context.onLoadMore} disabled={state.status === "loading"}>
            {t("loadMore")}
          </button>
        </p>
      ) : null}
    </section>
  );
}
