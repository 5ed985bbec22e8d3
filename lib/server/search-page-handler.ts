import { randomUUID } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { parsePageParam } from "@/lib/content/report-listing";
import { isLang, type Lang } from "@/lib/i18n/languages";
import { searchPageHtml } from "@/lib/search/search-page-html";
import { parseSearchQuery } from "@/lib/search/search-query";
import { SEARCH_SLOT } from "@/lib/search/search-slot";
import { MAX_RESULT_PAGES, searchSite } from "@/lib/search/site-search";
import { SECURITY_HEADERS } from "./security-headers";
import type { FrontHandler } from "./site-server";

const SEARCH_PATH = /^\/(zh|en)\/search$/;
/** Marks the entry's own request for a shell, which goes on to Next. */
const SHELL_HEADER = "x-search-shell";

/** A language's prebuilt page around the slot, with the headers Next and the entry gave it. */
export interface SearchShell {
  before: string;
  after: string;
  /** The same, encoded once: encoding the whole page per request was a sixth of its cost. */
  bytes?: { before: Buffer; after: Buffer };
  /** Its policy: hashes of the shell's inline scripts; the slot's HTML never holds a script. */
  contentSecurityPolicy: string;
  vary: string;
}

/** Splits a shell page at its one empty slot; refuses a page without exactly one. */
export function splitShell(html: string): { before: string; after: string } {
  const at = html.indexOf(SEARCH_SLOT.html);
  if (at < 0 || html.indexOf(SEARCH_SLOT.html, at + 1) >= 0) throw new Error("search page shell: expected exactly one empty slot");
  return { before: html.slice(0, at + SEARCH_SLOT.open.length), after: html.slice(at + SEARCH_SLOT.open.length) };
}

/** The query and page from a search URL's parameters, as the page reads them: the first `q`, the first `page`, anything else ignored. */
export function searchRequest(params: URLSearchParams): { q: string | undefined; page: number } {
  return { q: params.get("q") ?? undefined, page: Math.min(parsePageParam(params.get("page") ?? "1") ?? 1, MAX_RESULT_PAGES) };
}

function slotHtml(lang: Lang, params: URLSearchParams): string {
  const { q, page } = searchRequest(params);
  const query = parseSearchQuery(q);
  return searchPageHtml(lang, query, searchSite(lang, query, page));
}

/** The whole search page for one request: the shell, this query's content in its slot. */
export function searchPageDocument(shell: SearchShell, lang: Lang, params: URLSearchParams): string {
  return shell.before + slotHtml(lang, params) + shell.after;
}

/** The same as bytes. */
export function searchPageBytes(shell: SearchShell, lang: Lang, params: URLSearchParams): Buffer {
  shell.bytes ??= { before: Buffer.from(shell.before, "utf8"), after: Buffer.from(shell.after, "utf8") };
  return Buffer.concat([shell.bytes.before, Buffer.from(slotHtml(lang, params), "utf8"), shell.bytes.after]);
}

function fetchShell(req: IncomingMessage, lang: Lang, token: string): Promise<SearchShell> {
  // Through this same server, as any page: Next serves its prebuilt shell and the entry gives it its policy.
  const local = req.socket.localAddress ?? "127.0.0.1";
  return new Promise((resolve, reject) => {
    const request = http.get({ host: local, port: req.socket.localPort, path: `/${lang}/search`, headers: { [SHELL_HEADER]: token } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        const type = String(response.headers["content-type"] ?? "");
        const policy = response.headers["content-security-policy"];
        if (response.statusCode !== 200 || !/^text\/html\b/.test(type) || typeof policy !== "string") {
          reject(new Error(`search page shell: ${response.statusCode} ${type}`));
          return;
        }
        try {
          const vary = String(response.headers.vary ?? "");
          resolve({ ...splitShell(Buffer.concat(chunks).toString("utf8")), contentSecurityPolicy: policy, vary: /accept-encoding/i.test(vary) ? vary : [vary, "Accept-Encoding"].filter(Boolean).join(", ") });
        } catch (error) {
          reject(error as Error);
        }
      });
    });
    request.on("error", reject);
    request.setTimeout(30_000, () => request.destroy(new Error("search page shell: timed out")));
  });
}

/**
 * The search page, answered in the entry: Next pre-renders the page once per
 * language with an empty slot (app/[lang]/search/page.tsx), the entry fetches
 * that shell once per process (every request in development, where pages change),
 * and each search is the shell with searchPageHtml in the slot: an index query
 * and a string, no React render per request. Next's own requests for the page's
 * data (client navigations: `rsc` header or `_rsc`) still go to Next.
 */
export function searchPageHandler(options: { dev: boolean }): FrontHandler {
  const token = randomUUID();
  const shells = new Map<Lang, Promise<SearchShell>>();
  const shellFor = (req: IncomingMessage, lang: Lang): Promise<SearchShell> => {
    let shell = shells.get(lang);
    if (!shell || options.dev) {
      shell = fetchShell(req, lang, token);
      shells.set(lang, shell);
      // A failed fetch is tried again by the next request, not remembered.
      shell.catch(() => shells.delete(lang));
    }
    return shell;
  };
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    if (req.headers[SHELL_HEADER] !== undefined) {
      const ours = req.headers[SHELL_HEADER] === token;
      delete req.headers[SHELL_HEADER];
      if (ours) return false;
    }
    const url = req.url ?? "/";
    const mark = url.indexOf("?");
    const match = SEARCH_PATH.exec(mark < 0 ? url : url.slice(0, mark));
    const lang = match?.[1];
    if (!lang || !isLang(lang) || req.headers.rsc !== undefined) return false;
    const params = new URLSearchParams(mark < 0 ? "" : url.slice(mark + 1));
    if (params.has("_rsc")) return false;
    const shell = await shellFor(req, lang);
    let body = searchPageBytes(shell, lang, params);
    for (const { key, value } of SECURITY_HEADERS) res.setHeader(key, value);
    res.setHeader("Content-Security-Policy", shell.contentSecurityPolicy);
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    // Each reader's query: never stored by a browser or a proxy.
    res.setHeader("Cache-Control", "private, no-cache, no-store, max-age=0, must-revalidate");
    res.setHeader("Vary", shell.vary);
    if (/\bgzip\b/i.test(String(req.headers["accept-encoding"] ?? "")) && body.length > 1024) {
      body = gzipSync(body);
      res.setHeader("Content-Encoding", "gzip");
    }
    res.setHeader("Content-Length", body.length);
    res.statusCode = 200;
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  };
}
