import { ApiError } from "./http/api-error";

export const MAX_TEXT_CHARS = 1000;
export const MAX_NICKNAME_CHARS = 24;
/** Name of the honeypot field: hidden from people, filled in by form-filling bots. */
export const HONEYPOT_FIELD = "website";

/** A new comment as the API accepts it, already normalized and checked. */
export interface CommentInput {
  nickname: string | null;
  text: string;
  parentId: string | null;
}

// Lone UTF-16 surrogates (a `u` regex only matches unpaired ones): they cannot be stored as UTF-8.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
// C0 and C1 controls and DEL, except \n (tabs become spaces first).
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g;
// Bidi embeddings, overrides and isolates: they can reorder the text around them (“trojan source”).
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/g;
const VISIBLE = /[^\p{White_Space}\p{Default_Ignorable_Code_Point}]/u;

/** Length as readers count it: code points, so an emoji or a rare Han character is one. */
export function charCount(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

/**
 * The text we store for what a reader typed: Unicode NFC; \r\n, \r and line or
 * paragraph separators become \n; tabs become spaces; other control characters
 * and bidi controls are removed; more than one blank line in a row becomes one;
 * leading and trailing white space is trimmed. Returns null for lone surrogates.
 */
export function normalizeCommentText(raw: string): string | null {
  if (LONE_SURROGATE.test(raw)) return null;
  // NFC last, so characters that only meet once a control between them is gone still compose.
  return raw
    .replace(/\r\n?|[\u2028\u2029]/g, "\n")
    .replace(/\t/g, " ")
    .replace(CONTROL, "")
    .replace(BIDI_CONTROL, "")
    .normalize("NFC")
    .replace(/\n[^\S\n]*\n(?:[^\S\n]*\n)+/g, "\n\n")
    .trim();
}

/** A nickname is one line: like the text, with every run of white space (newlines too) made one space. */
export function normalizeNickname(raw: string): string | null {
  const text = normalizeCommentText(raw);
  return text === null ? null : text.replace(/\s+/g, " ");
}

/** Whether anything would show: not only spaces and invisible characters. */
export function hasVisibleCharacter(value: string): boolean {
  return VISIBLE.test(value);
}

/**
 * Checks the fields of a new comment (from JSON or a form) in one place.
 * Throws ApiError with the precise code for the first problem.
 */
export function parseCommentInput(fields: { nickname?: unknown; text?: unknown; parentId?: unknown; honeypot?: unknown }): CommentInput {
  if (fields.honeypot !== undefined && fields.honeypot !== null && fields.honeypot !== "") throw new ApiError("spam_rejected");

  if (fields.text !== undefined && typeof fields.text !== "string") throw new ApiError("invalid_body");
  const text = normalizeCommentText(fields.text ?? "");
  if (text === null) throw new ApiError("invalid_text");
  if (!hasVisibleCharacter(text)) throw new ApiError("text_required");
  if (charCount(text) > MAX_TEXT_CHARS) throw new ApiError("text_too_long");

  if (fields.nickname !== undefined && fields.nickname !== null && typeof fields.nickname !== "string") throw new ApiError("invalid_body");
  const nickname = normalizeNickname(fields.nickname ?? "");
  if (nickname === null) throw new ApiError("invalid_text");
  if (charCount(nickname) > MAX_NICKNAME_CHARS) throw new ApiError("nickname_too_long");

  return { nickname: hasVisibleCharacter(nickname) ? nickname : null, text, parentId: parseParentId(fields.parentId) };
}

function parseParentId(value: unknown): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === "string" && /^[1-9][0-9]{0,14}$/.test(value)) return value;
  throw new ApiError("invalid_parent");
}

/** A JSON request body as a comment: it must be an object; unknown members are ignored. */
export function parseCommentJson(body: unknown): CommentInput {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new ApiError("invalid_body");
  const record = body as Record<string, unknown>;
  return parseCommentInput({ nickname: record.nickname, text: record.text, parentId: record.parentId, honeypot: record[HONEYPOT_FIELD] });
}
