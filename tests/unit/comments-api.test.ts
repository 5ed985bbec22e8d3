import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { ApiComment, ReplyListResponse } from "@/lib/comments/comment-api-types";
import { commentsKeys } from "@/lib/comments/identity/comments-keys";
import { getCommentsRuntime, resetCommentsRuntime } from "@/lib/comments/comments-runtime";
import { readFlash } from "@/lib/comments/http/form-flash";
import { ADMIN_TOKEN, apiRoute, call, cookieOf, created, entryHeader, expectError, list, ORIGIN, postJson, SECRET, SLUG, useApiHarness } from "./comments-api-harness";

const adminDelete = apiRoute("/api/admin/comments/:id");
const adminApprove = apiRoute("/api/admin/comments/:id/approve");
const adminHide = apiRoute("/api/admin/comments/:id/hide");
const adminList = apiRoute("/api/admin/comments");
const counts = apiRoute("/api/comment-counts");
const like = apiRoute("/api/comments/:id/like");
const replies = apiRoute("/api/comments/:id/replies");
const comments = apiRoute("/api/reports/:slug/comments");
const commentForm = apiRoute("/api/reports/:slug/comments/form");

/** Address and report limits are off here unless a test turns them on; comments-abuse.test.ts attacks them. */
const harness = useApiHarness({
  COMMENTS_ADDRESS_LIMIT_PER_MINUTE: "0",
  COMMENTS_ADDRESS_LIMIT_PER_HOUR: "0",
  LIKES_ADDRESS_LIMIT_PER_MINUTE: "0",
  COMMENTS_REPORT_LIMIT_PER_MINUTE: "0",
});
const useEnv = harness.useEnv;

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe("listing comments", () => {
  it("answers an empty thread with zero counts", async () => {
    expect(await list()).toEqual({ comments: [], total: 0, participants: 0, page: 1, pageSize: 10, hasMore: false });
  });

  it("pages newest first, 10 at a time, to the end", async () => {
    for (let i = 0; i < 12; i++) await created(await postJson({ text: `第${i}条` }));
    const first = await list("?sort=new");
    expect(first.comments.map((c) => c.text)).toEqual(Array.from({ length: 10 }, (_, i) => `第${11 - i}条`));
    expect(first).toMatchObject({ total: 12, participants: 12, page: 1, pageSize: 10, hasMore: true });
    const second = await list("?sort=new&page=2");
    expect(second.comments.map((c) => c.text)).toEqual(["第1条", "第0条"]);
    expect(second).toMatchObject({ page: 2, hasMore: false });
    expect((await list("?sort=new&page=3")).comments).toEqual([]);
  });

  it("puts the most liked first in the hot order", async () => {
    const a = await created(await postJson({ text: "older, liked" }));
    await created(await postJson({ text: "newer" }));
    await like.POST(new Request(`${ORIGIN}/api/comments/${a.id}/like`, { method: "POST", headers: { origin: ORIGIN, host: "news.test", ...entryHeader() } }), {
      params: Promise.resolve({ id: a.id }),
    });
    expect((await list("?sort=hot")).comments.map((c) => [c.text, c.likes])).toEqual([
      ["older, liked", 1],
      ["newer", 0],
    ]);
    expect((await list()).comments[0]!.text).toBe("older, liked");
  });

  it("refuses bad query values with 400 and unknown reports with 404", async () => {
    for (const query of ["?sort=top", "?page=0", "?page=-1", "?page=abc", "?page=1.5", "?page=99999999999"]) {
      await expectError(await call(comments.GET, `/api/reports/${SLUG}/comments${query}`, { params: { slug: SLUG } }), 400, "invalid_query");
    }
    for (const slug of ["no-such-report", "../etc/passwd", "CHENGYANG-RULE-OF-LAW", ""]) {
      await expectError(await call(comments.GET, `/api/reports/x/comments`, { params: { slug } }), 404, "report_not_found");
    }
  });
});

describe("posting a comment", () => {
  it("answers 201 with the comment and sets an HttpOnly SameSite reader cookie", async () => {
    const response = await postJson({ nickname: "  城阳读者 ", text: "  第一行\r\n第二行  " });
    expect(response.headers.get("set-cookie")).toMatch(/^comments_reader=[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const comment = await created(response);
    expect(comment).toEqual({ id: expect.stringMatching(/^\d+$/), nickname: "城阳读者", text: "第一行\n第二行", createdAt: expect.any(String), likes: 0, replies: [], replyCount: 0 });
    expect(new Date(comment.createdAt).toISOString()).toBe(comment.createdAt);
    expect((await list()).comments).toEqual([comment]);
  });

  it("stores an empty nickname as anonymous (null)", async () => {
    expect((await created(await postJson({ nickname: "   ", text: "hi" }))).nickname).toBeNull();
    expect((await created(await postJson({ text: "no nickname at all" }))).nickname).toBeNull();
  });

  it("pages a long thread's replies through the replies endpoint; the list carries only the first three", async () => {
    const parent = await created(await postJson({ text: "parent" }));
    for (let i = 0; i < 55; i++) await created(await postJson({ text: `reply ${i}`, parentId: parent.id }));
    const thread = (await list("?sort=new")).comments[0]!;
    expect(thread.replies.map((r) => r.text)).toEqual(["reply 0", "reply 1", "reply 2"]);
    expect(thread.replyCount).toBe(55);
    const page = async (query: string) => {
      const response = await call(replies.GET, `/api/comments/${parent.id}/replies${query}`, { params: { id: parent.id } });
      expect(response.status).toBe(200);
      return (await response.json()) as ReplyListResponse;
    };
    const first = await page("");
    expect(first).toMatchObject({ replyCount: 55, page: 1, pageSize: 50, hasMore: true });
    expect(first.replies).toHaveLength(50);
    const second = await page("?page=2");
    expect(second.replies.map((r) => r.text)).toEqual(["reply 50", "reply 51", "reply 52", "reply 53", "reply 54"]);
    expect(second.hasMore).toBe(false);
    await expectError(await call(replies.GET, `/api/comments/${first.replies[0]!.id}/replies`, { params: { id: first.replies[0]!.id } }), 404, "comment_not_found");
    await expectError(await call(replies.GET, `/api/comments/999999/replies`, { params: { id: "999999" } }), 404, "comment_not_found");
    await expectError(await call(replies.GET, `/api/comments/${parent.id}/replies?page=1e999`, { params: { id: parent.id } }), 400, "invalid_query");
    await expectError(await call(replies.POST, `/api/comments/${parent.id}/replies`, { method: "POST", params: { id: parent.id } }), 405, "method_not_allowed");
  });

  it("refuses a reply to a full thread with 409 thread_full", async () => {
    await useEnv({ COMMENTS_MAX_REPLIES: "2" });
    const parent = await created(await postJson({ text: "parent" }));
    await created(await postJson({ text: "one", parentId: parent.id }));
    await created(await postJson({ text: "two", parentId: parent.id }));
    await expectError(await postJson({ text: "three", parentId: parent.id }), 409, "thread_full");
  });

  it("takes replies one level deep and counts them", async () => {
    const parent = await created(await postJson({ text: "parent" }));
    const reply = await created(await postJson({ text: "reply", parentId: parent.id }));
    await created(await postJson({ text: "reply to reply", parentId: reply.id }));
    const page = await list("?sort=new");
    expect(page.comments).toHaveLength(1);
    expect(page.comments[0]!.replies.map((r) => r.text)).toEqual(["reply", "reply to reply"]);
    expect(page.total).toBe(3);
    await expectError(await postJson({ text: "orphan", parentId: "999999" }), 400, "invalid_parent");
    await expectError(await postJson({ text: "orphan", parentId: "abc" }), 400, "invalid_parent");
  });

  it("counts participants as distinct readers", async () => {
    const first = await postJson({ text: "one" });
    const cookie = cookieOf(first);
    await postJson({ text: "two" }, { cookie });
    await postJson({ text: "three" });
    expect(await list()).toMatchObject({ total: 3, participants: 2 });
  });

  it("holds comments for review under pre-moderation (202)", async () => {
    await useEnv({ COMMENTS_MODERATION: "pre" });
    const response = await postJson({ text: "needs review" });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: "pending" });
    expect((await list()).total).toBe(0);
  });

  it("holds comments for review by default (先审后发) when COMMENTS_MODERATION is unset", async () => {
    await useEnv({ COMMENTS_MODERATION: undefined });
    const response = await postJson({ text: "reviewed first by default" });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: "pending" });
    expect((await list()).total).toBe(0);
  });

  it("validates the input with 400s that name the problem", async () => {
    await expectError(await postJson("{not json"), 400, "invalid_json");
    await expectError(await postJson("[1,2]"), 400, "invalid_body");
    await expectError(await postJson("null"), 400, "invalid_body");
    await expectError(await postJson({ text: 42 }), 400, "invalid_body");
    await expectError(await postJson({ text: "ok", nickname: ["x"] }), 400, "invalid_body");
    await expectError(await postJson({}), 400, "text_required");
    await expectError(await postJson({ text: " \n\t " }), 400, "text_required");
    await expectError(await postJson({ text: "\u200B\u200B" }), 400, "text_required");
    await expectError(await postJson({ text: "字".repeat(1001) }), 400, "text_too_long");
    await expectError(await postJson({ text: "ok", nickname: "名".repeat(25) }), 400, "nickname_too_long");
    await expectError(await postJson({ text: "ok", website: "http://spam.example" }), 400, "spam_rejected");
    expect((await created(await postJson({ text: "字".repeat(1000), nickname: "名".repeat(24) }))).text).toHaveLength(1000);
    expect((await created(await postJson({ text: "😀".repeat(1000) }))).text).toBe("😀".repeat(1000));
  });

  it("refuses writes without a same-origin Origin (403)", async () => {
    await expectError(await postJson({ text: "x" }, { origin: "" }), 403, "forbidden_origin");
    await expectError(await postJson({ text: "x" }, { origin: "https://evil.example" }), 403, "forbidden_origin");
    await expectError(await postJson({ text: "x" }, { origin: "null" }), 403, "forbidden_origin");
    await expectError(await postJson({ text: "x" }, { origin: "http://news.test.evil.example" }), 403, "forbidden_origin");
  });

  it("accepts the SITE_URL origin behind a proxy", async () => {
    await useEnv({ SITE_URL: "https://news.example.org/" });
    await created(await postJson({ text: "via proxy" }, { host: "127.0.0.1:3000", origin: "https://news.example.org" }));
  });

  it("answers 404 for an unknown report, 405 for other methods, 413 for big bodies, 415 for non-JSON", async () => {
    await expectError(await postJson({ text: "x" }, {}, "no-such-report"), 404, "report_not_found");
    const put = await call(comments.PUT, `/api/reports/${SLUG}/comments`, { method: "PUT", params: { slug: SLUG } });
    await expectError(put, 405, "method_not_allowed");
    expect(put.headers.get("allow")).toBe("GET, POST");
    await expectError(await postJson({ text: "x".repeat(17 * 1024) }), 413, "payload_too_large");
    // A chunked body with no Content-Length is cut off at the limit too.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 40; i++) controller.enqueue(new TextEncoder().encode("x".repeat(1024)));
        controller.close();
      },
    });
    const chunked = await call(comments.POST, `/api/reports/${SLUG}/comments`, {
      method: "POST",
      body: stream,
      headers: { "content-type": "application/json", origin: ORIGIN },
      params: { slug: SLUG },
    });
    await expectError(chunked, 413, "payload_too_large");
    await expectError(await postJson(JSON.stringify({ text: "x" }), { "content-type": "text/plain" }), 415, "unsupported_media_type");
    await expectError(await postJson(JSON.stringify({ text: "x" }), { "content-type": "" }), 415, "unsupported_media_type");
  });

  it("limits a reader to 5 comments a minute, with Retry-After", async () => {
    const first = await postJson({ text: "c0" });
    const cookie = cookieOf(first);
    for (let i = 1; i < 5; i++) await created(await postJson({ text: `c${i}` }, { cookie }));
    const limited = await postJson({ text: "c5" }, { cookie });
    await expectError(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    // Another reader is not affected.
    await created(await postJson({ text: "someone else" }));
  });

  it("limits by the address too, whatever cookie comes with it", async () => {
    await useEnv({ COMMENTS_ADDRESS_LIMIT_PER_MINUTE: "2" });
    const from = (address: string) => entryHeader(address);
    await created(await postJson({ text: "a" }, from("203.0.113.7")));
    await created(await postJson({ text: "b" }, from("203.0.113.7"))); // a new cookie each time: same address
    await expectError(await postJson({ text: "c" }, from("203.0.113.7")), 429, "rate_limited");
    await created(await postJson({ text: "d" }, from("198.51.100.2")));
  });

  it("turns a limit off with 0", async () => {
    await useEnv({ COMMENTS_LIMIT_PER_MINUTE: "0", COMMENTS_LIMIT_PER_HOUR: "0" });
    const cookie = cookieOf(await postJson({ text: "c0" }));
    for (let i = 1; i < 8; i++) await created(await postJson({ text: `c${i}` }, { cookie }));
  });

  it("refuses the same text from the same reader within 10 minutes (409)", async () => {
    const cookie = cookieOf(await postJson({ text: "同样的话" }));
    await expectError(await postJson({ text: " 同样的话 " }, { cookie }), 409, "duplicate_comment");
    await created(await postJson({ text: "同样的话" })); // another reader may say it
  });

  it("stores neither the address nor the cookie value: only keyed hashes", async () => {
    const response = await postJson({ text: "from somewhere" }, entryHeader("203.0.113.77"));
    const cookie = cookieOf(response).split("=")[1]!;
    await resetCommentsRuntime(); // close, so the WAL is checkpointed into the file
    const bytes = fs.readFileSync(harness.dbFile()).toString("latin1");
    expect(bytes).not.toContain("203.0.113.77");
    expect(bytes).not.toContain(cookie.slice(0, 22));
    const raw = new Database(harness.dbFile(), { readonly: true });
    const row = raw.prepare("SELECT ip_hash, reader_id FROM comments").get() as { ip_hash: string; reader_id: string };
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    raw.close();
    expect(row.ip_hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(row.reader_id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tables).not.toContainEqual({ name: "secrets" });
  });

  it("generates its key once into a file beside the database (mode 0600), never into the database", async () => {
    await useEnv({ COMMENTS_SECRET: undefined });
    const first = await postJson({ text: "one" });
    const keyFile = path.join(path.dirname(harness.dbFile()), "comments-secret.key");
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = fs.readFileSync(keyFile, "utf8").trim();
    // The same key after a restart: the reader keeps their identity.
    await resetCommentsRuntime();
    const again = await postJson({ text: "two" }, { cookie: cookieOf(first) });
    expect(again.headers.get("set-cookie")).toBeNull();
    expect(fs.readFileSync(keyFile, "utf8").trim()).toBe(key);
    await resetCommentsRuntime();
    expect(fs.readFileSync(harness.dbFile()).toString("latin1")).not.toContain(key);
    fs.rmSync(keyFile);
  });
});

describe("likes", () => {
  async function likeCall(method: "POST" | "DELETE", id: string, headers: Record<string, string> = {}) {
    return call(method === "POST" ? like.POST : like.DELETE, `/api/comments/${id}/like`, { method, headers: { origin: ORIGIN, ...headers }, params: { id } });
  }

  it("counts one like per reader; un-like takes it back", async () => {
    const comment = await created(await postJson({ text: "like me" }));
    const first = await likeCall("POST", comment.id);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ likes: 1 });
    const cookie = cookieOf(first);
    expect(await (await likeCall("POST", comment.id, { cookie })).json()).toEqual({ likes: 1 });
    expect(await (await likeCall("POST", comment.id)).json()).toEqual({ likes: 2 });
    expect(await (await likeCall("DELETE", comment.id, { cookie })).json()).toEqual({ likes: 1 });
    expect(await (await likeCall("DELETE", comment.id, { cookie })).json()).toEqual({ likes: 1 });
    expect((await list()).comments[0]!.likes).toBe(1);
  });

  it("answers 404 for unknown comments, 403 without Origin, 405 for GET, 429 past the limit", async () => {
    await expectError(await likeCall("POST", "999999"), 404, "comment_not_found");
    await expectError(await likeCall("POST", "drop table"), 404, "comment_not_found");
    const comment = await created(await postJson({ text: "x" }));
    await expectError(await likeCall("POST", comment.id, { origin: "" }), 403, "forbidden_origin");
    await expectError(await call(like.GET, `/api/comments/${comment.id}/like`, { params: { id: comment.id } }), 405, "method_not_allowed");
    await useEnv({ LIKES_LIMIT_PER_MINUTE: "3" });
    const c = await created(await postJson({ text: "y" }));
    const cookie = cookieOf(await likeCall("POST", c.id));
    await likeCall("DELETE", c.id, { cookie });
    await likeCall("POST", c.id, { cookie });
    const limited = await likeCall("DELETE", c.id, { cookie });
    await expectError(limited, 429, "rate_limited");
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});

describe("database unavailable", () => {
  // Nothing listens on port 1: every connection is refused at once, as when PostgreSQL is stopped.
  const DOWN = "postgres://postgres@127.0.0.1:1/test";

  async function expectUnavailable(response: Response) {
    await expectError(response, 503, "comments_unavailable");
    expect(response.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
    expect(response.headers.get("cache-control")).toBe("no-store");
  }

  it("answers 503 comments_unavailable, never 500, for reads and writes", async () => {
    await useEnv({ DATABASE_URL: DOWN });
    await expectUnavailable(await call(comments.GET, `/api/reports/${SLUG}/comments`, { params: { slug: SLUG } }));
    await expectUnavailable(await postJson({ text: "数据库不在" }));
    await expectUnavailable(await call(like.POST, `/api/comments/1/like`, { method: "POST", headers: { origin: ORIGIN }, params: { id: "1" } }));
    await expectUnavailable(await call(counts.GET, `/api/comment-counts?slugs=${SLUG}`));
    await expectUnavailable(await call(adminList.GET, "/api/admin/comments?status=pending", { headers: admin }));
  });

  it("sends a no-JavaScript post back to the form with the message and the draft", async () => {
    await useEnv({ DATABASE_URL: DOWN });
    const response = await call(commentForm.POST, `/api/reports/${SLUG}/comments/form`, {
      method: "POST",
      body: new URLSearchParams({ lang: "en", nickname: "读者", text: "留着我" }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
      params: { slug: SLUG },
    });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location")!, ORIGIN);
    expect(location.pathname).toBe(`/en/reports/${SLUG}/comments`);
    // Nothing of the draft or the error in the URL: a flash id only; the rest in HttpOnly cookies.
    expect([...location.searchParams.keys()]).toEqual(["flash"]);
    const jar = new Map(response.headers.getSetCookie().map((c) => c.split(";")[0]!.split(/=(.*)/s).slice(0, 2) as [string, string]));
    const flash = readFlash(commentsKeys({ secret: SECRET, secretFile: "" }), location.searchParams.get("flash")!, (name) => jar.get(name));
    expect(flash).toEqual({ code: "comments_unavailable", retryAfterSeconds: 10, nickname: "读者", text: "留着我" });
  });
});

describe("comment counts", () => {
  it("gives each report's count, 0 for reports without comments", async () => {
    const parent = await created(await postJson({ text: "x" }));
    await created(await postJson({ text: "y", parentId: parent.id }));
    const response = await call(counts.GET, `/api/comment-counts?slugs=${SLUG},no-such-report`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ counts: { [SLUG]: 2, "no-such-report": 0 } });
  });

  it("refuses a missing or malformed slug list", async () => {
    await expectError(await call(counts.GET, `/api/comment-counts`), 400, "invalid_query");
    await expectError(await call(counts.GET, `/api/comment-counts?slugs=`), 400, "invalid_query");
    await expectError(await call(counts.GET, `/api/comment-counts?slugs=a,%3Cscript%3E`), 400, "invalid_query");
    const many = Array.from({ length: 101 }, (_, i) => `r${i}`).join(",");
    await expectError(await call(counts.GET, `/api/comment-counts?slugs=${many}`), 400, "invalid_query");
    await expectError(await call(counts.POST, `/api/comment-counts?slugs=a`, { method: "POST" }), 405, "method_not_allowed");
  });
});

describe("moderation API", () => {
  it("approves, hides and deletes with the admin token", async () => {
    await useEnv({ COMMENTS_MODERATION: "pre" });
    await postJson({ text: "待审核" });
    const pendingResponse = await call(adminList.GET, "/api/admin/comments?status=pending", { headers: admin });
    expect(pendingResponse.status).toBe(200);
    const { comments: pending } = (await pendingResponse.json()) as { comments: { id: string; text: string; status: string; slug: string }[] };
    expect(pending).toMatchObject([{ text: "待审核", status: "pending", slug: SLUG }]);
    const id = pending[0]!.id;

    const approved = await call(adminApprove.POST, `/api/admin/comments/${id}/approve`, { method: "POST", headers: admin, params: { id } });
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ comment: { id, status: "published" } });
    expect((await list()).comments.map((c) => c.text)).toEqual(["待审核"]);

    const hidden = await call(adminHide.POST, `/api/admin/comments/${id}/hide`, { method: "POST", headers: admin, params: { id } });
    expect(await hidden.json()).toMatchObject({ comment: { id, status: "hidden" } });
    expect((await list()).comments).toEqual([]);

    const deleted = await call(adminDelete.DELETE, `/api/admin/comments/${id}`, { method: "DELETE", headers: admin, params: { id } });
    expect(await deleted.json()).toEqual({ id, deleted: true });
    await expectError(await call(adminDelete.DELETE, `/api/admin/comments/${id}`, { method: "DELETE", headers: admin, params: { id } }), 404, "comment_not_found");
    await expectError(await call(adminApprove.POST, `/api/admin/comments/${id}/approve`, { method: "POST", headers: admin, params: { id } }), 404, "comment_not_found");
    // The console's audit log records what the API (and so the CLI) did, too.
    const { entries } = await getCommentsRuntime().store.listAudit(0, 10);
    expect(entries.map((e) => [e.moderator, e.action, e.statusBefore, e.statusAfter])).toEqual([
      ["admin-api", "delete", "hidden", "deleted"],
      ["admin-api", "hide", "published", "hidden"],
      ["admin-api", "approve", "pending", "published"],
    ]);
  });

  it("refuses wrong or missing tokens (401) and bad queries (400)", async () => {
    for (const authorization of [undefined, "Bearer wrong", `Bearer ${ADMIN_TOKEN}x`, ADMIN_TOKEN, `Basic ${ADMIN_TOKEN}`]) {
      const response = await call(adminList.GET, "/api/admin/comments", { headers: authorization ? { authorization } : {} });
      await expectError(response, 401, "unauthorized");
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
    await expectError(await call(adminList.GET, "/api/admin/comments?status=deleted", { headers: admin }), 400, "invalid_query");
  });

  it("is switched off entirely without COMMENTS_ADMIN_TOKEN", async () => {
    await useEnv({ COMMENTS_ADMIN_TOKEN: undefined });
    await expectError(await call(adminList.GET, "/api/admin/comments", { headers: { authorization: "Bearer " } }), 404, "admin_disabled");
    await expectError(await call(adminHide.POST, "/api/admin/comments/1/hide", { method: "POST", headers: admin, params: { id: "1" } }), 404, "admin_disabled");
  });
});

describe("hostile input", () => {
  it("stores each nasty string exactly as normalized, or refuses it with 400 — never a 500", async () => {
    const { NASTY_STRINGS } = await import("./comments-nasty-strings");
    const { hasVisibleCharacter, normalizeCommentText, normalizeNickname } = await import("@/lib/comments/comment-input");
    let stored = 0;
    for (const raw of NASTY_STRINGS) {
      for (const body of [{ text: raw }, { text: "ok", nickname: raw }]) {
        const response = await postJson(body);
        expect([201, 400], JSON.stringify(body)).toContain(response.status);
        if (response.status === 201) {
          stored++;
          const { comment } = (await response.json()) as { comment: ApiComment };
          const nickname = normalizeNickname(raw)!;
          if ("nickname" in body) expect(comment.nickname).toBe(hasVisibleCharacter(nickname) ? nickname : null);
          else expect(comment.text).toBe(normalizeCommentText(raw));
        } else {
          const { error } = (await response.json()) as { error: { code: string } };
          expect(["text_required", "text_too_long", "nickname_too_long", "invalid_text", "duplicate_comment"]).toContain(error.code);
        }
      }
    }
    expect(stored).toBeGreaterThan(NASTY_STRINGS.length);
  });

  it("refuses bodies that are not UTF-8, and odd JSON, with 400", async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]); // {"text":"\xff\xfe"}
    const raw = await call(comments.POST, `/api/reports/${SLUG}/comments`, {
      method: "POST",
      body: bytes,
      headers: { "content-type": "application/json", origin: ORIGIN },
      params: { slug: SLUG },
    });
    await expectError(raw, 400, "invalid_text");
    await expectError(await postJson(JSON.stringify({ text: "\ud800" })), 400, "invalid_text");
    const proto = await created(await postJson('{"text":"proto","__proto__":{"polluted":true}}'));
    expect(proto.text).toBe("proto");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await expectError(await postJson("1e999"), 400, "invalid_body");
    await expectError(await postJson(`{"text":${"[".repeat(5000)}`), 400, "invalid_json");
  });
});
