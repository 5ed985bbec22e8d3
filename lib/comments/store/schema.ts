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

export interface CommentsDatabase {
  comments: CommentsTable;
  comment_likes: CommentLikesTable;
  rate_events: RateEventsTable;
}
