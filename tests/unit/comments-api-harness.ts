import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, expect } from "vitest";
import type { ApiComment, CommentListResponse } from "@/lib/comments/comment-api-types";
import { resetCommentsRuntime } from "@/lib/comments/comments-runtime";
import { apiRouter } from "@/lib/server/api-routes";
import { CLIENT_ADDRESS_HEADER, clientAddressHeaderValue } from "@/lib/server/client-address-header";

/**
 * Calls the comment route handlers the way the server entry hands them a
 * request (with its client-address header), each test on a fresh SQLite file.
 * Shared by comments-api.test.ts and comments-abuse.test.ts.
 */

/** The published report the real content folder has. */
export const SLUG = "chengyang-rule-of-law";
export const ORIGIN = "http://news.test";
export const ADMIN_TOKEN = "test-admin-token-0123456789";
export const SECRET = "comments-api-test-secret-0123456789abcdef";

export interface ApiHarness {
  /** The SQLite file of the current test. */
  dbFile(): string;
  /** Starts afresh with these settings on top of the harness defaults (undefined removes one). */
  useEnv(env: Record<string, string | undefined>): Promise<void>;
}

/**
 * Registers the hooks. `defaults` are the settings every test starts with;
 * the API suite turns address and report limits off (each call comes from an
 * address of its own, like many readers), the abuse suite keeps the real defaults.
 */
export function useApiHarness(defaults: Record<string, string>): ApiHarness {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "comments-api-"));
  let dbFile = "";
  let run = 0;
  const savedEnv = { ...process.env };
  const useEnv = async (env: Record<string, string | undefined>) => {
    await resetCommentsRuntime();
    for (const key of Object.keys(process.env)) if (/^(COMMENTS_|LIKES_|IP_HASH_SALT|TRUST_PROXY|SITE_URL|DATABASE_URL)/.test(key)) delete process.env[key];
    dbFile = path.join(dir, `run-${run++}.db`);
    // Post-moderation unless a test says otherwise: most tests post and then list.
    Object.assign(process.env, { COMMENTS_DB: dbFile, COMMENTS_ADMIN_TOKEN: ADMIN_TOKEN, COMMENTS_SECRET: SECRET, COMMENTS_MODERATION: "post", ...defaults, ...env });
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete process.env[key];
  };
  beforeEach(() => useEnv({}));
  afterEach(() => resetCommentsRuntime());
  afterAll(async () => {
    await resetCommentsRuntime();
    process.env = savedEnv;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { dbFile: () => dbFile, useEnv };
}

type Handler = (request: Request, context?: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * One path of the API routing table (lib/server/api-routes.ts), with a
 * function per method as the route modules had: each call goes through the
 * real router (the request's own method and URL decide), so tests see what a
 * client sees. Throws for a path the table does not have.
 */
export function apiRoute(path: string): Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Handler> {
  if (!apiRouter.routes.some((route) => route.path === path)) throw new Error(`not in the API table: ${path}`);
  const dispatch: Handler = async (request) => {
    const response = await apiRouter.dispatch(request);
    if (!response) throw new Error(`no API route answers ${request.method} ${request.url}`);
    return response;
  };
  return { GET: dispatch, POST: dispatch, PUT: dispatch, PATCH: dispatch, DELETE: dispatch };
}

const comments = apiRoute("/api/reports/:slug/comments");

export type Init = { method?: string; body?: BodyInit | null; headers?: Record<string, string>; params?: Record<string, string>; address?: string | null };

let addressCounter = 0;
/** What the server entry adds: the client's address key (a fresh address per call unless one is given). */
export function entryHeader(address?: string): Record<string, string> {
  return { [CLIENT_ADDRESS_HEADER]: clientAddressHeaderValue({ ok: true, key: address ?? `198.18.${(addressCounter >> 8) & 255}.${addressCounter++ & 255}` }) };
}

/** Calls a route handler; `address: null` leaves out the entry's header, as plain `next start` would. */
export function call(handler: unknown, url: string, { method = "GET", body, headers = {}, params = {}, address }: Init = {}): Promise<Response> {
  const entry = address === null ? {} : entryHeader(address);
  const request = new Request(new URL(url, ORIGIN), { method, body, headers: { host: "news.test", ...entry, ...headers }, duplex: "half" } as RequestInit);
  return (handler as Handler)(request, { params: Promise.resolve(params) });
}

export function postJson(body: unknown, headers: Record<string, string> = {}, slug = SLUG, address?: string | null): Promise<Response> {
  return call(comments.POST, `/api/reports/${slug}/comments`, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json", origin: ORIGIN, ...headers },
    params: { slug },
    address,
  });
}

export async function list(query = "", slug = SLUG): Promise<CommentListResponse> {
  const response = await call(comments.GET, `/api/reports/${slug}/comments${query}`, { params: { slug } });
  expect(response.status).toBe(200);
  return (await response.json()) as CommentListResponse;
}

export async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message).toEqual(expect.any(String));
}

export function cookieOf(response: Response): string {
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

export async function created(response: Response): Promise<ApiComment> {
  expect(response.status).toBe(201);
  return ((await response.json()) as { comment: ApiComment }).comment;
}
