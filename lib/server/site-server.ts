import http, { type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import next from "next";
import { clientAddress, parseTrustedHops } from "./client-address";
import { CLIENT_ADDRESS_HEADER, clientAddressHeaderValue } from "./client-address-header";
import { newNonce, nonceRequestPolicy, strictTransportSecurity } from "./content-security-policy";
import { enforcePolicy } from "./html-policy-response";

export interface SiteServerOptions {
  dev: boolean;
  hostname: string;
  port: number;
  /** Project folder (where next.config.ts is). */
  dir: string;
  env?: Record<string, string | undefined>;
}

/** A handler that answers a request itself, or returns false to let Next answer. */
export type FrontHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/** Request headers only this entry may set: a client's copy is dropped before anything reads it. */
const INTERNAL_REQUEST_HEADERS = [CLIENT_ADDRESS_HEADER, "content-security-policy", "content-security-policy-report-only"];

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(",") : value;
}

/**
 * Who the client is (socket address, or the trusted proxy's headers), told to
 * handlers in the entry's own header, and HSTS. Every request gets this, the
 * lean API path included.
 */
export function identifyClient(req: IncomingMessage, res: ServerResponse, settings: { trustedHops: number; hsts: string | null }): void {
  for (const name of INTERNAL_REQUEST_HEADERS) delete req.headers[name];
  const address = clientAddress({
    socketAddress: req.socket.remoteAddress,
    forwardedFor: firstHeader(req.headers["x-forwarded-for"]),
    realIp: firstHeader(req.headers["x-real-ip"]),
    trustedHops: settings.trustedHops,
  });
  req.headers[CLIENT_ADDRESS_HEADER] = clientAddressHeaderValue(address);
  if (settings.hsts) res.setHeader("Strict-Transport-Security", settings.hsts);
}

/**
 * What a request for Next needs besides: a nonce for pages rendered per
 * request, and the policy every response carries (hashes for HTML). The lean
 * API path skips this: its answers are JSON or redirects.
 */
export function preparePage(req: IncomingMessage, res: ServerResponse, settings: { deferScripts?: boolean } = {}): void {
  const nonce = newNonce();
  req.headers["content-security-policy"] = nonceRequestPolicy(nonce);
  const isStaticAsset = (req.url ?? "").startsWith("/_next/static/");
  const acceptsGzip = /\bgzip\b/i.test(firstHeader(req.headers["accept-encoding"]) ?? "");
  // Next compresses only build assets: pages are hashed over their plain text, then gzipped by enforcePolicy.
  if (!isStaticAsset) delete req.headers["accept-encoding"];
  enforcePolicy(req, res, { nonce, acceptsGzip: acceptsGzip && !isStaticAsset, deferScripts: settings.deferScripts });
}

/** Both steps, as for a request Next answers. Exported for tests. */
export function prepareRequest(req: IncomingMessage, res: ServerResponse, settings: { trustedHops: number; hsts: string | null; deferScripts?: boolean }): void {
  identifyClient(req, res, settings);
  preparePage(req, res, settings);
}

/**
 * The one server the site runs in (`npm start`, `npm run dev`, every test
 * server): Next's request handler behind a thin layer that knows the socket.
 * `front` handlers (the lean API path, lib/server/api-front-handler.ts) run
 * first, after the client is identified; what they leave goes to Next.
 */
export async function createSiteServer(options: SiteServerOptions, front: readonly FrontHandler[] = []): Promise<http.Server> {
  const env = options.env ?? process.env;
  // Development keeps Next's own script loading (hot reload); production pages paint before hydrating.
  const settings = { trustedHops: parseTrustedHops(env.TRUST_PROXY), hsts: strictTransportSecurity(env.SITE_URL), deferScripts: !options.dev };
  const app = next({ dev: options.dev, hostname: options.hostname, port: options.port, dir: path.resolve(options.dir) });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer(async (req, res) => {
    try {
      identifyClient(req, res, settings);
      for (const handler of front) if (await handler(req, res)) return;
      preparePage(req, res, settings);
      await handle(req, res);
    } catch (error) {
      console.error("site server:", error);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader("Content-Type", "text/plain; charset=utf-8");
      }
      res.end("Internal Server Error");
    }
  });
  // WebSocket upgrades (the dev server's hot reload) go to Next as they are.
  const upgrade = app.getUpgradeHandler();
  server.on("upgrade", (req, socket, head) => {
    Promise.resolve(upgrade(req, socket, head)).catch(() => socket.destroy());
  });
  return server;
}
