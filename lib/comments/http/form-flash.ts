import { randomBytes, timingSafeEqual } from "node:crypto";
import { isApiErrorCode, type ApiErrorCode } from "./api-error";
import { keyedHash, type CommentsKeys } from "../identity/comments-keys";

/**
 * The no-JavaScript form's flash: when a post is refused, the draft and the
 * error go back to the comments page in short-lived HttpOnly cookies (never in
 * the URL, which nginx caps at 8 KB and which anyone can craft). The redirect
 * carries only a random flash id; the page shows the flash only when the
 * cookie's id matches it and its signature is ours, so a crafted link shows
 * nothing and a stale cookie is ignored.
 */
export interface FormFlash {
  code: ApiErrorCode;
  retryAfterSeconds: number | null;
  nickname: string;
  text: string;
}

export const FLASH_COOKIE = "comments_flash";
/** Long enough for the redirect and a reload; short enough that a draft does not linger. */
const FLASH_MAX_AGE_SECONDS = 300;
/** Per-cookie value size: browsers keep at least 4,096 bytes per cookie, name included. */
const CHUNK_CHARS = 3_000;
/** A 1,000-character draft of 4-byte characters needs two chunks; three leaves room. */
const MAX_CHUNKS = 3;

export function newFlashId(): string {
  return randomBytes(12).toString("base64url");
}

function sign(keys: CommentsKeys, id: string, payload: string): string {
  return keyedHash(keys.flashSignature, `${id}\n${payload}`).slice(0, 22);
}

/** The Set-Cookie values that carry a flash to `path` (the comments page), chunked when long. */
export function flashCookies(keys: CommentsKeys, id: string, flash: FormFlash, path: string, secure: boolean): string[] {
  const encode = (text: string) => {
    const payload = Buffer.from([flash.code, flash.retryAfterSeconds ?? "", flash.nickname.replace(/\n/g, " "), text].join("\n"), "utf8").toString("base64url");
    return `${id}.${sign(keys, id, payload)}.${payload}`;
  };
  // Only a text far over the form's own limit (not sent by a browser) is too long to carry; the error still shows.
  const full = encode(flash.text);
  const value = full.length <= CHUNK_CHARS * MAX_CHUNKS ? full : encode("");
  const chunks: string[] = [];
  for (let i = 0; i < value.length && chunks.length < MAX_CHUNKS; i += CHUNK_CHARS) chunks.push(value.slice(i, i + CHUNK_CHARS));
  const attributes = `Path=${path}; Max-Age=${FLASH_MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
  // Unused chunk names are cleared, so a shorter flash never joins a longer one's tail.
  return Array.from({ length: MAX_CHUNKS }, (_, i) =>
    i < chunks.length ? `${FLASH_COOKIE}${i}=${chunks[i]}; ${attributes}` : `${FLASH_COOKIE}${i}=; Path=${path}; Max-Age=0; HttpOnly; SameSite=Lax`,
  );
}

/** The flash for this redirect (`id` from the URL), from the cookies the page received; null when absent, stale or forged. */
export function readFlash(keys: CommentsKeys, id: string | undefined, cookie: (name: string) => string | undefined): FormFlash | null {
  if (!id) return null;
  const value = Array.from({ length: MAX_CHUNKS }, (_, i) => cookie(`${FLASH_COOKIE}${i}`) ?? "").join("");
  const [cookieId, signature, payload] = value.split(".");
  if (cookieId !== id || signature === undefined || payload === undefined) return null;
  const expected = Buffer.from(sign(keys, id, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const [code, retry, nickname, ...text] = Buffer.from(payload, "base64url").toString("utf8").split("\n");
  if (!isApiErrorCode(code)) return null;
  const seconds = Number(retry);
  return { code, retryAfterSeconds: Number.isInteger(seconds) && seconds > 0 ? seconds : null, nickname: nickname ?? "", text: text.join("\n") };
}
