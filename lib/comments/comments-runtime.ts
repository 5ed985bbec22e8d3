import { randomBytes } from "node:crypto";
import type { CommentStore } from "./comment-store";
import { getCommentsConfig, resetCommentsConfig, type CommentsConfig } from "./comments-config";
import { openPostgresCommentStore } from "./postgres-comment-store";
import { RateLimiter } from "./rate-limiter";
import { openSqliteCommentStore } from "./sqlite-comment-store";

/** What the API needs at run time, made on the first request (so `next build` opens no database). */
export interface CommentsRuntime {
  config: CommentsConfig;
  store: CommentStore;
  /** Limits kept in the store, so they hold across every instance sharing it. */
  commentLimiter: RateLimiter;
  likeLimiter: RateLimiter;
  /**
   * Salt for IP hashes: IP_HASH_SALT, else a random one created once and kept in
   * the database. Read from the database on first need and then remembered; a
   * failed read (database down) is tried again on the next call.
   */
  ipHashSalt(): Promise<string>;
}

const MINUTE = 60_000;
let runtime: CommentsRuntime | undefined;
/** The salt read in flight or done, so closing waits for it. */
let salt: Promise<string> | undefined;

/** The one place the backend is chosen: PostgreSQL when DATABASE_URL is set, else SQLite. */
export function openCommentStore(config: CommentsConfig): CommentStore {
  if (config.database.kind === "postgres") {
    const store = openPostgresCommentStore({ connectionString: config.database.url });
    // Migrate on start; a database that is down now is retried by the first request.
    store.ready().catch((error: unknown) => console.warn(`comments database not ready: ${(error as Error).message}`));
    return store;
  }
  return openSqliteCommentStore(config.database.path);
}

export function getCommentsRuntime(): CommentsRuntime {
  if (!runtime) {
    const config = getCommentsConfig();
    const store = openCommentStore(config);
    salt = config.ipHashSalt !== null ? Promise.resolve(config.ipHashSalt) : undefined;
    runtime = {
      config,
      store,
      commentLimiter: new RateLimiter(store, "comment", [
        { limit: config.limits.commentsPerMinute, windowMs: MINUTE },
        { limit: config.limits.commentsPerHour, windowMs: 60 * MINUTE },
      ]),
      likeLimiter: new RateLimiter(store, "like", [{ limit: config.limits.likesPerMinute, windowMs: MINUTE }]),
      ipHashSalt: () => {
        salt ??= store.getOrCreateSecret("ip_hash_salt", () => randomBytes(32).toString("hex")).catch((error: unknown) => {
          salt = undefined;
          throw error;
        });
        return salt;
      },
    };
  }
  return runtime;
}

/** Closes the database and forgets settings, so tests can start afresh with another environment. */
export async function resetCommentsRuntime(): Promise<void> {
  const current = runtime;
  const pendingSalt = salt;
  runtime = undefined;
  salt = undefined;
  resetCommentsConfig();
  if (current) {
    await pendingSalt?.catch(() => {});
    await current.store.close();
  }
}
