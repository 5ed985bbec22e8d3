import { createHash, randomBytes } from "node:crypto";
import { isIP } from "node:net";
import type { CommentsConfig } from "./comments-config";

/** The anonymous reader cookie: a random id, HttpOnly so page scripts never see it. */
export const READER_COOKIE = "comments_reader";
/** About 400 days, the longest lifetime browsers keep. */
const READER_COOKIE_MAX_AGE = 400 * 24 * 60 * 60;
const READER_ID = /^[A-Za-z0-9_-]{22}$/;

export interface Reader {
  /** Random id from the cookie, or a new one. */
  id: string;
  /** True when the id is new and the response must set the cookie. */
  isNew: boolean;
  /** sha256(salt + IP) in hex, or null when the IP is unknown. The IP itself is never kept. */
  ipHash: string | null;
}

export function newReaderId(): string {
  return randomBytes(16).toString("base64url");
}

function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The client's address, only when a reverse proxy we trust (TRUST_PROXY=1) put
 * it in X-Forwarded-For (first address) or X-Real-IP; otherwise anyone could
 * forge it. Route handlers do not see the socket, so without a proxy it is unknown
 * and readers are told apart by their cookie alone.
 */
export function clientIp(request: Request, config: Pick<CommentsConfig, "trustProxy">): string | null {
  if (!config.trustProxy) return null;
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const candidate = forwarded || request.headers.get("x-real-ip")?.trim();
  return candidate && isIP(candidate) ? candidate : null;
}

export function hashIp(ip: string, salt: string): string {
  return createHash("sha256").update(salt + ip).digest("hex");
}

/** Who is writing: the cookie id (or a fresh one) and the salted IP hash. */
export function identifyReader(request: Request, config: Pick<CommentsConfig, "trustProxy">, salt: string): Reader {
  const cookie = readCookie(request, READER_COOKIE);
  const ip = clientIp(request, config);
  const ipHash = ip === null ? null : hashIp(ip, salt);
  return cookie !== undefined && READER_ID.test(cookie) ? { id: cookie, isNew: false, ipHash } : { id: newReaderId(), isNew: true, ipHash };
}

/** Whether the reader reached us over HTTPS (directly, through a trusted proxy, or per SITE_URL). */
function isHttps(request: Request, config: Pick<CommentsConfig, "trustProxy" | "siteOrigin">): boolean {
  if (new URL(request.url).protocol === "https:") return true;
  if (config.trustProxy && request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https") return true;
  return config.siteOrigin?.startsWith("https:") ?? false;
}

/** The Set-Cookie value that remembers a reader; Secure whenever the site is served over HTTPS. */
export function readerCookieHeader(reader: Reader, request: Request, config: Pick<CommentsConfig, "trustProxy" | "siteOrigin">): string {
  const secure = isHttps(request, config) ? "; Secure" : "";
  return `${READER_COOKIE}=${reader.id}; Path=/; Max-Age=${READER_COOKIE_MAX_AGE}; HttpOnly; SameSite=Lax${secure}`;
}
