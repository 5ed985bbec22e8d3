import { randomBytes, timingSafeEqual } from "node:crypto";
import { requestClientAddress } from "@/lib/server/client-address-header";
import { ApiError } from "../http/api-error";
import type { CommentsConfig } from "../comments-config";
import { keyedHash, type CommentsKeys } from "./comments-keys";

/** The anonymous reader cookie: a random id and its signature, HttpOnly so page scripts never see it. */
export const READER_COOKIE = "comments_reader";
/** About 400 days, the longest lifetime browsers keep. */
const READER_COOKIE_MAX_AGE = 400 * 24 * 60 * 60;
/** `<22-character id>.<22-character signature>`. */
const SIGNED_READER_ID = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/;

export interface Reader {
  /** The cookie value (`id.signature`): sent back to the reader, never stored. */
  cookieValue: string;
  /** True when the id is new and the response must set the cookie. */
  isNew: boolean;
  /** The reader's id as stored: a keyed hash of the cookie id. */
  storedId: string;
  /** The address pseudonym stored with comments and likes (keyed HMAC of the address, IPv6 by /64). */
  addressHash: string;
  /** The address under today's rate-limit key (rotates daily; never stored beyond the limit window). */
  rateAddress: string;
}

function signature(keys: CommentsKeys, id: string): string {
  return keyedHash(keys.readerSignature, id).slice(0, 22);
}

/** Random bytes drawn 4 KB at a time, each used once: one system call per 256 new readers instead of one each (3 % of a post's CPU here). */
let randomPool = Buffer.alloc(0);
let randomOffset = 0;

function randomReaderId(): string {
  if (randomOffset + 16 > randomPool.length) {
    randomPool = randomBytes(4096);
    randomOffset = 0;
  }
  const id = randomPool.toString("base64url", randomOffset, randomOffset + 16);
  randomOffset += 16;
  return id;
}

export function newSignedReaderId(keys: CommentsKeys): string {
  const id = randomReaderId();
  return `${id}.${signature(keys, id)}`;
}

/** The id inside a cookie value when its signature is ours; anything else is no reader at all. */
export function verifiedReaderId(keys: CommentsKeys, value: string | undefined): string | null {
  const match = value === undefined ? null : SIGNED_READER_ID.exec(value);
  if (!match) return null;
  const expected = Buffer.from(signature(keys, match[1]!));
  const given = Buffer.from(match[2]!);
  return given.length === expected.length && timingSafeEqual(given, expected) ? match[1]! : null;
}

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The client's address key as the server entry computed it (socket address,
 * or the trusted proxy's header). Writes never go unkeyed: without the entry
 * (plain `next start`) or with a malformed proxy header they are refused.
 */
export function clientAddressKey(request: Request): string {
  const address = requestClientAddress(request.headers);
  if (address.kind === "no-entry") {
    console.error("comments: a write reached the API without the server entry; start the site with `npm start` (lib/server/start-site.ts), not `next start`");
    throw new ApiError("server_entry_required");
  }
  if (address.kind === "malformed") throw new ApiError("client_address_unknown");
  return address.key;
}

/** Who is writing: the signed cookie id (or a fresh one), and the address pseudonyms. */
export function identifyReader(request: Request, keys: CommentsKeys, now: number = Date.now()): Reader {
  const address = clientAddressKey(request);
  const cookie = readCookie(request, READER_COOKIE);
  const id = verifiedReaderId(keys, cookie);
  const cookieValue = id === null ? newSignedReaderId(keys) : cookie!;
  const plainId = cookieValue.slice(0, 22);
  return {
    cookieValue,
    isNew: id === null,
    storedId: keyedHash(keys.readerStorage, plainId),
    addressHash: keyedHash(keys.addressPseudonym, address),
    rateAddress: keyedHash(keys.rateKey(now), address),
  };
}

/** Whether the reader reached us over HTTPS (directly, through a trusted proxy, or per SITE_URL). */
export function isHttps(request: Request, config: Pick<CommentsConfig, "trustProxy" | "siteOrigin">): boolean {
  if (new URL(request.url).protocol === "https:") return true;
  if (config.trustProxy && request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https") return true;
  return config.siteOrigin?.startsWith("https:") ?? false;
}

/** The Set-Cookie value that remembers a reader; Secure whenever the site is served over HTTPS. */
export function readerCookieHeader(reader: Reader, request: Request, config: Pick<CommentsConfig, "trustProxy" | "siteOrigin">): string {
  const secure = isHttps(request, config) ? "; Secure" : "";
  return `${READER_COOKIE}=${reader.cookieValue}; Path=/; Max-Age=${READER_COOKIE_MAX_AGE}; HttpOnly; SameSite=Lax${secure}`;
}
