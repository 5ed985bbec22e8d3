import { isLang, DEFAULT_LANG, type Lang } from "@/lib/i18n/languages";
import { ApiError, type ApiErrorCode } from "./api-error";
import { errorResponse, withApiErrors } from "./api-response";
import { writingReader } from "./comment-handlers";
import { HONEYPOT_FIELD, parseCommentInput } from "../comment-input";
import { commentsPagePath } from "../comment-paths";
import { getCommentsRuntime } from "../comments-runtime";
import { flashCookies, newFlashId } from "./form-flash";
import { postComment } from "../post-comment";
import { isPublishedReport } from "../published-reports";
import { readFormBody } from "./read-request-body";
import { isHttps, readerCookieHeader } from "../identity/reader-identity";

function seeOther(location: string, cookies: readonly string[]): Response {
  const headers = new Headers({ Location: location, "Cache-Control": "no-store" });
  for (const cookie of cookies) headers.append("Set-Cookie", cookie);
  return new Response(null, { status: 303, headers });
}

/**
 * POST /api/reports/{slug}/comments/form — the no-JavaScript path. Takes a plain
 * HTML form, then redirects (303) back to the server-rendered comments page with
 * `?posted=published|pending`, or, when refused, with only a random `?flash=`
 * id while the error and the reader's draft travel in a short-lived HttpOnly
 * cookie (form-flash.ts), so nothing typed is lost and nothing lands in a URL.
 */
export function handleCommentForm(request: Request, slug: string): Promise<Response> {
  return withApiErrors(async () => {
    const runtime = getCommentsRuntime();
    // A cross-site form post is answered with the JSON error, not processed.
    const reader = writingReader(request, runtime);
    const cookies = reader.isNew ? [readerCookieHeader(reader, request, runtime.config)] : [];
    if (!isPublishedReport(slug)) return errorResponse("report_not_found");

    const refused = (lang: Lang, code: ApiErrorCode, draft: { nickname?: string | null; text?: string | null; retry?: string } = {}) => {
      const id = newFlashId();
      const page = commentsPagePath(lang, slug);
      const flash = { code, retryAfterSeconds: draft.retry ? Number(draft.retry) : null, nickname: draft.nickname ?? "", text: draft.text ?? "" };
      return seeOther(`${page}?flash=${id}#comment-form`, [...cookies, ...flashCookies(runtime.keys, id, flash, page, isHttps(request, runtime.config))]);
    };

    let form: URLSearchParams;
    try {
      form = await readFormBody(request);
    } catch (error) {
      if (error instanceof ApiError) return refused(DEFAULT_LANG, error.code);
      throw error;
    }
    const langField = form.get("lang");
    const lang: Lang = isLang(langField) ? langField : DEFAULT_LANG;
    const page = commentsPagePath(lang, slug);
    try {
      const input = parseCommentInput({ nickname: form.get("nickname"), text: form.get("text"), parentId: form.get("parentId"), honeypot: form.get(HONEYPOT_FIELD) });
      const outcome = await postComment(runtime, slug, input, reader);
      const location =
        outcome.status === "published" ? `${page}?sort=new&posted=published#comment-${outcome.comment.id}` : `${page}?posted=pending#comment-form`;
      return seeOther(location, cookies);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return refused(lang, error.code, { nickname: form.get("nickname"), text: form.get("text"), retry: error.headers["Retry-After"] });
    }
  });
}
