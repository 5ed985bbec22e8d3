import { randomBytes, timingSafeEqual } from "node:crypto";

/**
 * How the server entry tells route handlers who the client is. Next gives
 * route handlers no socket, so the entry (lib/server/site-server.ts) removes
 * any client-sent copy of this header and sets its own. The value starts with
 * a random token made once per process: when someone runs plain `next start`
 * (no entry) no token exists, so a forged header is never believed and writes
 * are refused instead of going unkeyed.
 */
export const CLIENT_ADDRESS_HEADER = "x-yangguang-client-address";

const TOKEN = Symbol.for("yangguang.clientAddressToken");
type TokenHolder = { [TOKEN]?: string };

/** The process's token, made on first call; only the server entry (and tests standing in for it) call this. */
export function serverEntryToken(): string {
  const holder = globalThis as TokenHolder;
  holder[TOKEN] ??= randomBytes(18).toString("base64url");
  return holder[TOKEN];
}

/** The header value for a known client (by its limit key) or for a malformed proxy header. */
export function clientAddressHeaderValue(result: { ok: true; key: string } | { ok: false }): string {
  return `${serverEntryToken()} ${result.ok ? result.key : "!"}`;
}

export type RequestClientAddress = { kind: "known"; key: string } | { kind: "malformed" } | { kind: "no-entry" };

/** What the server entry said about this request's client. */
export function requestClientAddress(headers: Headers): RequestClientAddress {
  const token = (globalThis as TokenHolder)[TOKEN];
  const value = headers.get(CLIENT_ADDRESS_HEADER);
  if (token === undefined || value === null) return { kind: "no-entry" };
  const space = value.indexOf(" ");
  const given = Buffer.from(space === -1 ? value : value.slice(0, space));
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { kind: "no-entry" };
  const key = value.slice(space + 1);
  return key === "!" || key === "" ? { kind: "malformed" } : { kind: "known", key };
}
