import type { CommentStatus, StoredComment } from "./comment-store";

/**
 * The moderation half of the storage contract (part of CommentStore):
 * moderator accounts and sessions, queues, actions with their audit rows,
 * bans and closed reports. Implemented once over Kysely
 * (kysely-moderation-store.ts); tests/unit/comments-store-suite.ts runs it on
 * SQLite and PostgreSQL. Every action that changes comments writes its audit
 * rows in the same transaction.
 */

/** What a moderator can do to comments, one or many at once. */
export type ModerationAction = "approve" | "hide" | "restore" | "delete";
export const MODERATION_ACTIONS: readonly ModerationAction[] = ["approve", "hide", "restore", "delete"];

export interface Moderator {
  id: string;
  name: string;
}

export interface ModeratorCredentials extends Moderator {
  passwordHash: string;
}

export interface ModeratorSession {
  moderator: Moderator;
  expiresAt: Date;
}

export interface QueueQuery {
  status: CommentStatus;
  /** Only this report's comments. */
  slug?: string;
  /** Only comments whose text or nickname contains this (case-insensitive). */
  search?: string;
  offset: number;
  limit: number;
}

export interface QueuePage {
  /** Newest first. */
  comments: StoredComment[];
  hasMore: boolean;
}

export interface ModerationResult {
  id: string;
  slug: string;
  before: CommentStatus;
  /** `deleted` when the comment (with its replies and likes) is gone. */
  after: CommentStatus | "deleted";
}

/** What a ban covers and until when (null: for good). */
export interface BanKeys {
  readerId: string | null;
  ipHash: string | null;
  until: Date | null;
}

export interface Ban {
  id: string;
  /** Null: permanent. */
  until: Date | null;
  createdAt: Date;
  moderator: string;
  /** The comment the ban was made from (gone if it was deleted since). */
  commentId: string | null;
  /** Whether the ban covers a reader id, an address pseudonym, or both (the values stay in the database). */
  byReader: boolean;
  byAddress: boolean;
}

export interface AuditEntry {
  id: string;
  at: Date;
  moderator: string;
  /** approve, hide, restore, delete, official-reply, ban, lift-ban, close, reopen, … */
  action: string;
  commentId: string | null;
  slug: string | null;
  statusBefore: string | null;
  statusAfter: string | null;
  detail: string | null;
}

/** Thrown by `createModerator` when the name is taken. */
export class ModeratorExistsError extends Error {
  override name = "ModeratorExistsError";
}

export interface ModerationStore {
  countModerators(): Promise<number>;
  /** Throws ModeratorExistsError when the name is taken. */
  createModerator(name: string, passwordHash: string, now: Date): Promise<Moderator>;
  findModerator(name: string): Promise<ModeratorCredentials | undefined>;
  /** Stores a session by the hash of its id; expired sessions of everyone are swept. */
  createSession(idHash: string, moderatorId: string, now: Date, expiresAt: Date): Promise<void>;
  /** The live session with this id hash (undefined when unknown or expired). */
  findSession(idHash: string, now: Date): Promise<ModeratorSession | undefined>;
  deleteSession(idHash: string): Promise<void>;

  /** A page of one queue, newest first, optionally one report's and matching a text. */
  listQueue(query: QueueQuery): Promise<QueuePage>;
  /**
   * Applies one action to each comment it fits (approve: pending or hidden;
   * hide: pending or published; restore: hidden; delete: any), recording an
   * audit row for each change in the same transaction. Comments the action
   * does not fit, or that do not exist, are left out of the result.
   */
  moderate(ids: readonly string[], action: ModerationAction, moderator: string, now: Date): Promise<ModerationResult[]>;
  /** Records an audit row on its own (sign-in, official reply, downloads are not recorded). */
  recordAudit(entry: Omit<AuditEntry, "id">): Promise<void>;
  /** Newest first. */
  listAudit(offset: number, limit: number): Promise<{ entries: AuditEntry[]; hasMore: boolean }>;

  /**
   * Bans the reader who wrote this comment, by their stored reader id and
   * address pseudonym (when still kept), until `until` (null: for good), and
   * hides their pending comments; audited. Undefined when there is no such comment.
   */
  banAuthor(commentId: string, until: Date | null, moderator: string, now: Date): Promise<{ ban: Ban; hidden: number } | undefined>;
  /** Bans still in force, newest first. */
  listBans(now: Date): Promise<Ban[]>;
  /** Ends a ban now; false when there was no such ban in force. Audited. */
  liftBan(banId: string, moderator: string, now: Date): Promise<boolean>;
  /** Whether this reader (by id, or by address pseudonym when known) is banned at `now`. */
  isBanned(readerId: string, ipHash: string | null, now: Date): Promise<boolean>;
  /** Every ban in force at `now`, by what it covers: the read cache keeps the whole set (cached-comment-store.ts). */
  bansInForce(now: Date): Promise<BanKeys[]>;

  /** Closes or reopens comments on a report (audited). */
  setReportClosed(slug: string, closed: boolean, moderator: string, now: Date): Promise<void>;
  isReportClosed(slug: string): Promise<boolean>;
  /** Slugs closed from the console. */
  listClosedReports(): Promise<string[]>;
}
