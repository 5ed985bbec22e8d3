import { describe, expect, it } from "vitest";
import { getCommentsRuntime } from "@/lib/comments/comments-runtime";
import { commentsKeys } from "@/lib/comments/identity/comments-keys";
import { FLASH_COOKIE, readFlash } from "@/lib/comments/http/form-flash";
import { CLIENT_ADDRESS_HEADER } from "@/lib/server/client-address-header";
import { apiRoute, call, cookieOf, created, expectError, list, ORIGIN, postJson, SECRET, SLUG, useApiHarness } from "./comments-api-harness";

const like = apiRoute("/api/comments/:id/like");
const commentForm = apiRoute("/api/reports/:slug/comments/form");

/**
 * The attacks of issue 10, tried from outside against the route handlers with
 * the limits at their defaults. Each failed on the code before the server
 * entry, signed reader ids and address limits (2d0989c): there, a client
 * without a cookie was a new reader every time, and with TRUST_PROXY=0 no
 * address was known at all.
 */
const { useEnv } = useApiHarness({});
const ATTACKER = "203.0.113.66";

async function statuses(responses: Promise<Response>[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (const response of await Promise.all(responses)) counts.set(response.status, (counts.get(response.status) ?? 0) + 1);
  return counts;
}

describe("abuse: flooding without a cookie", () => {
  it("stores one of 50 identical cookie-less posts from one address", async () => {
    const results = await statuses(Array.from({ length: 50 }, () => postJson({ text: "买买买 http://spam.example" }, {}, SLUG, ATTACKER)));
    expect(results.get(201)).toBe(1);
    expect((await list()).total).toBe(1);
  });

  it("stores at most the address limit (10 a minute) of 50 different cookie-less posts, answering 429 with Retry-After", async () => {
    const responses = [];
    for (let i = 0; i < 50; i++) responses.push(await postJson({ text: `广告 ${i}` }, {}, SLUG, ATTACKER));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(10);
    const refused = responses.filter((r) => r.status === 429);
    expect(refused).toHaveLength(40);
    expect(Number(refused[0]!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await list()).total).toBe(10);
  });

  it("treats a made-up reader cookie as a new reader, never as the reader it names", async () => {
    const forged = await postJson({ text: "hello" }, { cookie: "comments_reader=AAAAAAAAAAAAAAAAAAAAAA" });
    await created(forged);
    expect(cookieOf(forged)).toMatch(/^comments_reader=[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
    expect(cookieOf(forged)).not.toContain("AAAAAAAAAAAAAAAAAAAAAA");
    // A real cookie with its id swapped keeps no signature either.
    const [id, signature] = cookieOf(forged).split("=")[1]!.split(".");
    const swapped = await postJson({ text: "again" }, { cookie: `comments_reader=${id!.replace(/^./, id![0] === "A" ? "B" : "A")}.${signature}` });
    expect(swapped.headers.get("set-cookie")).toMatch(/^comments_reader=/);
  });

  it("holds a crowd of addresses to the per-report ceiling (60 new comments a minute)", async () => {
    const responses = [];
    for (let i = 0; i < 80; i++) responses.push(await postJson({ text: `crowd ${i}` }, {}, SLUG, `198.51.100.${i}`));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(60);
    await expectError(responses[79]!, 429, "rate_limited");
  });
});

describe("abuse: getting quota back", () => {
  // Posts are counted from their stored rows (no rate event each): whatever happens to the rows, the quota stays spent.
  it("keeps a reader limited (5 a minute) after a moderator deleted, hid or left pending their comments, with Retry-After", async () => {
    const first = await postJson({ text: "第 0 条" });
    const cookie = cookieOf(first);
    const ids = [(await created(first)).id];
    for (let i = 1; i < 5; i++) ids.push((await created(await postJson({ text: `第 ${i} 条` }, { cookie }))).id);
    const { store } = getCommentsRuntime();
    await store.moderate(ids.slice(0, 2), "delete", "编辑甲", new Date());
    expect(await store.deleteComment(ids[2]!)).toBe(true);
    await store.moderate([ids[3]!], "hide", "编辑甲", new Date());
    expect((await list()).total).toBe(1);
    const refused = await postJson({ text: "又来了" }, { cookie });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Deleting a thread deletes its replies: they keep counting too, against the address (10 a minute) as well.
    await useEnv({ COMMENTS_LIMIT_PER_MINUTE: "0", COMMENTS_LIMIT_PER_HOUR: "0" });
    const parent = await created(await postJson({ text: "主题" }, {}, SLUG, ATTACKER));
    for (let i = 0; i < 9; i++) await created(await postJson({ text: `回复 ${i}`, parentId: parent.id }, {}, SLUG, ATTACKER));
    await getCommentsRuntime().store.moderate([parent.id], "delete", "编辑甲", new Date());
    expect((await list()).total).toBe(0);
    await expectError(await postJson({ text: "换个 cookie 再来" }, {}, SLUG, ATTACKER), 429, "rate_limited");
  });

  it("counts posts under pre-moderation, held posts and word-rule probes together against the reader's limit", async () => {
    await useEnv({ COMMENTS_MODERATION: "pre" });
    await getCommentsRuntime().store.saveWordRules([
      { word: "违规词", action: "reject" },
      { word: "待审词", action: "hold" },
    ]);
    const first = await postJson({ text: "先审后发" });
    expect(first.status).toBe(202);
    const cookie = cookieOf(first);
    expect((await postJson({ text: "有待审词" }, { cookie })).status).toBe(202);
    for (let i = 0; i < 3; i++) await expectError(await postJson({ text: `违规词 ${i}` }, { cookie }), 400, "text_blocked");
    // Two stored, three probes: the reader's five a minute are spent, and a further probe learns nothing either.
    await expectError(await postJson({ text: "干净的话" }, { cookie }), 429, "rate_limited");
    await expectError(await postJson({ text: "违规词 again" }, { cookie }), 429, "rate_limited");
  });
});

describe("abuse: inflating likes", () => {
  it("gives a comment one like for 200 cookie-less likes from one address", async () => {
    const comment = await created(await postJson({ text: "like me" }));
    for (let i = 0; i < 200; i++) {
      const response = await call(like.POST, `/api/comments/${comment.id}/like`, { method: "POST", headers: { origin: ORIGIN }, params: { id: comment.id }, address: ATTACKER });
      expect([200, 429]).toContain(response.status);
    }
    expect((await list()).comments[0]!.likes).toBe(1);
  });

  it("counts one like per address even for readers with real cookies", async () => {
    const comment = await created(await postJson({ text: "like me" }));
    const first = await call(like.POST, `/api/comments/${comment.id}/like`, { method: "POST", headers: { origin: ORIGIN }, params: { id: comment.id }, address: ATTACKER });
    const second = await call(like.POST, `/api/comments/${comment.id}/like`, { method: "POST", headers: { origin: ORIGIN }, params: { id: comment.id }, address: ATTACKER });
    expect(cookieOf(first)).not.toBe(cookieOf(second));
    expect(await second.json()).toEqual({ likes: 1 });
    const elsewhere = await call(like.POST, `/api/comments/${comment.id}/like`, { method: "POST", headers: { origin: ORIGIN }, params: { id: comment.id }, address: "2001:db8:1:2::1" });
    expect(await elsewhere.json()).toEqual({ likes: 2 });
  });
});

describe("abuse: bloating a thread", () => {
  it("caps a thread at 200 replies and keeps page 1 of the list small however many were sent", async () => {
    await useEnv({ COMMENTS_REPORT_LIMIT_PER_MINUTE: "0" });
    const parent = await created(await postJson({ text: "parent" }));
    const long = (i: number) => `${i} ${"很长的回复".repeat(199)}`;
    let stored = 0;
    let full = 0;
    for (let i = 0; i < 210; i++) {
      const response = await postJson({ text: long(i), parentId: parent.id });
      if (response.status === 201) stored++;
      else {
        await expectError(response, 409, "thread_full");
        full++;
      }
    }
    expect([stored, full]).toEqual([200, 10]);
    const response = await call(apiRoute("/api/reports/:slug/comments").GET, `/api/reports/${SLUG}/comments`, { params: { slug: SLUG } });
    const body = await response.text();
    // Three replies of ~1,000 characters (3 KB of UTF-8 each) plus the parent: far below the ~900 KB of before.
    expect(Buffer.byteLength(body)).toBeLessThan(16 * 1024);
    const [thread] = JSON.parse(body).comments;
    expect(thread.replies).toHaveLength(3);
    expect(thread.replyCount).toBe(200);
  });
});

describe("abuse: a server without its entry, or forged entry headers", () => {
  it("refuses writes that did not come through the server entry (plain `next start`) with 500 server_entry_required", async () => {
    await expectError(await postJson({ text: "unkeyed" }, {}, SLUG, null), 500, "server_entry_required");
    const comment = await created(await postJson({ text: "target" }));
    await expectError(await call(like.POST, `/api/comments/${comment.id}/like`, { method: "POST", headers: { origin: ORIGIN }, params: { id: comment.id }, address: null }), 500, "server_entry_required");
    expect((await list()).total).toBe(1);
  });

  it("does not believe a client-made copy of the entry's header", async () => {
    for (const forged of ["203.0.113.1", "x 203.0.113.1", "0000000000000000000000000 203.0.113.1"]) {
      await expectError(await postJson({ text: `forged ${forged}` }, { [CLIENT_ADDRESS_HEADER]: forged }, SLUG, null), 500, "server_entry_required");
    }
  });
});

describe("abuse: crafted no-JavaScript links", () => {
  it("shows no error and no draft for a crafted link, a stale flash or a forged cookie", async () => {
    const keys = commentsKeys({ secret: SECRET, secretFile: "" });
    const refused = await call(commentForm.POST, `/api/reports/${SLUG}/comments/form`, {
      method: "POST",
      body: new URLSearchParams({ lang: "zh", text: "" }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
      params: { slug: SLUG },
    });
    const flashId = new URL(refused.headers.get("location")!, ORIGIN).searchParams.get("flash")!;
    const jar = new Map(refused.headers.getSetCookie().map((c) => c.split(";")[0]!.split(/=(.*)/s).slice(0, 2) as [string, string]));
    expect(readFlash(keys, flashId, (name) => jar.get(name))).toMatchObject({ code: "text_required" });
    expect(readFlash(keys, "crafted", (name) => jar.get(name))).toBeNull();
    expect(readFlash(keys, flashId, () => undefined)).toBeNull();
    const value = jar.get(`${FLASH_COOKIE}0`)!;
    const payload = Buffer.from(["rate_limited", "60", "官方通知", "请拨打 400-xxx"].join("\n")).toString("base64url");
    const forged = `${flashId}.${value.split(".")[1]}.${payload}`;
    expect(readFlash(keys, flashId, (name) => (name === `${FLASH_COOKIE}0` ? forged : undefined))).toBeNull();
  });
});
