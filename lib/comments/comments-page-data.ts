import { COMMENTS_PAGE_SIZE, type ApiComment, type CommentSortParam, type ReplyListResponse } from "./comment-api-types";
import { commentsClosedInFrontMatter } from "./comments-closed";
import type { CommentsRuntime } from "./comments-runtime";
import { listReplies } from "./http/comment-handlers";
import { toApiComment } from "./http/comment-json";
import { CommentStoreUnavailableError } from "./store/comment-store";

/** “Load more” on the no-JavaScript page shows the first N pages; this bounds N. */
export const MAX_COMMENT_PAGES = 50;

/** The no-JavaScript comments page's query string, parsed once: anything odd falls back to the first page, hottest first. */
export interface CommentsPageQuery {
  sort: CommentSortParam;
  /** How many pages of comments (or of one thread's replies) to show at once, 1..MAX_COMMENT_PAGES. */
  pages: number;
  /** `?thread=<id>`: one comment with every reply. */
  threadId: string | undefined;
  /** The outcome a post or a report redirected back with. */
  posted: "published" | "pending" | undefined;
  reported: "reported" | "already_reported" | undefined;
  /** The id of a flash cookie (a refused post's error and draft). */
  flashId: string | undefined;
}

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function parseCommentsPageQuery(query: Record<string, string | string[] | undefined>): CommentsPageQuery {
  const page = Number(single(query.page));
  const posted = single(query.posted);
  const reported = single(query.reported);
  return {
    sort: single(query.sort) === "new" ? "new" : "hot",
    pages: Number.isInteger(page) && page >= 1 ? Math.min(page, MAX_COMMENT_PAGES) : 1,
    threadId: single(query.thread),
    posted: posted === "published" || posted === "pending" ? posted : undefined,
    reported: reported === "reported" || reported === "already_reported" ? reported : undefined,
    flashId: single(query.flash),
  };
}

export interface CommentsThread {
  comment: ApiComment;
  replies: ReplyListResponse;
}

export type CommentsPageData =
  | { unavailable: true; closed: boolean }
  | {
      unavailable: false;
      closed: boolean;
      comments: ApiComment[];
      hasMore: boolean;
      total: number;
      participants: number;
      /** The thread asked for with `?thread=`, when it is a published top-level comment of this report. */
      thread: CommentsThread | null;
    };

/** Everything the no-JavaScript comments page shows, read from the store; a database that is down gives `unavailable`. */
export async function loadCommentsPage(runtime: CommentsRuntime, slug: string, query: CommentsPageQuery): Promise<CommentsPageData> {
  const { store } = runtime;
  try {
    // As the API's list: the page, and the counts with the console's closed flag in one statement.
    const [list, summary] = await Promise.all([store.listComments({ slug, sort: query.sort, offset: 0, limit: query.pages * COMMENTS_PAGE_SIZE }), store.threadSummary(slug)]);
    const closed = commentsClosedInFrontMatter(slug) || summary.closed;
    return {
      unavailable: false,
      closed,
      comments: list.threads.map(toApiComment),
      hasMore: list.hasMore,
      total: summary.comments,
      participants: summary.participants,
      thread: await loadThread(runtime, slug, query),
    };
  } catch (error) {
    // The page still renders, says so, and keeps the form (a post comes back with a message).
    if (!(error instanceof CommentStoreUnavailableError)) throw error;
    return { unavailable: true, closed: false };
  }
}

async function loadThread(runtime: CommentsRuntime, slug: string, query: CommentsPageQuery): Promise<CommentsThread | null> {
  if (!query.threadId) return null;
  const parent = await runtime.store.getComment(query.threadId);
  if (!parent || parent.slug !== slug || parent.parentId !== null || parent.status !== "published") return null;
  const replies = await listReplies(runtime, parent.id, 1);
  if (!replies) return null;
  // "More replies" shows the first N pages at once, as the comment list does.
  for (let p = 2; replies.hasMore && p <= query.pages; p++) {
    const next = (await listReplies(runtime, parent.id, p))!;
    replies.replies.push(...next.replies);
    replies.hasMore = next.hasMore;
    replies.page = p;
  }
  return { comment: toApiComment(parent), replies };
}
