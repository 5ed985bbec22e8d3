import { REPLY_PREVIEW_SIZE, type ReportReason } from "../comment-api-types";
import type { RateCheck, RateDecision } from "../identity/rate-limiter";
import type { WordRule } from "../word-rules/word-rule";
import type { ModerationStore } from "./moderation-store";

/**
 * The storage contract for comments, implemented once over Kysely
 * (kysely-comment-store.ts) for SQLite (one machine, the default) and
 * PostgreSQL (several app instances sharing one database). Every method is
 * async and ids are strings. tests/unit/comments-store-suite.ts runs against both.
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
  /** An official reply (官方回复), written by the newsroom through the console. */
  official: boolean;
}

export interface CommentThread extends StoredComment {
  /** The first published replies, oldest first: at most the query's `replyPreview`. */
  replies: StoredComment[];
  /** All published replies of this comment (the rest are paged through `listReplies`). */
  replyCount: number;
}

export interface NewComment {
  slug: string;
  parentId: string | null;
  nickname: string | null;
  text: string;
  /** The reader's id as stored: a keyed hash of the cookie id, never the cookie value itself. */
  readerId: string;
  /**
   * The address pseudonym: a keyed HMAC of the client's address (IPv6 by /64),
   * with the key outside this database; null when unknown or cleared after the
   * retention period. Raw addresses are never stored.
   */
  ipHash: string | null;
  status: CommentStatus;
  createdAt: Date;
  /** An official reply from the console (default false). */
  official?: boolean;
}

export interface CommentListQuery {
  slug: string;
  sort: CommentSort;
  offset: number;
  limit: number;
  /** Replies carried per thread (the first ones); default REPLY_PREVIEW. */
  replyPreview?: number;
}

/** Replies a list carries per thread by default: the response stays bounded however long a thread grows. */
export const REPLY_PREVIEW = REPLY_PREVIEW_SIZE;

export interface ReplyPage {
  replies: StoredComment[];
  /** All published replies of the thread. */
  total: number;
  hasMore: boolean;
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

/** Thrown by `createComment` when the thread already has `maxRepliesPerThread` replies. */
export class CommentThreadFullError extends Error {
  override name = "CommentThreadFullError";
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

/** Thrown by a write given `rateLimit` when a limit refuses it: nothing of the write is stored. */
export class CommentRateLimitedError extends Error {
  override name = "CommentRateLimitedError";
  constructor(readonly retryAfterSeconds: number) {
    super(`rate limited; retry in ${retryAfterSeconds} s`);
  }
}

/**
 * Rate limits taken in the same transaction as the write they guard (one
 * commit, not two): as `hitRateLimit`, first; when refused the write throws
 * CommentRateLimitedError. The events count even when the write is then
 * refused for another reason (a duplicate, a full thread), as a separate call would.
 */
export interface RateLimitTake {
  checks: readonly RateCheck[];
  now: number;
}

export interface CreateOptions {
  rejectDuplicatesSince?: Date;
  maxRepliesPerThread?: number;
  rateLimit?: RateLimitTake;
  /** A pending comment is recorded in the alerts outbox, in the same transaction. */
  alertWhenPending?: boolean;
  /** Records the new comment in the audit log, in the same transaction (official replies). */
  audit?: { moderator: string; action: string };
}

export { REPORT_REASONS, type ReportReason } from "../comment-api-types";

export interface NewReport {
  commentId: string;
  /** Stored reader id (keyed hash), as for comments. */
  readerId: string;
  /** Address pseudonym, or null when unknown. */
  addressHash: string | null;
  reason: ReportReason;
  createdAt: Date;
}

export interface ReportOutcome {
  /** False when this reader or this address had already reported the comment (nothing changed). */
  accepted: boolean;
  /** Open (not dismissed) reports of the comment. */
  openReports: number;
  /** The comment is now hidden by reports, waiting for a moderator. */
  hiddenByReports: boolean;
}

export interface ReportedComment {
  comment: StoredComment;
  /** Open reports, and how many gave each reason. */
  openReports: number;
  reasons: Record<ReportReason, number>;
  /** Hidden because readers reported it, not by a moderator. */
  hiddenByReports: boolean;
  lastReportedAt: Date;
}

/** A comment as the export file and import carry it: enough to rebuild the lists exactly. */
export interface TransferComment {
  /** The id in the system it came from (ours, or Waline's objectId). */
  sourceId: string;
  /** The source id of the top-level comment it replies to. */
  parentSourceId: string | null;
  slug: string;
  nickname: string | null;
  text: string;
  /** Stored reader id: a keyed hash, or for imports from elsewhere a made-up one. */
  readerId: string;
  status: CommentStatus;
  createdAt: Date;
  likes: number;
  /** An official reply (官方回复) of the newsroom. */
  official: boolean;
}

/** Something moderators hear about (alerts/): a comment waiting for review, or reported by readers. */
export interface AlertEvent {
  id: string;
  kind: "pending" | "reported";
  commentId: string;
  slug: string;
  createdAt: Date;
}

/** A batch claimed for one channel: deliver it, then `finishAlerts`. */
export interface AlertClaim {
  events: AlertEvent[];
  /** Failed attempts before this one (for the backoff). */
  attempts: number;
}

export interface ImportResult {
  imported: number;
  /** Already imported from this source before (matched by source id): nothing added. */
  alreadyImported: number;
  /** Replies whose parent is neither in this import nor imported before. */
  orphans: string[];
}

export interface CommentStore extends ModerationStore {
  /**
   * Stores a comment in one transaction. A reply to a reply is attached to the
   * top-level comment, keeping one level of nesting. With `rejectDuplicatesSince`,
   * refuses (CommentDuplicateError) when this reader — by id, or by IP hash when
   * known — wrote exactly this text since then; checked in the same transaction,
   * so a double submit cannot slip through. With `maxRepliesPerThread`, a
   * reply to a thread that already has that many (published or pending) is
   * refused (CommentThreadFullError).
   */
  createComment(input: NewComment, options?: CreateOptions): Promise<StoredComment>;
  getComment(id: string): Promise<StoredComment | undefined>;
  /** One page of published top-level comments, each with its first published replies and its reply count. */
  listComments(query: CommentListQuery): Promise<{ threads: CommentThread[]; hasMore: boolean }>;
  /** A page of a published top-level comment's published replies, oldest first; undefined when there is no such thread. */
  listReplies(parentId: string, offset: number, limit: number): Promise<ReplyPage | undefined>;
  /** Counts for each slug asked for (zero for slugs without comments). */
  countComments(slugs: readonly string[]): Promise<Map<string, CommentCounts>>;
  /** One report's counts and whether it is closed from the console (`isReportClosed`), in one statement: what a list shows beside its page. */
  threadSummary(slug: string): Promise<CommentCounts & { closed: boolean }>;
  /**
   * Adds this reader's like (idempotent). With an address pseudonym, also one
   * like per comment per address: a second reader from the same address adds
   * nothing. Undefined when no published comment has this id.
   */
  like(commentId: string, readerId: string, addressHash?: string | null, options?: { rateLimit?: RateLimitTake }): Promise<number | undefined>;
  /** Removes this reader's like (idempotent). Undefined when no published comment has this id. */
  unlike(commentId: string, readerId: string, options?: { rateLimit?: RateLimitTake }): Promise<number | undefined>;
  /** Comments in one moderation state, oldest first. */
  listByStatus(status: CommentStatus, limit: number): Promise<StoredComment[]>;
  /** Changes a comment's moderation state; undefined when there is no such comment. */
  setStatus(id: string, status: CommentStatus): Promise<StoredComment | undefined>;
  /** Deletes a comment, its replies and likes; false when there was no such comment. */
  deleteComment(id: string): Promise<boolean>;
  /**
   * Sliding-window rate limits kept with the data, so they hold across every
   * process sharing the store. Records one event at `now` for every key when
   * each key is within each of its rules; otherwise records nothing and says
   * when to retry. Atomic: concurrent calls for the same key never both slip
   * past a limit. Rules with a limit of 0 are off. Old events expire by themselves.
   */
  hitRateLimit(checks: readonly RateCheck[], now: number): Promise<RateDecision>;
  /** Forgets the address pseudonyms of comments and likes made before `before` (retention); returns how many rows changed. */
  clearAddressHashes(before: Date): Promise<number>;
  /** Changes whenever the word rules change: one tiny query, so processes rebuild their matcher only then. */
  wordRulesVersion(): Promise<number>;
  /** Every word rule, by word. */
  listWordRules(): Promise<WordRule[]>;
  /** Adds rules, or changes the action of words already there; returns how many were new and how many changed. */
  saveWordRules(rules: readonly WordRule[]): Promise<{ added: number; changed: number }>;
  /** Removes these words; returns how many there were. */
  removeWordRules(words: readonly string[]): Promise<number>;
  /**
   * Records a reader's report of a published comment, once per reader and
   * per address. When the open reports reach `hideAt` (0: never) the comment
   * is hidden and marked as hidden by reports, in the same transaction.
   * Undefined when no published comment has this id. With `alert`, an
   * accepted report is recorded in the alerts outbox in the same transaction.
   */
  reportComment(report: NewReport, hideAt: number, options?: { alert?: boolean }): Promise<ReportOutcome | undefined>;
  /** Comments with open reports, most recently reported first, a page at a time. */
  listReportedComments(limit: number, offset?: number): Promise<ReportedComment[]>;
  /**
   * A moderator's answer to the reports: they are closed (kept, so the same
   * readers cannot report again), and a comment hidden by them is published again.
   */
  dismissReports(commentId: string): Promise<StoredComment | undefined>;
  /** Every comment, in id order, a page at a time (after the id given, "0" to start). */
  exportComments(afterId: string, limit: number): Promise<TransferComment[]>;
  /**
   * Adds comments from a source ("yangguang", "waline", …), parents before
   * their replies, in one transaction; a source id seen before adds nothing
   * (a second import of the same file is a no-op).
   */
  importComments(source: string, comments: readonly TransferComment[]): Promise<ImportResult>;
  /** Records an alert event (outbox) outside any other write. */
  recordAlert(kind: AlertEvent["kind"], commentId: string, slug: string, at: Date): Promise<void>;
  /**
   * Claims the next batch (events after what the channel delivered, at most
   * `limit`) for `channel` when it is due: nothing in flight elsewhere (a claim
   * lasts `leaseMs`), at least `intervalMs` since its last message, past its
   * retry time. One conditional UPDATE … RETURNING, so of several instances
   * exactly one gets it. Undefined when not due or nothing is waiting.
   */
  claimAlerts(channel: string, now: number, intervalMs: number, leaseMs: number, limit: number): Promise<AlertClaim | undefined>;
  /** After a claimed batch: delivered through `sentThrough`, or failed (retry at `retryAt`). */
  finishAlerts(channel: string, outcome: { sentThrough: string } | { retryAt: number }, now: number): Promise<void>;
  close(): Promise<void>;
}

/** Ids are decimal strings of positive integers; anything else names no comment. */
export function isCommentId(value: string): boolean {
  return /^[1-9][0-9]{0,14}$/.test(value);
}
