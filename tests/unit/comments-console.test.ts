import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getCommentsRuntime } from "@/lib/comments/comments-runtime";
import { hashPassword, verifyPassword } from "@/lib/comments/moderation/moderator-passwords";
import { sessionFromCookie } from "@/lib/comments/moderation/moderator-session";
import { safeReturnPath } from "@/lib/comments/moderation/console-paths";
import { call, cookieOf, expectError, list, ORIGIN, postJson, SLUG, useApiHarness, apiRoute } from "./comments-api-harness";

const consoleRoute = apiRoute("/api/admin/console/:action");

const { useEnv } = useApiHarness({
  COMMENTS_ADDRESS_LIMIT_PER_MINUTE: "0",
  COMMENTS_ADDRESS_LIMIT_PER_HOUR: "0",
  LIKES_ADDRESS_LIMIT_PER_MINUTE: "0",
  COMMENTS_REPORT_LIMIT_PER_MINUTE: "0",
});

const PASSWORD = "correct horse battery staple";

async function addModerator(name = "editor") {
  const store = getCommentsRuntime().store;
  return store.createModerator(name, await hashPassword(PASSWORD), new Date());
}

function post(action: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}, address?: string) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
  return call(consoleRoute.POST, `/api/admin/console/${action}`, {
    method: "POST",
    body: body.toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, ...headers },
    params: { action },
    address,
  });
}

async function signIn(name = "editor", password = PASSWORD, address = "198.51.100.7") {
  return post("sign-in", { name, password, lang: "zh" }, {}, address);
}

/** Signs in; returns the cookie header and the session's CSRF token. */
async function session() {
  const response = await signIn();
  expect(response.status).toBe(303);
  const cookie = cookieOf(response);
  const runtime = getCommentsRuntime();
  const found = await sessionFromCookie(runtime.store, runtime.keys, cookie.split("=")[1]);
  return { cookie, csrf: found!.csrfToken };
}

describe("moderator passwords (scrypt)", () => {
  it("verifies the right password only, with a salt of its own per hash", async () => {
    const a = await hashPassword(PASSWORD);
    const b = await hashPassword(PASSWORD);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(PASSWORD);
    expect(await verifyPassword(PASSWORD, a)).toBe(true);
    expect(await verifyPassword(`${PASSWORD} `, a)).toBe(false);
    expect(await verifyPassword(PASSWORD, undefined)).toBe(false);
    expect(await verifyPassword(PASSWORD, "plain text")).toBe(false);
    expect(await verifyPassword("x".repeat(100_000), a)).toBe(false);
  });
});

describe("moderation console: sign-in and sessions", () => {
  it("is absent (404) until a moderator account exists", async () => {
    await expectError(await signIn(), 404, "console_disabled");
  });

  it("refuses a wrong password or an unknown name alike, and signs in with the right one", async () => {
    await addModerator();
    for (const response of [await signIn("editor", "wrong password!"), await signIn("nobody", PASSWORD)]) {
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe("/admin/sign-in?error=invalid");
      expect(response.headers.get("set-cookie")).toBeNull();
    }
    const ok = await signIn();
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/admin");
    const cookie = ok.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^comments_console=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/);
  });

  it("marks the session cookie Secure when the site is https", async () => {
    await useEnv({ SITE_URL: "https://news.test" });
    await addModerator();
    expect((await post("sign-in", { name: "editor", password: PASSWORD }, { origin: "https://news.test" })).headers.get("set-cookie")).toMatch(/; Secure$/);
  });

  it("limits sign-in attempts per name, whatever the address, and per address, whatever the name", async () => {
    await addModerator();
    for (let i = 0; i < 5; i++) expect((await signIn("editor", "wrong password!", `203.0.113.${i}`)).headers.get("location")).toBe("/admin/sign-in?error=invalid");
    const limited = await signIn("editor", PASSWORD, "203.0.113.99");
    expect(limited.headers.get("location")).toMatch(/^\/admin\/sign-in\?error=rate_limited&retry=\d+$/);
    expect(limited.headers.get("set-cookie")).toBeNull();
    for (let i = 0; i < 20; i++) await signIn(`guess${i}`, "wrong password!", "203.0.113.200");
    expect((await signIn("other", PASSWORD, "203.0.113.200")).headers.get("location")).toMatch(/error=rate_limited/);
  });

  it("ends the session at sign-out: the same cookie then writes nothing", async () => {
    await addModerator();
    const { cookie, csrf } = await session();
    const out = await post("sign-out", { csrf, lang: "en" }, { cookie });
    expect(out.headers.get("location")).toBe("/admin/en/sign-in?done=sign-out");
    expect(out.headers.get("set-cookie")).toMatch(/^comments_console=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict/);
    const again = await post("moderate", { csrf, action: "approve", id: "1" }, { cookie });
    expect(again.headers.get("location")).toBe("/admin/sign-in?error=session");
  });
});

describe("moderation console: writes and their attackers", () => {
  async function pendingComment(text = "needs review") {
    await useEnv({ COMMENTS_MODERATION: "pre" });
    await addModerator();
    const response = await postJson({ text });
    expect(response.status).toBe(202);
    const [comment] = (await getCommentsRuntime().store.listQueue({ status: "pending", offset: 0, limit: 1 })).comments;
    return comment!;
  }

  it("approves in bulk with a valid session and token, audits it, and comes back to the page", async () => {
    const first = await pendingComment("one");
    await postJson({ text: "two" });
    const second = (await getCommentsRuntime().store.listQueue({ status: "pending", offset: 0, limit: 1 })).comments[0]!;
    const { cookie, csrf } = await session();
    const response = await post("moderate", { csrf, action: "approve", id: [first.id, second.id], return: "/admin?report=chengyang-rule-of-law", lang: "zh" }, { cookie });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/admin?report=chengyang-rule-of-law&done=approve&count=2");
    expect((await list()).total).toBe(2);
    const { entries } = await getCommentsRuntime().store.listAudit(0, 10);
    expect(entries.map((e) => [e.moderator, e.action, e.statusBefore, e.statusAfter])).toEqual([
      ["editor", "approve", "pending", "published"],
      ["editor", "approve", "pending", "published"],
    ]);
  });

  it("refuses writes without a session cookie, with a forged one, from another origin, or without the CSRF token", async () => {
    const comment = await pendingComment();
    const { cookie, csrf } = await session();
    const fields = { csrf, action: "approve", id: comment.id };
    expect((await post("moderate", fields)).headers.get("location")).toBe("/admin/sign-in?error=session");
    expect((await post("moderate", fields, { cookie: `comments_console=${"A".repeat(43)}` })).headers.get("location")).toBe("/admin/sign-in?error=session");
    expect((await post("moderate", fields, { cookie: "comments_console=../../etc" })).headers.get("location")).toBe("/admin/sign-in?error=session");
    await expectError(await post("moderate", fields, { cookie, origin: "https://evil.example" }), 403, "forbidden_origin");
    await expectError(await post("moderate", { ...fields, csrf: "" }, { cookie }), 403, "csrf_failed");
    await expectError(await post("moderate", { ...fields, csrf: csrf.replace(/^./, (c) => (c === "a" ? "b" : "a")) }, { cookie }), 403, "csrf_failed");
    const { csrf: _omitted, ...withoutToken } = fields;
    await expectError(await post("moderate", withoutToken, { cookie }), 403, "csrf_failed");
    expect((await getCommentsRuntime().store.getComment(comment.id))?.status).toBe("pending");
  });

  it("answers huge or malformed input with a clear error, and never redirects off the console", async () => {
    await pendingComment();
    const { cookie, csrf } = await session();
    await expectError(await post("moderate", { csrf, action: "approve", id: "1".repeat(20_000) }, { cookie }), 413, "payload_too_large");
    await expectError(await post("sign-in", { name: "x".repeat(20_000), password: "y" }), 413, "payload_too_large");
    await expectError(await call(consoleRoute.POST, "/api/admin/console/moderate", { method: "POST", body: "{}", headers: { "content-type": "application/json", origin: ORIGIN, cookie }, params: { action: "moderate" } }), 415, "unsupported_media_type");
    expect((await post("moderate", { csrf, action: "explode", id: "1" }, { cookie })).headers.get("location")).toBe("/admin?error=invalid");
    expect((await post("moderate", { csrf, action: "approve", id: "999", return: "//evil.example/admin" }, { cookie })).headers.get("location")).toBe("/admin?done=approve&count=0");
    await expectError(await post("no-such-action", { csrf }, { cookie }), 404, "comment_not_found");
    expect(safeReturnPath("https://evil.example/admin", "/admin")).toBe("/admin");
    expect(safeReturnPath("/admin/en/bans?page=2", "/admin")).toBe("/admin/en/bans?page=2");
  });

  it("publishes an official reply at once with its flag, shown to readers", async () => {
    const comment = await pendingComment("a question");
    const { cookie, csrf } = await session();
    await post("moderate", { csrf, action: "approve", id: comment.id }, { cookie });
    const reply = await post("reply", { csrf, id: comment.id, text: "编辑部的回答" }, { cookie });
    expect(reply.headers.get("location")).toBe("/admin?done=reply&count=1");
    const listed = await list();
    expect(listed.comments[0]!.replies.map((r) => [r.text, r.official])).toEqual([["编辑部的回答", true]]);
    expect(listed.comments[0]!.official).toBeUndefined();
  });

  it("bans the author: their pending comments are hidden and their posts and likes refused (403 reader_banned)", async () => {
    await useEnv({ COMMENTS_MODERATION: "pre" });
    await addModerator();
    const first = await postJson({ text: "spam one" }, {}, SLUG, "192.0.2.50");
    const readerCookie = cookieOf(first);
    const comment = (await getCommentsRuntime().store.listQueue({ status: "pending", offset: 0, limit: 1 })).comments[0]!;
    const { cookie, csrf } = await session();
    const banned = await post("ban", { csrf, id: comment.id, period: "7d" }, { cookie });
    expect(banned.headers.get("location")).toBe("/admin?done=ban&count=1");
    expect((await getCommentsRuntime().store.getComment(comment.id))?.status).toBe("hidden");
    await expectError(await postJson({ text: "spam again" }, { cookie: readerCookie }, SLUG, "192.0.2.99"), 403, "reader_banned");
    await expectError(await postJson({ text: "new cookie, same address" }, {}, SLUG, "192.0.2.50"), 403, "reader_banned");
    expect((await postJson({ text: "someone else" }, {}, SLUG, "192.0.2.51")).status).toBe(202);
    expect((await post("ban", { csrf, id: comment.id, period: "forever" }, { cookie })).headers.get("location")).toBe("/admin?error=invalid");
  });

  it("closes comments on a report: posts answer 403 comments_closed and the list says closed", async () => {
    await addModerator();
    const { cookie, csrf } = await session();
    expect((await post("close", { csrf, slug: SLUG, closed: "1" }, { cookie })).headers.get("location")).toBe("/admin?done=close&count=1");
    await expectError(await postJson({ text: "too late" }), 403, "comments_closed");
    expect((await list()).closed).toBe(true);
    await post("close", { csrf, slug: SLUG, closed: "0" }, { cookie });
    expect((await postJson({ text: "open again" })).status).toBe(201);
    expect((await list()).closed).toBeUndefined();
    expect((await post("close", { csrf, slug: "no-such-report", closed: "1" }, { cookie })).headers.get("location")).toBe("/admin?error=invalid");
  });

  it("downloads the audit log as CSV (formulas made inert) and JSON, only with a session", async () => {
    const comment = await pendingComment();
    const { cookie, csrf } = await session();
    await post("moderate", { csrf, action: "hide", id: comment.id }, { cookie });
    await getCommentsRuntime().store.recordAudit({ at: new Date(), moderator: "=HYPERLINK(\"x\")", action: "note", commentId: null, slug: null, statusBefore: null, statusAfter: null, detail: "a, \"quoted\"" });
    const csv = await call(consoleRoute.GET, "/api/admin/console/audit?format=csv", { headers: { cookie }, params: { action: "audit" } });
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="comments-audit.csv"');
    const text = await csv.text();
    expect(text).toContain(`,editor,hide,${comment.id},${SLUG},pending,hidden,`);
    expect(text).toContain(`,"'=HYPERLINK(""x"")",note,,,,,"a, ""quoted"""`);
    const json = (await (await call(consoleRoute.GET, "/api/admin/console/audit?format=json", { headers: { cookie }, params: { action: "audit" } })).json()) as { entries: { action: string }[] };
    expect(json.entries.map((e) => e.action)).toEqual(["note", "hide"]);
    expect((await call(consoleRoute.GET, "/api/admin/console/audit?format=csv", { params: { action: "audit" } })).status).toBe(303);
  });
});

describe("comments: false in the front matter", () => {
  it("closes the report's comments: posts answer 403 comments_closed and the list says closed", async () => {
    // A copy of the real report whose Chinese front matter says comments: false.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "closed-content-"));
    const folder = path.join(root, SLUG);
    fs.cpSync(path.resolve("content/reports", SLUG), folder, { recursive: true });
    const zh = path.join(folder, "zh.md");
    fs.writeFileSync(zh, fs.readFileSync(zh, "utf8").replace(/^---\n/, "---\ncomments: false\n"));
    const saved = process.env.CONTENT_DIR;
    process.env.CONTENT_DIR = root;
    try {
      await useEnv({});
      await expectError(await postJson({ text: "closed here" }), 403, "comments_closed");
      expect((await list()).closed).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.CONTENT_DIR;
      else process.env.CONTENT_DIR = saved;
      fs.rmSync(root, { recursive: true, force: true });
    }
    // The real report (no such line) stays open.
    await useEnv({});
    expect((await postJson({ text: "open here" })).status).toBe(201);
  });
});
