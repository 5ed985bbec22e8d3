/**
 * What the store does with rows once SQL has fetched them: the mapping to
 * StoredComment (from either driver's types), reply flattening, grouping
 * replies under their page of comments.
 */
import { CommentParentError, type CommentStatus, type CommentThread, type NewComment, type StoredComment } from "./comment-store";

/** A comments row as either driver returns it (SQLite: numbers and epoch ms; PostgreSQL: bigint strings and Dates). */
export interface CommentRow {
  id: number | string;
  slug: string;
  parent_id: number | string | null;
  nickname: string | null;
  text: string;
  status: CommentStatus;
  created_at: number | Date;
  likes: number;
  official: number | boolean;
}

export const COMMENT_COLUMNS = "id, slug, parent_id, nickname, text, status, created_at, likes, official";

export function toComment(row: CommentRow): StoredComment {
  return {
    id: String(row.id),
    slug: row.slug,
    parentId: row.parent_id === null ? null : String(row.parent_id),
    nickname: row.nickname,
    text: row.text,
    status: row.status,
    createdAt: new Date(row.created_at),
    likes: Number(row.likes),
    official: Number(row.official) === 1,
  };
}

/**
 * The top-level comment a new comment attaches to: replies stay one level deep,
 * so a reply to a reply goes under the reply's parent. Refuses a missing,
 * foreign or unpublished parent.
 */
export function threadParentId(input: Pick<NewComment, "slug" | "parentId">, parent: CommentRow | undefined): string | null {
  if (input.parentId === null) return null;
  if (!parent || parent.slug !== input.slug || parent.status !== "published") {
    throw new CommentParentError(`no published comment ${input.parentId} in ${input.slug}`);
  }
  return String(parent.parent_id ?? parent.id);
}

/** A reply row of a list: one of the first replies of its thread, with the thread's reply count. */
export type PreviewReplyRow = CommentRow & { reply_count: number | string };

/** A page of top-level rows (in list order) with their first replies (oldest first) and reply counts attached. */
export function assembleThreads(pageRows: readonly CommentRow[], replyRows: readonly PreviewReplyRow[]): CommentThread[] {
  const threads: CommentThread[] = pageRows.map((row) => ({ ...toComment(row), replies: [], replyCount: 0 }));
  const byId = new Map(threads.map((thread) => [thread.id, thread]));
  for (const row of replyRows) {
    const thread = byId.get(String(row.parent_id));
    if (!thread) continue;
    thread.replies.push(toComment(row));
    thread.replyCount = Number(row.reply_count);
  }
  return threads;
}
