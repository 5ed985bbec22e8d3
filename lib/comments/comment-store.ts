import type { RateDecision, RateRule } from "./rate-limiter";

/**
 * The storage contract for comments, implemented by SQLite (one machine, the
 * default) and PostgreSQL (several app instances sharing one database). Every
 * method is async and ids are strings. tests/unit/comments-store-suite.ts runs
 * against both.
 */

/** `published` comments are listed; `pending` wait for approval; `hidden` were taken down by a moderator. */
export type CommentStatus = "published" | "pending" | "hidden";
export const COMMENT_STATUSES: readonly CommentStatus[] = ["published", "pending", "hidden"];

/** 最热 (most likes, then newest) or 最新 (newest first). */
export type CommentSort = "hot" | "new";

export interface StoredComment {
  id: string;
  slug: string;
  /** The top-level comment this one replies to; replies are never nested deeper. */
  parentId: string | null;
  /** Null when the reader left the nickname empty. */
  nickname: string | null;
  text: string;
  createdAt: Date;
  likes: number;
  status: CommentStatus;
}

export interface CommentThread extends StoredComment {
  /** Published replies, oldest first. */
  replies: StoredComment[];
}

export interface NewComment {
  slug: string;
  parentId: string | null;
  nickname: string | null;
  text: string;
  readerId: string;
  /** sha256(salt + IP), or null when the IP is unknown. Raw addresses are never stored. */
  ipHash: string | null;
  status: CommentStatus;
  createdAt: Date;
}

export interface CommentListQuery {
  slug: string;
  sort: CommentSort;
  offset: number;
  limit: number;
}

export interface CommentCounts {
  /** Published comments and replies (replies under a published comment only). */
  comments: number;
  /** Distinct readers among those comments. */
  participants: number;
}

/** Thrown by `createComment` when the same reader posted the same text since `rejectDuplicatesSince`. */
export class CommentDuplicateError extends Error {
  override name = "CommentDuplicateError";
}

/** Thrown by `createComment` when the parent does not exist, is not published, or belongs to another report. */
export class CommentParentError extends Error {
  override name = "CommentParentError";
}

/**
 * Thrown by any store method when the database cannot be reached right now
 * (connection refused or lost, pool timeout, server starting up or shutting
 * down, a lock wait that timed out). The API answers 503 `comments_unavailable`;
 * the same call may succeed once the database is back.
 */
export class CommentStoreUnavailableError extends Error {
  override name = "CommentStoreUnavailableError";
}

export interface CommentStore {
  /**
   * Stores a comment in one transaction. A reply to a reply is attached to the
   * top-level comment, keeping one level of nesting. With `rejectDuplicatesSince`,
   * refuses (CommentDuplicateError) when this reader — by id, or by IP hash when
   * known — wrote exactly this text since then; checked in the same transaction,
   * so a double submit cannot slip through.
   */
  createComment(input: NewComment, options?: { rejectDuplicatesSince?: Date }): Promise<StoredComment>;
  getComment(id: string): Promise<StoredComment | undefined>;
  /** One page of published top-level comments with their published replies. */
  listComments(query: CommentListQuery): Promise<{ threads: CommentThread[]; hasMore: boolean }>;
  /** Counts for each slug asked for (zero for slugs without comments). */
  countComments(slugs: readonly string[]): Promise<Map<string, CommentCounts>>;
  /** Adds this reader's like (idempotent). Undefined when no published comment has this id. */
  like(commentId: string, readerId: string): Promise<number | undefined>;
  /** Removes this reader's like (idempotent). Undefined when no published comment has this id. */
  unlike(commentId: string, readerId: string): Promise<number | undefined>;
  /** Comments in one moderation state, oldest first. */
  listByStatus(status: CommentStatus, limit: number): Promise<StoredComment[]>;
  /** Changes a comment's moderation state; undefined when there is no such comment. */
  setStatus(id: string, status: CommentStatus): Promise<StoredComment | undefined>;
  /** Deletes a comment, its replies and likes; false when there was no such comment. */
  deleteComment(id: string): Promise<boolean>;
  /**
   * A long-lived random value kept with the data (e.g. the IP hash salt when
   * IP_HASH_SALT is unset): created once by `create`, then the same forever,
   * even when several processes race to create it.
   */
  getOrCreateSecret(name: string, create: () => string): Promise<string>;
  /**
   * Sliding-window rate limits kept with the data, so they hold across every
   * process sharing the store. Records one event at `now` for every key when
   * each key is within every rule; otherwise records nothing and says when to
   * retry. Atomic: concurrent calls for the same key never both slip past a
   * limit. Rules with a limit of 0 are off. Old events expire by themselves.
   */
  hitRateLimit(keys: readonly string[], rules: readonly RateRule[], now: number): Promise<RateDecision>;
  close(): Promise<void>;
}

/** Ids are decimal strings of positive integers; anything else names no comment. */
export function isCommentId(value: string): boolean {
  return /^[1-9][0-9]{0,14}$/.test(value);
}
