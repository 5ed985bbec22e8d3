import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetCommentsRuntime } from "@/lib/comments/comments-runtime";
import { runCommentsCli } from "@/scripts/comments-cli";
import { apiRoute, entryHeader } from "./comments-api-harness";

const adminDelete = apiRoute("/api/admin/comments/:id");
const adminApprove = apiRoute("/api/admin/comments/:id/approve");
const adminHide = apiRoute("/api/admin/comments/:id/hide");
const adminList = apiRoute("/api/admin/comments");
const comments = apiRoute("/api/reports/:slug/comments");

const SLUG = "chengyang-rule-of-law";
const TOKEN = "cli-test-token";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "comments-cli-"));
const saved = { ...process.env };

beforeAll(async () => {
  await resetCommentsRuntime();
  Object.assign(process.env, { COMMENTS_DB: path.join(dir, "c.db"), COMMENTS_ADMIN_TOKEN: TOKEN, COMMENTS_MODERATION: "pre", COMMENTS_SECRET: "cli-test-secret-0123456789abcdefghijkl" });
});
afterAll(async () => {
  await resetCommentsRuntime();
  process.env = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Sends the CLI's requests to the real route handlers, as a running site would. */
const routeFetch: typeof fetch = async (input, init) => {
  const request = new Request(input as string, init);
  const { pathname } = new URL(request.url);
  let match: RegExpExecArray | null;
  if (pathname === "/api/admin/comments") return adminList.GET(request);
  if ((match = /^\/api\/admin\/comments\/([^/]+)\/approve$/.exec(pathname))) return adminApprove.POST(request, { params: Promise.resolve({ id: match[1]! }) });
  if ((match = /^\/api\/admin\/comments\/([^/]+)\/hide$/.exec(pathname))) return adminHide.POST(request, { params: Promise.resolve({ id: match[1]! }) });
  if ((match = /^\/api\/admin\/comments\/([^/]+)$/.exec(pathname)) && request.method === "DELETE")
    return adminDelete.DELETE(request, { params: Promise.resolve({ id: match[1]! }) });
  return new Response("not found", { status: 404 });
};

async function cli(args: string[], env: Record<string, string> = { COMMENTS_ADMIN_TOKEN: TOKEN, COMMENTS_API_URL: "http://site.test/" }) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommentsCli(args, { env, fetch: routeFetch, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

async function postPending(text: string): Promise<void> {
  const response = await comments.POST(
    new Request(`http://site.test/api/reports/${SLUG}/comments`, {
      method: "POST",
      headers: { host: "site.test", origin: "http://site.test", "content-type": "application/json", ...entryHeader() },
      body: JSON.stringify({ text, nickname: "审稿" }),
    }),
    { params: Promise.resolve({ slug: SLUG }) },
  );
  expect(response.status).toBe(202);
}

describe("npm run comments", () => {
  it("lists pending comments, approves, hides and deletes them", async () => {
    expect(await cli(["pending"])).toEqual({ code: 0, out: ["No comments are waiting for review."], err: [] });
    await postPending("第一行\n第二行");
    const pending = await cli(["pending"]);
    expect(pending.code).toBe(0);
    expect(pending.out).toHaveLength(1);
    const [id, createdAt, slug, nickname, text] = pending.out[0]!.split("\t");
    expect([slug, nickname, text]).toEqual([SLUG, "审稿", "第一行 ⏎ 第二行"]);
    expect(new Date(createdAt!).toISOString()).toBe(createdAt);

    expect(await cli(["approve", id!])).toMatchObject({ code: 0, out: [`Comment ${id} is now published.`] });
    expect((await cli(["pending"])).out).toEqual(["No comments are waiting for review."]);
    expect(await cli(["hide", id!])).toMatchObject({ code: 0, out: [`Comment ${id} is now hidden.`] });
    expect(await cli(["delete", id!])).toMatchObject({ code: 0, out: [`Deleted comment ${id}.`] });
    expect(await cli(["delete", id!])).toMatchObject({ code: 1, err: ["404 comment_not_found: There is no such comment."] });
  });

  it("explains bad usage, a missing token and a wrong one", async () => {
    for (const args of [[], ["approve"], ["approve", "x"], ["purge"], ["pending", "1"], ["hide", "1", "2"]]) {
      expect((await cli(args)).code, args.join(" ")).toBe(2);
    }
    expect(await cli(["pending"], {})).toMatchObject({ code: 1, err: [expect.stringContaining("COMMENTS_ADMIN_TOKEN")] });
    expect(await cli(["pending"], { COMMENTS_ADMIN_TOKEN: "wrong" })).toMatchObject({ code: 1, err: [expect.stringMatching(/^401 unauthorized/)] });
  });
});
