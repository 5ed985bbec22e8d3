import type { CommentStore } from "./store/comment-store";
import { getCommentsConfig, resetCommentsConfig, type CommentsConfig } from "./comments-config";
import { commentsKeys, type CommentsKeys } from "./identity/comments-keys";
import { openPostgresCommentStore, openSqliteCommentStore } from "./store/open-comment-store";
import { RateLimiter } from "./identity/rate-limiter";
import { WordRuleCache } from "./word-rules/word-rule-cache";
import { alertChannels } from "./alerts/alert-channels";
import { alertsConfigured } from "./alerts/alert-config";
import { AlertSender } from "./alerts/alert-sender";

/** What the API needs at run time, made on the first request (so `next build` opens no database). */
export interface CommentsRuntime {
  config: CommentsConfig;
  store: CommentStore;
  /** Keys for reader ids and address pseudonyms (from the environment or the key file, never the database). */
  keys: CommentsKeys;
  /** Limits kept in the store, so they hold across every instance sharing it. */
  limits: {
    readerComments: RateLimiter;
    addressComments: RateLimiter;
    reportComments: RateLimiter;
    readerLikes: RateLimiter;
    addressLikes: RateLimiter;
    readerReports: RateLimiter;
    addressReports: RateLimiter;
    /** Console sign-in attempts, per moderator name and per address. */
    signInName: RateLimiter;
    signInAddress: RateLimiter;
  };
  /** This process's word rules, rebuilt when the database's list changes. */
  wordRules: WordRuleCache;
  /** The background alert sender when a channel is configured (posts and reports then write the outbox), else null. */
  alerts: AlertSender | null;
  /** Clears address pseudonyms past the retention period, at most once an hour per process; never fails a request. */
  sweepOldAddresses(now?: number): void;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
let runtime: CommentsRuntime | undefined;
/** A retention sweep in flight, so closing waits for it. */
let sweeping: Promise<unknown> | undefined;

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
    const keys = commentsKeys(config);
    const store = openCommentStore(config);
    const { limits } = config;
    let lastSweep = 0;
    runtime = {
      config,
      store,
      keys,
      limits: {
        readerComments: new RateLimiter(store, "comment", [
          { limit: limits.commentsPerMinute, windowMs: MINUTE },
          { limit: limits.commentsPerHour, windowMs: HOUR },
        ]),
        addressComments: new RateLimiter(store, "comment", [
          { limit: limits.addressCommentsPerMinute, windowMs: MINUTE },
          { limit: limits.addressCommentsPerHour, windowMs: HOUR },
        ]),
        reportComments: new RateLimiter(store, "report", [{ limit: limits.reportCommentsPerMinute, windowMs: MINUTE }]),
        readerLikes: new RateLimiter(store, "like", [{ limit: limits.likesPerMinute, windowMs: MINUTE }]),
        addressLikes: new RateLimiter(store, "like", [{ limit: limits.addressLikesPerMinute, windowMs: MINUTE }]),
        readerReports: new RateLimiter(store, "flag", [{ limit: limits.readerReportsPerHour, windowMs: HOUR }]),
        addressReports: new RateLimiter(store, "flag", [{ limit: limits.readerReportsPerHour, windowMs: HOUR }]),
        signInName: new RateLimiter(store, "signin:n", [{ limit: limits.signInsPerName, windowMs: 15 * MINUTE }]),
        signInAddress: new RateLimiter(store, "signin:a", [{ limit: limits.signInsPerAddress, windowMs: 15 * MINUTE }]),
      },
      wordRules: new WordRuleCache(store),
      alerts: alertsConfigured(config.alerts) ? new AlertSender(store, alertChannels(config.alerts), config.alerts.intervalSeconds * 1000) : null,
      sweepOldAddresses(now = Date.now()) {
        if (config.addressRetentionDays === 0 || now - lastSweep < HOUR) return;
        lastSweep = now;
        sweeping = store.clearAddressHashes(new Date(now - config.addressRetentionDays * DAY)).catch((error: unknown) => {
          console.warn(`comments: clearing old address pseudonyms failed (${(error as Error).message}); trying again within the hour`);
          lastSweep = 0;
        });
      },
    };
    runtime.alerts?.start();
  }
  return runtime;
}

/** Closes the database and forgets settings, so tests can start afresh with another environment. */
export async function resetCommentsRuntime(): Promise<void> {
  const current = runtime;
  const pendingSweep = sweeping;
  runtime = undefined;
  sweeping = undefined;
  resetCommentsConfig();
  if (current) {
    await current.alerts?.stop();
    await pendingSweep;
    await current.store.close();
  }
}
