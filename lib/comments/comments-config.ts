import path from "node:path";
import { parseTrustedHops } from "@/lib/server/client-address";
import { parseSiteUrl } from "@/lib/site-url";
import { AlertConfigError, parseAlertConfig, type AlertConfig } from "./alerts/alert-config";

/** How new comments become visible: at once (`post`, moderators hide later) or after approval (`pre`). */
export type ModerationMode = "pre" | "post";

/**
 * Where comments are kept: a SQLite file (the default, one machine), or a
 * PostgreSQL server shared by several app instances (`DATABASE_URL`).
 */
export type CommentsDatabase = { kind: "sqlite"; path: string } | { kind: "postgres"; url: string };

/** Every comments setting, read from the environment once and checked. */
export interface CommentsConfig {
  /** `DATABASE_URL=postgres://…` chooses PostgreSQL; otherwise the SQLite file `COMMENTS_DB` (default `data/comments.db` under the working directory). */
  database: CommentsDatabase;
  /** `COMMENTS_MODERATION`: `pre` (default, 先审后发: new comments wait for a moderator) or `post`. */
  moderation: ModerationMode;
  /** Limits per reader, per address and per report; 0 turns a limit off. */
  limits: {
    commentsPerMinute: number;
    commentsPerHour: number;
    likesPerMinute: number;
    addressCommentsPerMinute: number;
    addressCommentsPerHour: number;
    addressLikesPerMinute: number;
    reportCommentsPerMinute: number;
    /** Reader reports (举报) per reader and per address per hour. */
    readerReportsPerHour: number;
    /** Console sign-in attempts per moderator name, and per address, per 15 minutes. */
    signInsPerName: number;
    signInsPerAddress: number;
  };
  /** Alert channels for moderators (alerts/alert-config.ts); none configured by default. */
  alerts: AlertConfig;
  /** `COMMENTS_REPORTS_TO_HIDE`: open reader reports that hide a comment until a moderator decides (0: never). */
  reportsToHide: number;
  /** `COMMENTS_MAX_REPLIES`: replies one thread may hold (0: no cap). */
  maxRepliesPerThread: number;
  /** `COMMENTS_ADDRESS_RETENTION_DAYS`: stored address pseudonyms are cleared after this many days. */
  addressRetentionDays: number;
  /** `COMMENTS_ADMIN_TOKEN`; null disables the moderation API entirely. */
  adminToken: string | null;
  /** `COMMENTS_SECRET` (at least 32 characters); null: the key file `secretFile` is used (made once). */
  secret: string | null;
  /** `COMMENTS_SECRET_FILE`: where the generated key lives, outside the comments database. */
  secretFile: string;
  /** `TRUST_PROXY`: reverse proxies of ours in front of the app (0: the socket's peer is the client). */
  trustProxy: boolean;
  trustedHops: number;
  /** Origin of `SITE_URL` (e.g. `https://news.example.org`), accepted as a same origin for writes. */
  siteOrigin: string | null;
}

export class CommentsConfigError extends Error {
  override name = "CommentsConfigError";
}

type Env = Record<string, string | undefined>;

/** Parses the comments settings; throws a CommentsConfigError naming the variable when one is malformed. */
export function parseCommentsConfig(env: Env, cwd: string = process.cwd()): CommentsConfig {
  const database = parseDatabase(env, cwd);
  const trustedHops = parseHops(env.TRUST_PROXY);
  return {
    database,
    moderation: parseModeration(env.COMMENTS_MODERATION),
    limits: {
      commentsPerMinute: parseLimit(env, "COMMENTS_LIMIT_PER_MINUTE", 5),
      commentsPerHour: parseLimit(env, "COMMENTS_LIMIT_PER_HOUR", 30),
      likesPerMinute: parseLimit(env, "LIKES_LIMIT_PER_MINUTE", 60),
      addressCommentsPerMinute: parseLimit(env, "COMMENTS_ADDRESS_LIMIT_PER_MINUTE", 10),
      addressCommentsPerHour: parseLimit(env, "COMMENTS_ADDRESS_LIMIT_PER_HOUR", 60),
      addressLikesPerMinute: parseLimit(env, "LIKES_ADDRESS_LIMIT_PER_MINUTE", 120),
      reportCommentsPerMinute: parseLimit(env, "COMMENTS_REPORT_LIMIT_PER_MINUTE", 60),
      readerReportsPerHour: parseLimit(env, "COMMENTS_READER_REPORTS_PER_HOUR", 20),
      signInsPerName: parseLimit(env, "COMMENTS_SIGNIN_LIMIT", 5),
      signInsPerAddress: parseLimit(env, "COMMENTS_SIGNIN_ADDRESS_LIMIT", 20),
    },
    reportsToHide: parseLimit(env, "COMMENTS_REPORTS_TO_HIDE", 3),
    alerts: parseAlerts(env),
    maxRepliesPerThread: parseLimit(env, "COMMENTS_MAX_REPLIES", 200),
    addressRetentionDays: parseLimit(env, "COMMENTS_ADDRESS_RETENTION_DAYS", 30),
    adminToken: nonEmpty(env.COMMENTS_ADMIN_TOKEN),
    secret: parseSecret(env.COMMENTS_SECRET),
    secretFile: parseSecretFile(env.COMMENTS_SECRET_FILE, database, cwd),
    trustProxy: trustedHops > 0,
    trustedHops,
    siteOrigin: parseSiteOrigin(env.SITE_URL),
  };
}

function parseAlerts(env: Env): AlertConfig {
  try {
    return parseAlertConfig(env);
  } catch (error) {
    if (error instanceof AlertConfigError) throw new CommentsConfigError(error.message);
    throw error;
  }
}

function parseHops(value: string | undefined): number {
  try {
    return parseTrustedHops(value);
  } catch (error) {
    throw new CommentsConfigError((error as Error).message);
  }
}

/** Shorter keys can be guessed offline from a leaked pseudonym; refuse them at start. */
function parseSecret(value: string | undefined): string | null {
  const v = nonEmpty(value);
  if (v === null) return null;
  if (v.length < 32) throw new CommentsConfigError("COMMENTS_SECRET must be at least 32 characters (e.g. the output of `openssl rand -base64 32`), or unset to use a generated key file");
  return v;
}

/**
 * The generated key sits beside the SQLite file (never inside it), or in
 * `data/` for PostgreSQL; instances on several machines set COMMENTS_SECRET instead.
 */
function parseSecretFile(value: string | undefined, database: CommentsDatabase, cwd: string): string {
  const v = nonEmpty(value);
  if (v !== null) return path.resolve(cwd, v);
  const dir = database.kind === "sqlite" && database.path !== ":memory:" ? path.dirname(database.path) : path.join(cwd, "data");
  return path.join(dir, "comments-secret.key");
}

let cached: CommentsConfig | undefined;

/** The settings of this process, parsed on first use (never at import time, so `next build` needs none). */
export function getCommentsConfig(): CommentsConfig {
  cached ??= parseCommentsConfig(process.env);
  return cached;
}

/** Forgets the parsed settings so tests can change the environment. */
export function resetCommentsConfig(): void {
  cached = undefined;
}

function nonEmpty(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function parseDatabase(env: Env, cwd: string): CommentsDatabase {
  const url = nonEmpty(env.DATABASE_URL);
  if (url !== null) {
    // Only the scheme goes into the message: the rest may hold a password.
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
    if (scheme !== "postgres" && scheme !== "postgresql") {
      throw new CommentsConfigError(
        `DATABASE_URL must be a PostgreSQL URL such as postgres://user@db.internal:5432/news (unset it to use SQLite via COMMENTS_DB), not ${scheme ? `a ${scheme}: URL` : "something without a scheme"}`,
      );
    }
    try {
      new URL(url);
    } catch {
      throw new CommentsConfigError("DATABASE_URL is not a well-formed URL (postgres://user:password@host:5432/database)");
    }
    return { kind: "postgres", url };
  }
  const file = nonEmpty(env.COMMENTS_DB);
  return { kind: "sqlite", path: file ? path.resolve(cwd, file) : path.join(cwd, "data", "comments.db") };
}

function parseModeration(value: string | undefined): ModerationMode {
  // Pre-moderation by default: news comments are reviewed before they appear (《互联网跟帖评论服务管理规定》).
  const v = nonEmpty(value)?.toLowerCase() ?? "pre";
  if (v === "pre" || v === "post") return v;
  throw new CommentsConfigError(`COMMENTS_MODERATION must be "pre" or "post", not ${JSON.stringify(value)}`);
}

function parseLimit(env: Env, name: string, fallback: number): number {
  const v = nonEmpty(env[name]);
  if (v === null) return fallback;
  if (!/^\d{1,9}$/.test(v)) throw new CommentsConfigError(`${name} must be a whole number (0 turns the limit off), not ${JSON.stringify(v)}`);
  return Number(v);
}

/** Only an explicitly configured SITE_URL widens same-origin checks; the default localhost does not. */
function parseSiteOrigin(value: string | undefined): string | null {
  const v = nonEmpty(value);
  if (v === null) return null;
  try {
    return parseSiteUrl(v).origin;
  } catch (error) {
    throw new CommentsConfigError((error as Error).message);
  }
}
