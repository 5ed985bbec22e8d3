/**
 * Every error the comments API can answer with. The code is stable (the
 * widget maps it to a localized message, `errors.<code>` in locales/{zh,en}/comments.json);
 * the message is English, for developers and other programs.
 */
export const API_ERRORS = {
  invalid_json: { status: 400, message: "The body is not valid JSON." },
  invalid_body: { status: 400, message: "The body must be a JSON object." },
  invalid_query: { status: 400, message: "A query parameter has an invalid value." },
  invalid_path: { status: 400, message: "The URL path is not valid percent-encoding." },
  invalid_text: { status: 400, message: "The text contains characters that cannot be stored." },
  text_required: { status: 400, message: "The comment text is empty." },
  text_too_long: { status: 400, message: "The comment text is longer than 1,000 characters." },
  nickname_too_long: { status: 400, message: "The nickname is longer than 24 characters." },
  invalid_parent: { status: 400, message: "The comment replied to does not exist in this report." },
  spam_rejected: { status: 400, message: "The submission was rejected as automated." },
  // Never names the word: that would hand spammers the list.
  text_blocked: { status: 400, message: "The text or nickname contains something this site does not publish." },
  invalid_reason: { status: 400, message: "The report's reason must be one of spam, abuse, illegal, other." },
  unauthorized: { status: 401, message: "A valid admin token is required." },
  forbidden_origin: { status: 403, message: "Writes must come from this site (same Origin)." },
  csrf_failed: { status: 403, message: "The console form's CSRF token is missing or not this session's." },
  reader_banned: { status: 403, message: "This reader is banned from commenting and liking." },
  comments_closed: { status: 403, message: "Comments on this report are closed." },
  report_not_found: { status: 404, message: "There is no published report with this slug." },
  comment_not_found: { status: 404, message: "There is no such comment." },
  admin_disabled: { status: 404, message: "The moderation API is disabled (COMMENTS_ADMIN_TOKEN is not set)." },
  console_disabled: { status: 404, message: "The moderation console is off until a moderator account exists (npm run comments -- add-moderator <name>)." },
  method_not_allowed: { status: 405, message: "This method is not allowed here." },
  duplicate_comment: { status: 409, message: "The same text was already posted in the last 10 minutes." },
  thread_full: { status: 409, message: "This thread has reached its limit of replies; start a new comment instead." },
  payload_too_large: { status: 413, message: "The body is larger than 16 KB." },
  unsupported_media_type: { status: 415, message: "The body must be JSON (Content-Type: application/json)." },
  rate_limited: { status: 429, message: "Too many requests; try again later." },
  client_address_unknown: { status: 400, message: "The reverse proxy did not say who the client is (missing or malformed X-Forwarded-For)." },
  internal_error: { status: 500, message: "Something went wrong on our side." },
  server_entry_required: { status: 500, message: "This server was started without its entry (npm start), so it cannot tell clients apart; writes are refused." },
  comments_unavailable: { status: 503, message: "Comments are unavailable right now (the database cannot be reached); try again shortly." },
} as const satisfies Record<string, { status: number; message: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;

export function isApiErrorCode(value: unknown): value is ApiErrorCode {
  return typeof value === "string" && Object.hasOwn(API_ERRORS, value);
}

/** Thrown anywhere below a route handler; `withApiErrors` turns it into the JSON error response. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly status: number;

  constructor(
    readonly code: ApiErrorCode,
    readonly headers: Record<string, string> = {},
  ) {
    super(API_ERRORS[code].message);
    this.status = API_ERRORS[code].status;
  }
}

/** Seconds a client is asked to wait when the database is unreachable. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 10;

/** 503 `comments_unavailable` with Retry-After: the database is down, not our code. */
export function unavailableError(): ApiError {
  return new ApiError("comments_unavailable", { "Retry-After": String(UNAVAILABLE_RETRY_AFTER_SECONDS) });
}
