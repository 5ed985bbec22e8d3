import path from "node:path";
import { parseSiteUrl } from "@/lib/site-url";

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
  /** `COMMENTS_MODERATION`: `post` (default) or `pre`. */
  moderation: ModerationMode;
  /** Per-reader limits; 0 turns a limit off. */
  limits: {
    commentsPerMinute: number;
    commentsPerHour: number;
    likesPerMinute: number;
  };
  /** `COMMENTS_ADMIN_TOKEN`; null disables the moderation API entirely. */
  adminToken: string | null;
  /** `IP_HASH_SALT`; null means a random salt kept in the database is used. */
  ipHashSalt: string | null;
  /** `TRUST_PROXY=1`: believe X-Forwarded-For / X-Real-IP / X-Forwarded-Host set by our reverse proxy. */
  trustProxy: boolean;
  /** Origin of `SITE_URL` (e.g. `https://news.example.org`), accepted as a same origin for writes. */
  siteOrigin: string | null;
}

export class CommentsConfigError extends Error {
  override name = "CommentsConfigError";
}

type Env = Record<string, string | undefined>;

/** Parses the comments settings; throws a CommentsConfigError naming the variable when one is malformed. */
export function parseCommentsConfig(env: Env, cwd: string = process.cwd()): CommentsConfig {
  return {
    database: parseDatabase(env, cwd),
    moderation: parseModeration(env.COMMENTS_MODERATION),
    limits: {
      commentsPerMinute: parseLimit(env, "COMMENTS_LIMIT_PER_MINUTE", 5),
      commentsPerHour: parseLimit(env, "COMMENTS_LIMIT_PER_HOUR", 30),
      likesPerMinute: parseLimit(env, "LIKES_LIMIT_PER_MINUTE", 60),
    },
    adminToken: nonEmpty(env.COMMENTS_ADMIN_TOKEN),
    ipHashSalt: nonEmpty(env.IP_HASH_SALT),
    trustProxy: parseFlag(env, "TRUST_PROXY"),
    siteOrigin: parseSiteOrigin(env.SITE_URL),
  };
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
  const v = nonEmpty(value)?.toLowerCase() ?? "post";
  if (v === "pre" || v === "post") return v;
  throw new CommentsConfigError(`COMMENTS_MODERATION must be "pre" or "post", not ${JSON.stringify(value)}`);
}

function parseLimit(env: Env, name: string, fallback: number): number {
  const v = nonEmpty(env[name]);
  if (v === null) return fallback;
  if (!/^\d{1,9}$/.test(v)) throw new CommentsConfigError(`${name} must be a whole number (0 turns the limit off), not ${JSON.stringify(v)}`);
  return Number(v);
}

function parseFlag(env: Env, name: string): boolean {
  const v = nonEmpty(env[name])?.toLowerCase();
  if (v === undefined || v === null || v === "0" || v === "false") return false;
  if (v === "1" || v === "true") return true;
  throw new CommentsConfigError(`${name} must be 1 or 0, not ${JSON.stringify(env[name])}`);
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
