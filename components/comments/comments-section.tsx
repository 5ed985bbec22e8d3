"use client";

import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { useTranslation } from "@/components/translations-provider";
import type { ApiComment, CommentListResponse, CommentSortParam } from "@/lib/comments/comment-api-types";
import { commentsPagePath } from "@/lib/comments/comment-paths";
import type { Lang } from "@/lib/i18n/languages";
import { CommentForm } from "./comment-form";
import { CommentList, type CommentListContext, type CommentListState } from "./comment-list";
import { CommentsRequestError, fetchComments } from "./comments-api-client";
import { useLikedComments } from "./use-liked-comments";
import styles from "./comments.module.css";

const SORTS: CommentSortParam[] = ["hot", "new"];

interface State {
  lists: Record<CommentSortParam, CommentListState>;
  total: number | null;
  participants: number | null;
  /** Latest like counts by comment id, so a like shows in both lists. */
  likes: ReadonlyMap<string, number>;
  /** Comments on this report are closed (the list said so). */
  closed: boolean;
}

type Action =
  | { type: "loading"; sort: CommentSortParam }
  | { type: "loaded"; sort: CommentSortParam; response: CommentListResponse }
  | { type: "failed"; sort: CommentSortParam; code: string }
  | { type: "posted"; comment: ApiComment }
  | { type: "replied"; parentId: string; reply: ApiComment }
  | { type: "liked"; id: string; likes: number };

const emptyList: CommentListState = { comments: [], page: 0, hasMore: false, status: "idle" };
const initialState: State = { lists: { hot: emptyList, new: emptyList }, total: null, participants: null, likes: new Map(), closed: false };

/** Appends without repeating a comment that moved between pages since the last load. */
function mergeUnique(existing: ApiComment[], incoming: ApiComment[]): ApiComment[] {
  const seen = new Set(existing.map((c) => c.id));
  return [...existing, ...incoming.filter((c) => !seen.has(c.id))];
}

function reducer(state: State, action: Action): State {
  const setList = (sort: CommentSortParam, list: CommentListState): State => ({ ...state, lists: { ...state.lists, [sort]: list } });
  switch (action.type) {
    case "loading":
      return setList(action.sort, { ...state.lists[action.sort], status: "loading" });
    case "failed":
      return setList(action.sort, { ...state.lists[action.sort], status: "error", errorCode: action.code });
    case "loaded": {
      const { response } = action;
      const current = state.lists[action.sort];
      const comments = response.page === 1 ? response.comments : mergeUnique(current.comments, response.comments);
      const likes = new Map(state.likes);
      for (const c of response.comments) for (const item of [c, ...c.replies]) likes.delete(item.id); // fresh from the server
      return {
        ...setList(action.sort, { comments, page: response.page, hasMore: response.hasMore, status: "ready" }),
        total: response.total,
        participants: response.participants,
        likes,
        closed: response.closed === true,
      };
    }
    case "posted": {
      const list = state.lists.new;
      return {
        ...setList("new", { ...list, comments: [action.comment, ...list.comments.filter((c) => c.id !== action.comment.id)] }),
        total: (state.total ?? 0) + 1,
      };
    }
    case "replied": {
      const addReply = (list: CommentListState): CommentListState => ({
        ...list,
        comments: list.comments.map((c) => (c.id === action.parentId && !c.replies.some((r) => r.id === action.reply.id) ? { ...c, replies: [...c.replies, action.reply], replyCount: c.replyCount + 1 } : c)),
      });
      return { ...state, lists: { hot: addReply(state.lists.hot), new: addReply(state.lists.new) }, total: (state.total ?? 0) + 1 };
    }
    case "liked":
      return { ...state, likes: new Map(state.likes).set(action.id, action.likes) };
  }
}

/** Keeps relative times (3分钟前) current while the page stays open. */
function useNow(intervalMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * The comment box under every report: counts, the form, 最热评论 and 最新评论.
 * The article page is static, so comments are fetched here in the browser;
 * without JavaScript a link leads to the server-rendered comments page.
 */
export function CommentsSection({ lang, slug }: { lang: Lang; slug: string }) {
  const { t } = useTranslation("comments", { lng: lang });
  const [state, dispatch] = useReducer(reducer, initialState);
  const [liked, setLiked] = useLikedComments();
  const [message, setMessage] = useState("");
  const now = useNow(30_000);
  // Nothing about loading is shown in the static HTML: without JavaScript it would never end.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const pagesRef = useRef(state.lists);
  pagesRef.current = state.lists;
  const inFlight = useRef(new Set<CommentSortParam>());

  const load = useCallback(
    async (sort: CommentSortParam, page: number) => {
      if (inFlight.current.has(sort)) return;
      inFlight.current.add(sort);
      dispatch({ type: "loading", sort });
      try {
        dispatch({ type: "loaded", sort, response: await fetchComments(slug, sort, page) });
      } catch (error) {
        dispatch({ type: "failed", sort, code: error instanceof CommentsRequestError ? error.code : "internal_error" });
      } finally {
        inFlight.current.delete(sort);
      }
    },
    [slug],
  );

  useEffect(() => {
    for (const sort of SORTS) void load(sort, 1);
  }, [load]);

  const announce = (text: string) => {
    // Clearing first makes a repeated message be read out again.
    setMessage("");
    window.setTimeout(() => setMessage(text), 50);
  };

  const context = (sort: CommentSortParam): CommentListContext => ({
    lang,
    slug,
    now,
    participants: state.participants ?? 0,
    closed: state.closed,
    likes: state.likes,
    liked,
    onLike: (id, likes, isLiked) => {
      dispatch({ type: "liked", id, likes });
      setLiked(id, isLiked);
    },
    onReply: (parentId, reply) => {
      dispatch({ type: "replied", parentId, reply });
      announce(t("replyPosted"));
    },
    onPending: () => announce(t("pending")),
    onMessage: announce,
    onLoadMore: () => void load(sort, pagesRef.current[sort].page + 1),
  });

  const loaded = state.total !== null;
  const empty = loaded && state.total === 0 && SORTS.every((sort) => state.lists[sort].comments.length === 0);

  return (
    // `comments` is a global hook: the site's print stylesheet leaves the comment box off paper.
    <section id="comments" className={`comments ${styles.section}`} aria-labelledby="comments-heading">
      <header className={styles.header}>
        <h2 id="comments-heading" className={styles.heading}>
          {t("heading")}
        </h2>
        {loaded ? (
          <p className={styles.counts}>
            {t("participants", { count: state.participants ?? 0 })}
            {t("countsSeparator")}
            {t("commentCount", { count: state.total ?? 0 })}
          </p>
        ) : null}
      </header>
      <noscript>
        <p className={styles.noscript}>
          {t("noscript")} <a href={commentsPagePath(lang, slug)}>{t("noscriptLink")}</a>
        </p>
      </noscript>
      {state.closed ? (
        <p className={styles.closed} role="note">
          {t("closed")}
        </p>
      ) : (
      <CommentForm
        lang={lang}
        slug={slug}
        onPublished={(comment) => {
          dispatch({ type: "posted", comment });
          announce(t("posted"));
          // The hot list and the participant count come fresh from the server.
          void load("hot", 1);
        }}
        onPending={() => announce(t("pending"))}
      />
      )}
      <p role="status" className={styles.status}>
        {message}
      </p>
      {empty ? <p className={styles.empty}>{t("empty")}</p> : null}
      {loaded && !empty ? SORTS.map((sort) => <CommentList key={sort} sort={sort} state={state.lists[sort]} context={context(sort)} />) : null}
      {!loaded && SORTS.some((sort) => state.lists[sort].status === "error") ? (
        <p className={styles.error} role="alert">
          {/* The database is down: say so plainly; the report above stays readable. */}
          {SORTS.some((sort) => state.lists[sort].errorCode === "comments_unavailable") ? t("unavailable") : t("loadFailed")}{" "}
          <button type="button" className={styles.textButton} onClick={() => SORTS.forEach((sort) => void load(sort, 1))}>
            {t("retry")}
          </button>
        </p>
      ) : null}
      {mounted && !loaded && SORTS.every((sort) => state.lists[sort].status !== "error") ? <p className={styles.hint}>{t("loading")}</p> : null}
    </section>
  );
}
