import { ApiError } from "./api-error";
import { jsonResponse, jsonTextResponse, withApiErrors } from "./api-response";
import {
  COMMENTS_PAGE_SIZE,
  REPLIES_PAGE_SIZE,
  type CommentCountsResponse,
  type CommentListResponse,
  type LikeResponse,
  type ReplyListResponse,
} from "../comment-api-types";
import { parseCommentJson } from "../comment-input";
import { toApiComment } from "./comment-json";
import type { CommentSort } from "../store/comment-store";
import { getCommentsRuntime, type CommentsRuntime } from "../comments-runtime";
import { assertNotBanned, likeChecks, postComment, rateLimited } from "../post-comment";
import { CommentRateLimitedError } from "../store/comment-store";
import { isPublishedReport, isSlugShaped } from "../published-reports";
import { readJsonBody } from "./read-request-body";
import { identifyReader, readerCookieHeader, type Reader } from "../identity/reader-identity";
import { MAX_COUNT_SLUGS } from "../comment-paths";
import { assertSameOrigin } from "./same-origin";
import { commentsClosedInFrontMatter } from "../comments-closed";

/** Highest page number served; far beyond any real thread, it keeps OFFSET bounded. */
const MAX_PAGE = 10_000;

function assertPublished(slug: string): void {
  if (!isPublishedReport(slug)) throw new ApiError("report_not_found");
}

/** `page` as a whole number from 1 to MAX_PAGE; anything else is `invalid_query`. */
export function parsePageParam(url: URL): number {
  const page = url.searchParams.get("page") ?? "1";
  if (!/^[1-9][0-9]{0,4}$/.test(page) || Number(page) > MAX_PAGE) throw new ApiError("invalid_query");
  return Number(page);
}

export function parseListQuery(url: URL): { sort: CommentSort; page: number } {
  const sort = url.searchParams.get("sort") ?? "hot";
  if (sort !== "hot" && sort !== "new") throw new ApiError("invalid_query");
  return { sort, page: parsePageParam(url) };
}

type ListPage = Awaited<ReturnType<CommentsRuntime["store"]["listComments"]>>;
type ThreadSummary = Awaited<ReturnType<CommentsRuntime["store"]["threadSummary"]>>;

/** Two statements when not cached: the page, and the counts with the console's closed flag. */
function readListPage(runtime: CommentsRuntime, slug: string, sort: CommentSort, page: number): Promise<[ListPage, ThreadSummary]> {
  return Promise.all([runtime.store.listComments({ slug, sort, offset: (page - 1) * COMMENTS_PAGE_SIZE, limit: COMMENTS_PAGE_SIZE }), runtime.store.threadSummary(slug)]);
}

function toListResponse(slug: string, page: number, { threads, hasMore }: ListPage, summary: ThreadSummary, closed: boolean): CommentListResponse {
  return { comments: threads.map(toApiComment), total: summary.comments, participants: summary.participants, page, pageSize: COMMENTS_PAGE_SIZE, hasMore, ...(closed ? { closed: true as const } : {}) };
}

/** One page of a report's thread with its counts. Used by the API and the server-rendered comments page. */
export async function listComments(runtime: CommentsRuntime, slug: string, sort: CommentSort, page: number): Promise<CommentListResponse> {
  const [found, summary] = await readListPage(runtime, slug, sort, page);
  // As areCommentsClosed, with the console's flag read alongside the counts.
  return toListResponse(slug, page, found, summary, commentsClosedInFrontMatter(slug) || summary.closed);
}

/**
 * List pages as JSON, by the page the read cache handed out: it hands out the
 * same (frozen) page and counts until the thread changes, so their JSON is
 * made once per change, not once per request (it was a fifth of a list
 * request's CPU). Uncached reads (PostgreSQL not listening) are new objects
 * each time and are not kept.
 */
const listJson = new WeakMap<ListPage, { summary: ThreadSummary; closed: boolean; json: string }>();

async function listCommentsJson(runtime: CommentsRuntime, slug: string, sort: CommentSort, page: number): Promise<string> {
  const [found, summary] = await readListPage(runtime, slug, sort, page);
  const closed = commentsClosedInFrontMatter(slug) || summary.closed;
  const kept = listJson.get(found);
  if (kept && kept.summary === summary && kept.closed === closed) return kept.json;
  const json = JSON.stringify(toListResponse(slug, page, found, summary, closed));
  if (Object.isFrozen(found) && Object.isFrozen(summary)) listJson.set(found, { summary, closed, json });
  return json;
}

/** GET /api/reports/{slug}/comments?sort=hot|new&page=N */
export function handleListComments(request: Request, slug: string): Promise<Response> {
  return withApiErrors(async () => {
    assertPublished(slug);
    const { sort, page } = parseListQuery(new URL(request.url));
    return jsonTextResponse(await listCommentsJson(getCommentsRuntime(), slug, sort, page));
  });
}

/** One page of a thread's replies. Used by the API and the server-rendered comments page. */
export async function listReplies(runtime: CommentsRuntime, commentId: string, page: number): Promise<ReplyListResponse | undefined> {
  const found = await runtime.store.listReplies(commentId, (page - 1) * REPLIES_PAGE_SIZE, REPLIES_PAGE_SIZE);
  if (!found) return undefined;
  return { replies: found.replies.map(toApiComment), replyCount: found.total, page, pageSize: REPLIES_PAGE_SIZE, hasMore: found.hasMore };
}

/** GET /api/comments/{id}/replies?page=N */
export function handleListReplies(request: Request, commentId: string): Promise<Response> {
  return withApiErrors(async () => {
    const page = parsePageParam(new URL(request.url));
    const found = await listReplies(getCommentsRuntime(), commentId, page);
    if (!found) throw new ApiError("comment_not_found");
    return jsonResponse(found);
  });
}

/** The reader behind a write, after the same-origin check every write needs. */
export function writingReader(request: Request, runtime: CommentsRuntime): Reader {
  assertSameOrigin(request, runtime.config);
  return identifyReader(request, runtime.keys);
}

function cookieHeaders(reader: Reader, request: Request, runtime: CommentsRuntime): Record<string, string> {
  return reader.isNew ? { "Set-Cookie": readerCookieHeader(reader, request, runtime.config) } : {};
}

/** POST /api/reports/{slug}/comments → 201 { comment } or 202 { status: "pending" } */
export function handlePostComment(request: Request, slug: string): Promise<Response> {
  return withApiErrors(async () => {
    const runtime = getCommentsRuntime();
    const reader = writingReader(request, runtime);
    assertPublished(slug);
    const input = parseCommentJson(await readJsonBody(request));
    const outcome = await postComment(runtime, slug, input, reader);
    const headers = cookieHeaders(reader, request, runtime);
    return outcome.status === "published" ? jsonResponse({ comment: outcome.comment }, 201, headers) : jsonResponse({ status: "pending" }, 202, headers);
  });
}

/** POST (like) and DELETE (un-like) /api/comments/{id}/like → 200 { likes } */
export function handleLike(request: Request, id: string, liked: boolean): Promise<Response> {
  return withApiErrors(async () => {
    const runtime = getCommentsRuntime();
    const reader = writingReader(request, runtime);
    await assertNotBanned(runtime, reader);
    // The limits and the like in one transaction, one commit.
    const rateLimit = { checks: likeChecks(runtime, reader), now: Date.now() };
    const likes = await (liked ? runtime.store.like(id, reader.storedId, reader.addressHash, { rateLimit }) : runtime.store.unlike(id, reader.storedId, { rateLimit })).catch((error: unknown) => {
      throw error instanceof CommentRateLimitedError ? rateLimited(error.retryAfterSeconds) : error;
    });
    if (likes === undefined) throw new ApiError("comment_not_found");
    const body: LikeResponse = { likes };
    return jsonResponse(body, 200, cookieHeaders(reader, request, runtime));
  });
}

/** GET /api/comment-counts?slugs=a,b → { counts: { a: 3, b: 0 } } (0 for reports without comments or unknown). */
export function handleCommentCounts(request: Request): Promise<Response> {
  return withApiErrors(async () => {
    const raw = new URL(request.url).searchParams.get("slugs");
    if (raw === null) throw new ApiError("invalid_query");
    const slugs = [...new Set(raw.split(",").map((slug) => slug.trim()).filter((slug) => slug !== ""))];
    if (slugs.length === 0 || slugs.length > MAX_COUNT_SLUGS || !slugs.every(isSlugShaped)) throw new ApiError("invalid_query");
    const counts = await getCommentsRuntime().store.countComments(slugs.filter(isPublishedReport));
    const body: CommentCountsResponse = { counts: Object.fromEntries(slugs.map((slug) => [slug, counts.get(slug)?.comments ?? 0])) };
    return jsonResponse(body);
  });
}
