import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { contentSecurityPolicy, htmlPolicy } from "./content-security-policy";
import { deferHydrationScripts } from "./defer-hydration-scripts";

type Chunk = string | Uint8Array;
type Callback = (error?: Error | null) => void;

function toBuffer(chunk: Chunk, encoding?: BufferEncoding): Buffer {
  return typeof chunk === "string" ? Buffer.from(chunk, encoding ?? "utf8") : Buffer.from(chunk);
}

/** Applies the headers passed to writeHead as setHeader calls, so they stay changeable until the body is sent. */
function applyHeaders(res: ServerResponse, headers: unknown): void {
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) res.appendHeader(String(headers[i]), headers[i + 1] as string);
  } else if (headers && typeof headers === "object") {
    for (const [key, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(key, value as string | string[]);
  }
}

/**
 * Gives every response its Content-Security-Policy. HTML pages are held until
 * complete (static pages are files; per-request pages are small), then sent
 * with the hashes of exactly the inline scripts they carry, and gzipped here
 * when the client accepts it (the entry keeps Next from compressing, so the
 * hashes are taken over the real text). Everything else streams through with
 * the script-less policy.
 */
export function enforcePolicy(req: IncomingMessage, res: ServerResponse, options: { nonce: string | undefined; acceptsGzip: boolean; deferScripts?: boolean }): void {
  const originalWrite = res.write.bind(res) as (chunk: Chunk, encoding?: BufferEncoding, cb?: Callback) => boolean;
  const originalEnd = res.end.bind(res) as (chunk?: Chunk, cb?: () => void) => ServerResponse;
  const originalWriteHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  let mode: "pass" | "hold" | undefined;
  // Node's own write/end call writeHead to send the headers: from then on it must be the real one.
  let sending = false;
  const held: Buffer[] = [];

  const decide = () => {
    if (mode !== undefined) return;
    const type = String(res.getHeader("content-type") ?? "");
    mode = /^text\/html\b/i.test(type) && req.method !== "HEAD" && res.statusCode !== 304 ? "hold" : "pass";
    if (mode === "pass") {
      // A 304's headers replace the cached page's (browsers merge them): it must not bring a
      // policy without that page's hashes, so it brings none and the cached one stays.
      if (res.statusCode === 304) res.removeHeader("Content-Security-Policy");
      else res.setHeader("Content-Security-Policy", contentSecurityPolicy());
      sending = true;
    }
  };

  res.writeHead = function writeHead(this: ServerResponse, status: number, ...rest: unknown[]) {
    if (sending) return originalWriteHead(status, ...rest);
    res.statusCode = status;
    if (typeof rest[0] === "string") {
      res.statusMessage = rest[0];
      applyHeaders(res, rest[1]);
    } else applyHeaders(res, rest[0]);
    return res;
  } as ServerResponse["writeHead"];

  res.write = function write(chunk: Chunk, encoding?: BufferEncoding | Callback, cb?: Callback) {
    decide();
    const callback = typeof encoding === "function" ? encoding : cb;
    const enc = typeof encoding === "string" ? encoding : undefined;
    if (mode === "pass") return originalWrite(chunk, enc, callback);
    held.push(toBuffer(chunk, enc));
    if (callback) process.nextTick(callback);
    return true;
  } as ServerResponse["write"];

  res.end = function end(chunk?: Chunk | (() => void), encoding?: BufferEncoding | (() => void), cb?: () => void) {
    decide();
    const callback = [chunk, encoding, cb].find((a) => typeof a === "function") as (() => void) | undefined;
    const data = typeof chunk === "function" ? undefined : chunk;
    const enc = typeof encoding === "string" ? encoding : undefined;
    if (mode === "pass") return originalEnd(data === undefined ? undefined : toBuffer(data, enc), callback);
    if (data !== undefined && data !== null) held.push(toBuffer(data, enc));
    let html = Buffer.concat(held).toString("utf8");
    if (options.deferScripts && res.statusCode === 200) html = deferHydrationScripts(html);
    let body = Buffer.from(html, "utf8");
    res.setHeader("Content-Security-Policy", htmlPolicy(html, options.nonce));
    if (options.acceptsGzip && body.length > 1024 && !res.getHeader("content-encoding")) {
      body = gzipSync(body);
      res.setHeader("Content-Encoding", "gzip");
      res.setHeader("Vary", [res.getHeader("vary"), "Accept-Encoding"].filter(Boolean).join(", "));
    }
    res.removeHeader("Transfer-Encoding");
    res.setHeader("Content-Length", body.length);
    sending = true;
    return originalEnd(body, callback);
  } as ServerResponse["end"];
}
