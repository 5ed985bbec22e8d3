import type { IncomingMessage, ServerResponse } from "node:http";
import { errorResponse } from "@/lib/comments/http/api-response";
import { BytesRequest, BytesResponse } from "@/lib/comments/http/bytes-body";
import { MAX_BODY_BYTES } from "@/lib/comments/http/read-request-body";
import type { ApiRouter } from "./api-router";
import { SECURITY_HEADERS } from "./security-headers";
import type { FrontHandler } from "./site-server";

const BODYLESS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Methods a Web Request cannot carry (fetch forbids them); no route has them. */
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);
/** A Host header that can stand in a URL; anything else is replaced (it only feeds `request.url`). */
const SAFE_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

interface Body {
  bytes: Buffer | null;
  /** More was sent than the handlers accept: the rest is left unread and the connection closed after the answer. */
  cut: boolean;
}

/**
 * Reads at most `cap + 1` bytes, enough for the handlers' own limit to refuse
 * with 413, never more: a huge upload costs one small buffer. A declared
 * Content-Length over the cap is not read at all (the handlers refuse it by the header).
 */
function readBody(req: IncomingMessage, cap: number): Promise<Body> {
  const declared = req.headers["content-length"];
  if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > cap) return Promise.resolve({ bytes: null, cut: true });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: Body | Error) => {
      req.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > cap) {
        req.pause();
        done({ bytes: Buffer.concat(chunks, size), cut: true });
      }
    };
    const onEnd = () => done({ bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size), cut: false });
    const onError = (error: Error) => done(error);
    const onClose = () => done(new Error("client went away before the body ended"));
    req.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
  });
}

/** The Web Request for a Node request, with the headers as the entry left them (its client-address header included). */
function toRequest(req: IncomingMessage, body: Buffer | null, fallbackHost: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.append(name, value);
  }
  const host = req.headers.host !== undefined && SAFE_HOST.test(req.headers.host) ? req.headers.host : fallbackHost;
  const url = `http://${host}${req.url}`;
  // A body in hand: the handlers read its bytes directly (bytes-body.ts).
  if (body !== null && !BODYLESS.has(req.method ?? "GET")) return new BytesRequest(url, { method: req.method, headers }, new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength));
  return new Request(url, { method: req.method, headers });
}

async function send(req: IncomingMessage, res: ServerResponse, response: Response, close: boolean): Promise<void> {
  res.statusCode = response.status;
  for (const { key, value } of SECURITY_HEADERS) res.setHeader(key, value);
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("Set-Cookie", cookies);
  // JSON answers hand over their bytes; any other body is read as a stream.
  const known = BytesResponse.bytesOf(response);
  const body = known ? Buffer.from(known.buffer, known.byteOffset, known.byteLength) : response.body === null ? null : Buffer.from(await response.arrayBuffer());
  if (body !== null || (req.method !== "HEAD" && response.status !== 204 && response.status !== 304)) res.setHeader("Content-Length", body?.length ?? 0);
  if (close) res.setHeader("Connection", "close");
  res.end(body ?? undefined);
}

/**
 * The lean path: /api/* requests whose path is in the table are answered here,
 * in the entry, by the same Web-standard handlers, without Next's request
 * pipeline, the page nonce or the HTML policy work. The answer carries the
 * headers every response of the site carries (SECURITY_HEADERS; HSTS is set by
 * the entry). Paths not in the table return false and go on to Next.
 */
export function apiFrontHandler(router: ApiRouter, options: { maxBodyBytes?: number; fallbackHost: string }): FrontHandler {
  const cap = options.maxBodyBytes ?? MAX_BODY_BYTES;
  return async (req, res) => {
    const url = req.url ?? "";
    if (!url.startsWith("/api/")) return false;
    const query = url.indexOf("?");
    const found = router.match(query === -1 ? url : url.slice(0, query));
    if (!found) return false;
    if (found.kind === "route" && FORBIDDEN_METHODS.has((req.method ?? "").toUpperCase())) {
      await send(req, res, errorResponse("method_not_allowed", { Allow: found.path.allow }), false);
      return true;
    }
    let body: Body = { bytes: null, cut: false };
    if (!BODYLESS.has(req.method ?? "GET")) {
      try {
        body = await readBody(req, cap);
      } catch {
        // The client left mid-body: nobody to answer.
        res.destroy();
        return true;
      }
    }
    let response: Response;
    try {
      response = await router.answer(toRequest(req, body.bytes, options.fallbackHost), found);
    } catch (error) {
      // Handlers turn their own errors into JSON; this is a bug in the path itself.
      console.error("API:", error);
      response = errorResponse("internal_error");
    }
    await send(req, res, response, body.cut);
    return true;
  };
}
