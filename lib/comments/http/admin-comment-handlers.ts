import { ApiError } from "./api-error";
import { jsonResponse, withApiErrors } from "./api-response";
import { toAdminComment } from "./comment-json";
import { COMMENT_STATUSES, type CommentStatus } from "../store/comment-store";
import { getCommentsRuntime } from "../comments-runtime";
import { assertAdmin } from "./admin-auth";

const MAX_ADMIN_LIST = 500;
/** How the audit log names actions taken through the bearer-token API (and so the CLI). */
export const ADMIN_API_MODERATOR = "admin-api";

/** GET /api/admin/comments?status=pending&limit=100 → { comments: [...] }, oldest first. */
export function handleAdminList(request: Request): Promise<Response> {
  return withApiErrors(async () => {
    const runtime = getCommentsRuntime();
    assertAdmin(request, runtime.config);
    const params = new URL(request.url).searchParams;
    const status = params.get("status") ?? "pending";
    const limit = params.get("limit") ?? "100";
    if (!(COMMENT_STATUSES as readonly string[]).includes(status)) throw new ApiError("invalid_query");
    if (!/^[1-9][0-9]{0,3}$/.test(limit) || Number(limit) > MAX_ADMIN_LIST) throw new ApiError("invalid_query");
    const comments = await runtime.store.listByStatus(status as CommentStatus, Number(limit));
    return jsonResponse({ comments: comments.map(toAdminComment) });
  });
}

/** POST /api/admin/comments/{id}/approve and …/hide → { comment } */
export function handleAdminSetStatus(request: Request, id: string, status: "published" | "hidden"): Promise<Response> {
  return withApiErrors(async () => {
    const runtime = getCommentsRuntime();
    assertAdmin(request, runtime.config);
    const before = await runtime.store.getComment(id);
    const comment = await runtime.store.setStatus(id, status);
    if (!comment) throw new ApiError("comment_not_found");
    await runtime.store.recordAudit({
      at: new Date(),
      moderator: ADMIN_API_MODERATOR,
      action: status === "published" ? "approve" : "hide",
      commentId: comment.id,
      slug: comment.slug,
      statusBefore: before?.status ?? null,
      statusAfter: comment.status,
      detail: null,
    });
    return jsonResponse({ comment: toAdminComment(comment) });
  });
}

/** DELETE /api/admin/comments/{id} → { id, deleted: true }; replies and likes go with it. */
export function handleAdminDelete(request: Request, id: string): Promise<Response> {
  return withApiErrors(async () => {
    const runtime = getCommentsRuntime();
    assertAdmin(request, runtime.config);
    const before = await runtime.store.getComment(id);
    if (!before || !(await runtime.store.deleteComment(id))) throw new ApiError("comment_not_found");
    await runtime.store.recordAudit({ at: new Date(), moderator: ADMIN_API_MODERATOR, action: "delete", commentId: null, slug: before.slug, statusBefore: before.status, statusAfter: "deleted", detail: `comment ${id}` });
    return jsonResponse({ id, deleted: true });
  });
}
