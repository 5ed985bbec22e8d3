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

export interface CommentsDatabase {
  comment_sources: CommentSourcesTable;
  comments: CommentsTable;
  word_rules: WordRulesTable;
  word_rules_version: WordRulesVersionTable;
  comment_reports: CommentReportsTable;
  comment_likes: CommentLikesTable;
  rate_events: RateEventsTable;
}
