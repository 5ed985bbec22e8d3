import { isLang, DEFAULT_LANG, type Lang } from "@/lib/i18n/languages";
import { ApiError, unavailableError, type ApiErrorCode } from "./api-error";
import { jsonResponse, withApiErrors } from "./api-response";
import { writingReader } from "./comment-handlers";
import { commentsPagePath } from "../comment-paths";
import { getCommentsRuntime, type CommentsRuntime } from "../comments-runtime";
import { flashCookies, newFlashId } from "./form-flash";
import { enforceLimits } from "../post-comment";
import { readFormBody, readJsonBody } from "./read-request-body";
import { isHttps, readerCookieHeader, type Reader } from "../identity/reader-identity";
import { CommentStoreUnavailableError, REPORT_REASONS, type ReportReason } from "../store/comment-store";

/** A report body is one word; anything bigger is not a report. */
const MAX_REPORT_BODY_BYTES = 1024;

export interface ReportResponse {
  /** "reported": counted now; "already_reported": this reader or address had reported it (nothing changed). */
  status: "reported" | "already_reported";
}

export function parseReportReason(value: unknown): ReportReason {
  if (typeof value !== "string" || !(REPORT_REASONS as readonly string[]).includes(value)) throw new ApiError("invalid_reason");
  return value as ReportReason;
}

/**
 * A reader's report (举报), shared by the JSON API and the no-JavaScript form:
 * limits per reader and per address, then one report per comment per reader
 * and per address; at COMMENTS_REPORTS_TO_HIDE open reports the comment is
 * hidden until a moderator decides.
 */
export async function reportComment(runtime: CommentsRuntime, commentId: string, reason: ReportReason, reader: Reader): Promise<ReportResponse["status"]> {
  const { limits } = runtime;
  await enforceLimits(runtime, [...limits.readerReports.checks([`r:${reader.storedId}`]), ...limits.addressReports.checks([`a:${reader.rateAddress}`])]);
  const outcome = await runtime.store
    .reportComment({ commentId, readerId: reader.storedId, addressHash: reader.addressHash, reason, createdAt: new Date() }, runtime.config.reportsToHide, { alert: runtime.alerts !== null })
    .catch((error: unknown) => {
      // An ApiError, so the no-JavaScript form can send the reader back with a message.
      throw error instanceof CommentStoreUnavailableError ? unavailableError() : error;
    });
  if (!outcome) throw new ApiError("comment_not_found");
  return outcome.accepted ? "reported" : "already_reported";
}

/** POST /api/comments/{id}/report { reason } → 200 { status } */
export function handleReportComment(request: Request, commentId: string): Promise<Response> {
  return withApiErrors(async () => {
    const runtime = getCommentsRuntime();
    const reader = writingReader(request, runtime);
    const body = await readJsonBody(request, MAX_REPORT_BODY_BYTES);
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw new ApiError("invalid_body");
    const reason = parseReportReason((body as { reason?: unknown }).reason);
    const status = await reportComment(runtime, commentId, reason, reader);
    const response: ReportResponse = { status };
    return jsonResponse(response, 200, reader.isNew ? { "Set-Cookie": readerCookieHeader(reader, request, runtime.config) } : {});
  });
}

/**
 * POST /api/comments/{id}/report/form — the no-JavaScript report: a plain form
 * (reason, lang), answered with a redirect to the comments page,
 * `?reported=reported|already_reported#comment-<id>`, or a signed flash with
 * the error (form-flash.ts), never an error message in the URL.
 */
export function handleReportForm(request: Request, commentId: string): Promise<Response> {
  return withApiErrors(async () => {
    const runtime = getCommentsRuntime();
    const reader = writingReader(request, runtime);
    const cookies = reader.isNew ? [readerCookieHeader(reader, request, runtime.config)] : [];
    const comment = await runtime.store.getComment(commentId).catch(() => undefined);
    let lang: Lang = DEFAULT_LANG;
    const back = (query: string, extra: readonly string[] = []) => {
      // A comment we cannot find sends the reader to the site's front page of that language.
      const page = comment ? commentsPagePath(lang, comment.slug) : `/${lang}`;
      const headers = new Headers({ Location: `${page}?${query}#comment-${encodeURIComponent(commentId)}`, "Cache-Control": "no-store" });
      for (const cookie of [...cookies, ...extra]) headers.append("Set-Cookie", cookie);
      return new Response(null, { status: 303, headers });
    };
    const refused = (code: ApiErrorCode, retry?: string) => {
      const id = newFlashId();
      const flash = { code, retryAfterSeconds: retry ? Number(retry) : null, nickname: "", text: "" };
      const page = comment ? commentsPagePath(lang, comment.slug) : `/${lang}`;
      return back(`flash=${id}`, flashCookies(runtime.keys, id, flash, page, isHttps(request, runtime.config)));
    };
    try {
      const form = await readFormBody(request, MAX_REPORT_BODY_BYTES);
      const langField = form.get("lang");
      if (isLang(langField)) lang = langField;
      if (!comment) throw new ApiError("comment_not_found");
      const status = await reportComment(runtime, commentId, parseReportReason(form.get("reason")), reader);
      return back(`reported=${status}`);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return refused(error.code, error.headers["Retry-After"]);
    }
  });
}
