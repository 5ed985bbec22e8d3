import { ApiError, unavailableError } from "./http/api-error";
import type { ApiComment } from "./comment-api-types";
import type { CommentInput } from "./comment-input";
import { areCommentsClosed } from "./comments-closed";
import { toApiComment } from "./http/comment-json";
import { CommentDuplicateError, CommentParentError, CommentRateLimitedError, CommentStoreUnavailableError, CommentThreadFullError } from "./store/comment-store";
import type { CommentsRuntime } from "./comments-runtime";
import { takeTogether, type RateCheck } from "./identity/rate-limiter";
import type { Reader } from "./identity/reader-identity";
import type { WordRuleAction } from "./word-rules/word-rule";

/** The same text from the same reader, or the same address, within this time is refused. */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

export type PostOutcome = { status: "published"; comment: ApiComment } | { status: "pending"; id: string };

/**
 * Posting counts against the reader, the address and the report, all at once
 * or not at all. A stored post is counted from its own row in `comments` (by
 * reader id, address pseudonym and report), so it writes no rate event; a
 * post that stores nothing (a word-rule probe, a duplicate) still records one,
 * under the same keys (the address by its pseudonym, which does not rotate).
 */
function postChecks(runtime: CommentsRuntime, reader: Reader, slug: string): RateCheck[] {
  const { limits } = runtime;
  return [
    ...limits.readerComments.countingRows({ column: "reader_id", value: reader.storedId }),
    ...limits.addressComments.countingRows({ column: "ip_hash", value: reader.addressHash }),
    ...limits.reportComments.countingRows({ column: "slug", value: slug }),
  ];
}

/** Liking counts against the reader and the address. */
export function likeChecks(runtime: CommentsRuntime, reader: Reader): RateCheck[] {
  const { limits } = runtime;
  return [...limits.readerLikes.checks([`r:${reader.storedId}`]), ...limits.addressLikes.checks([`a:${reader.rateAddress}`])];
}

/** 429 with Retry-After. */
export function rateLimited(retryAfterSeconds: number): ApiError {
  return new ApiError("rate_limited", { "Retry-After": String(retryAfterSeconds) });
}

/** Takes the checks in a transaction of their own, or throws 429 with Retry-After (for requests that store nothing). */
export async function enforceLimits(runtime: CommentsRuntime, checks: readonly RateCheck[], now: number = Date.now()): Promise<void> {
  const decision = await takeTogether(runtime.store, checks, now);
  if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
}

/** What the word rules say about the text and the nickname together. */
async function wordVerdict(runtime: CommentsRuntime, input: CommentInput): Promise<WordRuleAction | null> {
  const matcher = await runtime.wordRules.current();
  const verdicts = [matcher.check(input.text).action, input.nickname === null ? null : matcher.check(input.nickname).action];
  return verdicts.includes("reject") ? "reject" : verdicts.includes("hold") ? "hold" : null;
}

/** 403 `reader_banned` while a moderator's ban on this reader (by id or address pseudonym) is in force. */
export async function assertNotBanned(runtime: CommentsRuntime, reader: Reader, now = new Date()): Promise<void> {
  if (await runtime.store.isBanned(reader.storedId, reader.addressHash, now)) throw new ApiError("reader_banned");
}

/**
 * Stores a checked comment for a published report, shared by the JSON API and
 * the no-JavaScript form: rate limits (shared by every instance, in the store),
 * then the duplicate check, the thread cap and the write in one transaction.
 * Word rules reject it (400 text_blocked) or hold it. Published at once, or
 * pending under pre-moderation or a holding word.
 */
export async function postComment(runtime: CommentsRuntime, slug: string, input: CommentInput, reader: Reader, now = new Date()): Promise<PostOutcome> {
  try {
    // Refusals that no retry changes come before the limits, so they cost the reader no quota (both asked at once).
    const [closed, banned] = await Promise.all([areCommentsClosed(runtime, slug), runtime.store.isBanned(reader.storedId, reader.addressHash, now)]);
    if (closed) throw new ApiError("comments_closed");
    if (banned) throw new ApiError("reader_banned");
    const checks = postChecks(runtime, reader, slug);
    const words = await wordVerdict(runtime, input);
    if (words === "reject") {
      // Probing the word list costs the prober their limit, as a post does.
      await enforceLimits(runtime, checks, now.getTime());
      throw new ApiError("text_blocked");
    }
    const maxReplies = runtime.config.maxRepliesPerThread;
    const stored = await runtime.store.createComment(
      {
        slug,
        parentId: input.parentId,
        nickname: input.nickname,
        text: input.text,
        readerId: reader.storedId,
        ipHash: reader.addressHash,
        status: runtime.config.moderation === "pre" || words === "hold" ? "pending" : "published",
        createdAt: now,
      },
      {
        // The limits, the duplicate check, the thread cap, the insert and its alert: one transaction, one commit.
        rateLimit: { checks, now: now.getTime() },
        rejectDuplicatesSince: new Date(now.getTime() - DUPLICATE_WINDOW_MS),
        alertWhenPending: runtime.alerts !== null,
        ...(maxReplies > 0 ? { maxRepliesPerThread: maxReplies } : {}),
      },
    );
    runtime.sweepOldAddresses(now.getTime());
    return stored.status === "published" ? { status: "published", comment: toApiComment(stored) } : { status: "pending", id: stored.id };
  } catch (error) {
    if (error instanceof CommentRateLimitedError) throw rateLimited(error.retryAfterSeconds);
    if (error instanceof CommentDuplicateError) throw new ApiError("duplicate_comment");
    if (error instanceof CommentParentError) throw new ApiError("invalid_parent");
    if (error instanceof CommentThreadFullError) throw new ApiError("thread_full");
    // An ApiError, so the no-JavaScript form can send the reader back with the draft and a message.
    if (error instanceof CommentStoreUnavailableError) throw unavailableError();
    throw error;
  }
}
