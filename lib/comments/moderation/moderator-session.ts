import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { isHttps, readCookie } from "../identity/reader-identity";
import { keyedHash, type CommentsKeys } from "../identity/comments-keys";
import type { CommentsConfig } from "../comments-config";
import type { CommentStore } from "../store/comment-store";
import type { Moderator } from "../store/moderation-store";

/**
 * Console sessions. The cookie holds a random id (32 bytes); the database
 * keeps only its sha256, so a leaked table signs no one in. HttpOnly,
 * SameSite=Strict (never sent with a request another site starts), Secure
 * when the site is https, Path=/ (the console and its form handlers). Sessions
 * end after SESSION_HOURS or at sign-out.
 */
export const SESSION_COOKIE = "comments_console";
export const SESSION_HOURS = 12;
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

export interface ConsoleSession {
  moderator: Moderator;
  /** The session's CSRF token: every console form carries it, and every write checks it. */
  csrfToken: string;
  expiresAt: Date;
}

function hashId(id: string): string {
  return createHash("sha256").update(id).digest("base64url");
}

/** The CSRF token of a session: derived from its id with a key outside the database, so nothing more is stored. */
function csrfTokenFor(keys: CommentsKeys, sessionId: string): string {
  return keyedHash(keys.consoleCsrf, sessionId);
}

/** Starts a session for a moderator who just signed in; returns the Set-Cookie value. */
export async function startSession(store: CommentStore, moderator: Moderator, request: Request, config: Pick<CommentsConfig, "trustProxy" | "siteOrigin">, now = new Date()): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  await store.createSession(hashId(id), moderator.id, now, expiresAt);
  return sessionCookie(id, SESSION_HOURS * 3_600, isHttps(request, config));
}

function sessionCookie(value: string, maxAge: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure ? "; Secure" : ""}`;
}

/** The Set-Cookie value that removes the session cookie. */
export function clearedSessionCookie(request: Request, config: Pick<CommentsConfig, "trustProxy" | "siteOrigin">): string {
  return sessionCookie("", 0, isHttps(request, config));
}

/** The live session named by a cookie value; null when absent, malformed, unknown or expired. */
export async function sessionFromCookie(store: CommentStore, keys: CommentsKeys, cookie: string | undefined, now = new Date()): Promise<ConsoleSession | null> {
  if (cookie === undefined || !SESSION_ID.test(cookie)) return null;
  const found = await store.findSession(hashId(cookie), now);
  if (!found) return null;
  return { moderator: found.moderator, expiresAt: found.expiresAt, csrfToken: csrfTokenFor(keys, cookie) };
}

/** The session of a request (route handlers). */
export function requestSession(store: CommentStore, keys: CommentsKeys, request: Request): Promise<ConsoleSession | null> {
  return sessionFromCookie(store, keys, readCookie(request, SESSION_COOKIE));
}

/** Ends the session named by the request's cookie (sign-out). */
export async function endSession(store: CommentStore, request: Request): Promise<void> {
  const cookie = readCookie(request, SESSION_COOKIE);
  if (cookie !== undefined && SESSION_ID.test(cookie)) await store.deleteSession(hashId(cookie));
}

/** Whether a submitted CSRF token is this session's (constant time). */
export function csrfTokenMatches(session: ConsoleSession, given: string | null): boolean {
  if (given === null) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
