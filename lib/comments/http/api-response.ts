import { API_ERRORS, ApiError, unavailableError, type ApiErrorCode } from "./api-error";
import { CommentStoreUnavailableError } from "../store/comment-store";
import { BytesResponse } from "./bytes-body";

/** API answers depend on the database and the reader; nothing in between may keep them. */
const API_HEADERS = { "Cache-Control": "no-store" };

export function jsonResponse(body: unknown, status = 200, headers: HeadersInit = {}): Response {
  return jsonTextResponse(JSON.stringify(body), status, headers);
}

/** As jsonResponse, for JSON already serialized (a list page kept while its thread is unchanged). */
export function jsonTextResponse(json: string, status = 200, headers: HeadersInit = {}): Response {
  const response = new BytesResponse(Buffer.from(json), { status, headers });
  // As Response.json: the type unless the caller set one.
  if (!response.headers.has("content-type")) response.headers.set("Content-Type", "application/json");
  for (const [key, value] of Object.entries(API_HEADERS)) response.headers.set(key, value);
  return response;
}

/** `{ "error": { "code", "message" } }` with the code's status. */
export function errorResponse(code: ApiErrorCode, headers: Record<string, string> = {}): Response {
  const { status, message } = API_ERRORS[code];
  return jsonResponse({ error: { code, message } }, status, headers);
}

/**
 * Runs a handler and turns thrown ApiErrors into their JSON response; an
 * unreachable database into 503 `comments_unavailable` with Retry-After.
 * Anything else is our bug: logged, and answered with a JSON 500 that leaks nothing.
 */
export async function withApiErrors(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error.code, error.headers);
    if (error instanceof CommentStoreUnavailableError) {
      console.warn(`comments API: ${error.message}`);
      const unavailable = unavailableError();
      return errorResponse(unavailable.code, unavailable.headers);
    }
    console.error("comments API error:", error);
    return errorResponse("internal_error");
  }
}

/** A handler for the methods a route does not support: 405 with `Allow`. */
export function methodNotAllowed(allowed: readonly string[]): () => Promise<Response> {
  return async () => errorResponse("method_not_allowed", { Allow: allowed.join(", ") });
}
