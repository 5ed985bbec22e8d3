import { isLang, DEFAULT_LANG, type Lang } from "@/lib/i18n/languages";
import { ApiError, type ApiErrorCode } from "./api-error";
import { errorResponse, withApiErrors } from "./api-response";
import { HONEYPOT_FIELD, parseCommentInput } from "./comment-input";
import { commentsPagePath } from "./comment-paths";
import { getCommentsRuntime } from "./comments-runtime";
import { postComment } from "./post-comment";
import { isPublishedReport } from "./published-reports";
import { readFormBody } from "./read-request-body";
import { identifyReader, readerCookieHeader } from "./reader-identity";
import { assertSameOrigin } from "./same-origin";

/**
 * Drafts travel back in the redirect's query string; the form's maxlength keeps
 * them far below this, which stays under Node's 16 KB request-header limit.
 */
const MAX_DRAFT_QUERY_CHARS = 12_000;

function seeOther(location: string, headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store", ...headers } });
}

/**
 * POST /api/reports/{slug}/comments/form — the no-JavaScript path. Takes a plain
 * HTML form, then redirects (303) back to the server-rendered comments page with
 * `?posted=published|pending`, or with `?error=<code>` and the nickname and text
 * the reader typed, so nothing typed is lost.
 */
export function handleCommentForm(request: Request, slug: string): Promise<Response> {
  return withApiErrors(async () => {
    const runtime = getCommentsRuntime();
    // A cross-site form post is answered with the JSON error, not processed.
    assertSameOrigin(request, runtime.config);
    const reader = identifyReader(request, runtime.config, await runtime.ipHashSalt());
    const cookie: Record<string, string> = reader.isNew ? { "Set-Cookie": readerCookieHeader(reader, request, runtime.config) } : {};
    if (!isPublishedReport(slug)) return errorResponse("report_not_found");

    let form: URLSearchParams;
    try {
      form = await readFormBody(request);
    } catch (error) {
      if (error instanceof ApiError) return seeOther(errorLocation(DEFAULT_LANG, slug, error.code), cookie);
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
      return seeOther(location, cookie);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return seeOther(errorLocation(lang, slug, error.code, form.get("nickname"), form.get("text"), error.headers["Retry-After"]), cookie);
    }
  });
}

function errorLocation(lang: Lang, slug: string, code: ApiErrorCode, nickname?: string | null, text?: string | null, retryAfter?: string): string {
  const query = new URLSearchParams({ error: code });
  if (retryAfter) query.set("retry", retryAfter);
  const draft = new URLSearchParams(query);
  if (nickname) draft.set("nickname", nickname);
  if (text) draft.set("text", text);
  const chosen = draft.toString().length <= MAX_DRAFT_QUERY_CHARS ? draft : query;
  return `${commentsPagePath(lang, slug)}?${chosen.toString()}#comment-form`;
}
