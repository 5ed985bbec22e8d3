import { handleAdminDelete, handleAdminList, handleAdminSetStatus } from "@/lib/comments/http/admin-comment-handlers";
import { jsonResponse } from "@/lib/comments/http/api-response";
import { handleCommentForm } from "@/lib/comments/http/comment-form-handler";
import { handleConsoleGet, handleConsolePost } from "@/lib/comments/http/console-handlers";
import { handleReportComment, handleReportForm } from "@/lib/comments/http/report-handlers";
import { handleSearchRequest } from "@/lib/search/search-api";
import { handleCommentCounts, handleLike, handleListComments, handleListReplies, handlePostComment } from "@/lib/comments/http/comment-handlers";
import { createApiRouter, route } from "./api-router";

/**
 * THE routing table of /api/*: the only one (there are no app/api route
 * files; Next never sees these paths). Served by the server entry before Next
 * (lib/server/api-front-handler.ts), in `npm start` and `npm run dev` alike.
 *
 * Adding an endpoint is one line: `route("METHOD", "/api/path/:param", (request, p) => handler(request, p.param))`
 * with a Web-standard handler from lib/ (Request in, Response out). Several
 * methods on one path are several lines; the table answers HEAD (as GET),
 * OPTIONS, 405 with `Allow` and malformed percent-escapes itself. Paths not
 * in the table fall through to Next (its 404 page, its trailing-slash redirect).
 */
export const API_ROUTES = [
  // The lean path's ceiling: constant JSON, also the liveness check.
  route("GET", "/api/ping", () => jsonResponse({ ok: true })),
  route("GET", "/api/reports/:slug/comments", (request, p) => handleListComments(request, p.slug!)),
  route("POST", "/api/reports/:slug/comments", (request, p) => handlePostComment(request, p.slug!)),
  // The no-JavaScript form: 303 back to the comments page, with flash cookies when refused.
  route("POST", "/api/reports/:slug/comments/form", (request, p) => handleCommentForm(request, p.slug!)),
  route("GET", "/api/comments/:id/replies", (request, p) => handleListReplies(request, p.id!)),
  route("POST", "/api/comments/:id/like", (request, p) => handleLike(request, p.id!, true)),
  route("DELETE", "/api/comments/:id/like", (request, p) => handleLike(request, p.id!, false)),
  // 举报: JSON from the widget, and the plain form without JavaScript (303 back to the comments page).
  route("POST", "/api/comments/:id/report", (request, p) => handleReportComment(request, p.id!)),
  route("POST", "/api/comments/:id/report/form", (request, p) => handleReportForm(request, p.id!)),
  route("GET", "/api/comment-counts", (request) => handleCommentCounts(request)),
  route("GET", "/api/admin/comments", (request) => handleAdminList(request)),
  route("DELETE", "/api/admin/comments/:id", (request, p) => handleAdminDelete(request, p.id!)),
  route("POST", "/api/admin/comments/:id/approve", (request, p) => handleAdminSetStatus(request, p.id!, "published")),
  route("POST", "/api/admin/comments/:id/hide", (request, p) => handleAdminSetStatus(request, p.id!, "hidden")),
  // Search results as JSON (the page /{lang}/search renders the same results as HTML).
  route("GET", "/api/search", (request) => handleSearchRequest(request)),
  // The console's forms (sign-in, actions, downloads): answered with redirects and files, behind its session.
  route("GET", "/api/admin/console/:action", (request, p) => handleConsoleGet(request, { action: p.action! })),
  route("POST", "/api/admin/console/:action", (request, p) => handleConsolePost(request, { action: p.action! })),
];

export const apiRouter = createApiRouter(API_ROUTES);
