import { randomBytes } from "node:crypto";
import type { CommentStore } from "./comment-store";
import { getCommentsConfig, resetCommentsConfig, type CommentsConfig } from "./comments-config";
import { RateLimiter } from "./rate-limiter";
import { openSqliteCommentStore } from "./sqlite-comment-store";

/** What the API needs at run time, made on the first request (so `next build` opens no database). */
export interface CommentsRuntime {
  config: CommentsConfig;
  store: CommentStore;
  commentLimiter: RateLimiter;
  likeLimiter: RateLimiter;
  /** Salt for IP hashes: IP_HASH_SALT, else a random one created once and kept in the database. */
  ipHashSalt: Promise<string>;
}

const MINUTE = 60_000;
let runtime: CommentsRuntime | undefined;

export function getCommentsRuntime(): CommentsRuntime {
  if (!runtime) {
    const config = getCommentsConfig();
    const store = openSqliteCommentStore(config.dbPath);
    runtime = {
      config,
      store,
      commentLimiter: new RateLimiter([
        { limit: config.limits.commentsPerMinute, windowMs: MINUTE },
        { limit: config.limits.commentsPerHour, windowMs: 60 * MINUTE },
      ]),
      likeLimiter: new RateLimiter([{ limit: config.limits.likesPerMinute, windowMs: MINUTE }]),
      ipHashSalt: config.ipHashSalt !== null ? Promise.resolve(config.ipHashSalt) : store.getOrCreateSecret("ip_hash_salt", () => randomBytes(32).toString("hex")),
    };
  }
  return runtime;
}

/** Closes the database and forgets settings and limits, so tests can start afresh with another environment. */
export async function resetCommentsRuntime(): Promise<void> {
  const current = runtime;
  runtime = undefined;
  resetCommentsConfig();
  if (current) {
    await current.ipHashSalt.catch(() => {});
    await current.store.close();
  }
}
