import type { ColumnType, Generated } from "kysely";
import type { CommentStatus } from "./comment-store";

/**
 * The tables as Kysely sees them, on both backends. Where the drivers return
 * different JavaScript types the column says so: SQLite gives integers as
 * numbers and stores moments as epoch milliseconds; PostgreSQL gives bigints as
 * strings and timestamptz as Dates. comment-rows.ts turns either into the
 * store's types; StoreDialect.time turns a Date into what the column takes.
 */
type Integer = ColumnType<number | string, number, number>;
type Moment = ColumnType<number | Date, number | Date, number | Date>;

export interface CommentsTable {
  id: Generated<number | string>;
  slug: string;
  parent_id: ColumnType<number | string | null, number | null, number | null>;
  nickname: string | null;
  text: string;
  reader_id: string;
  ip_hash: string | null;
  status: CommentStatus;
  created_at: Moment;
  likes: ColumnType<number, never, number>;
  /** 1 when reader reports hid it (migration 11), cleared by any moderator decision. */
  hidden_by_reports: ColumnType<number, never, number>;
  /** 1 for an official reply (官方回复) written through the console; 0 for readers' comments. */
  official: ColumnType<number, number | undefined, number>;
}

export interface CommentLikesTable {
  comment_id: Integer;
  reader_id: string;
  created_at: Moment;
  address_hash: string | null;
}

export interface RateEventsTable {
  /** Bucket and reader, e.g. comment:r:<id>. */
  key: string;
  /** Milliseconds since the epoch (a bigint on PostgreSQL, so a string when read). */
  at: Integer;
  /** When no rule can count it any more. */
  expires_at: Integer;
}

export interface WordRulesTable {
  word: string;
  action: "reject" | "hold";
  created_at: Moment;
}

export interface WordRulesVersionTable {
  id: number;
  version: Integer;
}

export interface CommentReportsTable {
  comment_id: Integer;
  reader_id: string;
  address_hash: string | null;
  reason: "spam" | "abuse" | "illegal" | "other";
  created_at: Moment;
  dismissed: ColumnType<number, never, number>;
}

export interface CommentSourcesTable {
  source: string;
  source_id: string;
  comment_id: Integer;
}

export interface ModeratorsTable {
  id: Generated<number | string>;
  name: string;
  /** `scrypt$N$r$p$salt$hash` (moderation/passwords.ts); never the password. */
  password_hash: string;
  created_at: Moment;
}

export interface ModeratorSessionsTable {
  /** sha256 of the session cookie's random id: a leaked table signs no one in. */
  id_hash: string;
  moderator_id: Integer;
  created_at: Moment;
  expires_at: Moment;
}

export interface BansTable {
  id: Generated<number | string>;
  reader_id: string | null;
  ip_hash: string | null;
  /** Null: permanent. */
  until: ColumnType<number | Date | null, number | Date | null, number | Date | null>;
  created_at: Moment;
  moderator: string;
  /** The comment the ban was made from. */
  comment_id: ColumnType<number | string | null, number | null, number | null>;
}

export interface ClosedReportsTable {
  slug: string;
  closed_at: Moment;
  moderator: string;
}

export interface AuditLogTable {
  id: Generated<number | string>;
  at: Moment;
  moderator: string;
  action: string;
  comment_id: ColumnType<number | string | null, number | null, number | null>;
  slug: string | null;
  status_before: string | null;
  status_after: string | null;
  detail: string | null;
}

export interface AlertEventsTable {
  id: Generated<number | string>;
  kind: "pending" | "reported";
  comment_id: Integer;
  slug: string;
  created_at: Integer;
}

export interface AlertChannelsTable {
  channel: string;
  sent_through: ColumnType<number | string, number | undefined, number>;
  last_sent_at: ColumnType<number | string, number | undefined, number>;
  next_attempt_at: ColumnType<number | string, number | undefined, number>;
  attempts: ColumnType<number, number | undefined, number>;
  claimed_until: ColumnType<number | string, number | undefined, number>;
}

export interface CommentsDatabase {
  alert_events: AlertEventsTable;
  alert_channels: AlertChannelsTable;
  comment_sources: CommentSourcesTable;
  comments: CommentsTable;
  word_rules: WordRulesTable;
  word_rules_version: WordRulesVersionTable;
  comment_reports: CommentReportsTable;
  comment_likes: CommentLikesTable;
  rate_events: RateEventsTable;
  moderators: ModeratorsTable;
  moderator_sessions: ModeratorSessionsTable;
  bans: BansTable;
  closed_reports: ClosedReportsTable;
  audit_log: AuditLogTable;
}
