import { ApiError, unavailableError } from "./api-error";
import type { ApiComment } from "./comment-api-types";
import type { CommentInput } from "./comment-input";
import { toApiComment } from "./comment-json";
import { CommentDuplicateError, CommentParentError, CommentStoreUnavailableError } from "./comment-store";
import type { CommentsRuntime } from "./comments-runtime";
import type { Reader } from "./reader-identity";

/** The same text from the same reader within this time is refused. */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

export type PostOutcome = { status: "published"; comment: ApiComment } | { status: "pending"; id: string };

/** Keys a reader's actions are limited by: the cookie id, and the IP hash when the IP is known. */
export function limitKeys(reader: Reader): string[] {
  return reader.ipHash === null ? [`r:${reader.id}`] : [`r:${reader.id}`, `ip:${reader.ipHash}`];
}

/**
 * Stores a checked comment for a published report, shared by the JSON API and
 * the no-JavaScript form: rate limits (shared by every instance, in the store),
 * then the duplicate check and the write in one transaction. Published at once,
 * or pending under pre-moderation.
 */
export async function postComment(runtime: CommentsRuntime, slug: string, input: CommentInput, reader: Reader, now = new Date()): Promise<PostOutcome> {
  try {
    const decision = await runtime.commentLimiter.take(limitKeys(reader), now.getTime());
    if (!decision.allowed) throw new ApiError("rate_limited", { "Retry-After": String(decision.retryAfterSeconds) });
    const stored = await runtime.store.createComment(
      {
        slug,
        parentId: input.parentId,
        nickname: input.nickname,
        text: input.text,
        readerId: reader.id,
        ipHash: reader.ipHash,
        status: runtime.config.moderation === "pre" ? "pending" : "published",
        createdAt: now,
      },
      { rejectDuplicatesSince: new Date(now.getTime() - DUPLICATE_WINDOW_MS) },
    );
    return stored.status === "published" ? { status: "published", comment: toApiComment(stored) } : { status: "pending", id: stored.id };
  } catch (error) {
    if (error instanceof CommentDuplicateError) throw new ApiError("duplicate_comment");
    if (error instanceof CommentParentError) throw new ApiError("invalid_parent");
    // An ApiError, so the no-JavaScript form can send the reader back with the draft and a message.
    if (error instanceof CommentStoreUnavailableError) throw unavailableError();
    throw error;
  }
}
