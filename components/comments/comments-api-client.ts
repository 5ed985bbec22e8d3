import type {
  ApiComment,
  ApiErrorBody,
  CommentListResponse,
  CommentSortParam,
  LikeResponse,
  PostCommentResponse,
  ReplyListResponse,
} from "@/lib/comments/comment-api-types";
import { commentsApiPath, likeApiPath, repliesApiPath, reportApiPath } from "@/lib/comments/comment-paths";

/** A failed API call: the server's error code (or `network`), and Retry-After seconds for 429s. */
export class CommentsRequestError extends Error {
  override name = "CommentsRequestError";
  constructor(
    readonly code: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(code);
  }
}

async function callApi<T>(url: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: "same-origin", headers: { Accept: "application/json", ...init.headers } });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new CommentsRequestError("network");
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new CommentsRequestError(response.ok ? "internal_error" : response.status === 413 ? "payload_too_large" : "internal_error");
  }
  if (!response.ok) {
    const code = (body as Partial<ApiErrorBody>).error?.code ?? "internal_error";
    const retry = Number(response.headers.get("retry-after"));
    throw new CommentsRequestError(code, Number.isFinite(retry) && retry > 0 ? retry : null);
  }
  return { status: response.status, body: body as T };
}

export async function fetchComments(slug: string, sort: CommentSortParam, page: number, signal?: AbortSignal): Promise<CommentListResponse> {
  return (await callApi<CommentListResponse>(`${commentsApiPath(slug)}?sort=${sort}&page=${page}`, { signal, cache: "no-store" })).body;
}

export async function fetchReplies(commentId: string, page: number): Promise<ReplyListResponse> {
  return (await callApi<ReplyListResponse>(repliesApiPath(commentId, page), { cache: "no-store" })).body;
}

export type SubmitOutcome = { status: "published"; comment: ApiComment } | { status: "pending" };

export async function submitComment(slug: string, fields: { nickname: string; text: string; parentId?: string; website: string }): Promise<SubmitOutcome> {
  const { status, body } = await callApi<PostCommentResponse | { status: "pending" }>(commentsApiPath(slug), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(fields),
  });
  return status === 201 && "comment" in body ? { status: "published", comment: body.comment } : { status: "pending" };
}

export async function setLike(commentId: string, liked: boolean): Promise<number> {
  return (await callApi<LikeResponse>(likeApiPath(commentId), { method: liked ? "POST" : "DELETE" })).body.likes;
}

/** 举报: "reported", or "already_reported" when this reader or address had reported it. */
export async function reportComment(commentId: string, reason: string): Promise<"reported" | "already_reported"> {
  const { body } = await callApi<{ status: "reported" | "already_reported" }>(reportApiPath(commentId), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ reason }),
  });
  return body.status;
}
