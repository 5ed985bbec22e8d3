import { describe, expect, it } from "vitest";
import { getCommentsRuntime } from "@/lib/comments/comments-runtime";
import { call, cookieOf, created, expectError, list, ORIGIN, postJson, SLUG, useApiHarness, apiRoute } from "./comments-api-harness";
import en from "@/locales/en/comments.json";
import zh from "@/locales/zh/comments.json";

const report = apiRoute("/api/comments/:id/report");
const reportForm = apiRoute("/api/comments/:id/report/form");

/**
 * Word rules through the comments API, and reader reports (举报) with the
 * attacker's tests: no cookie, forged ids, floods, huge and malformed bodies,
 * cross-site posts.
 */
const harness = useApiHarness({ COMMENTS_ADDRESS_LIMIT_PER_MINUTE: "0", COMMENTS_ADDRESS_LIMIT_PER_HOUR: "0", COMMENTS_REPORT_LIMIT_PER_MINUTE: "0" });

async function words(rules: { word: string; action: "reject" | "hold" }[]) {
  await getCommentsRuntime().store.saveWordRules(rules);
}

function reportJson(id: string, body: unknown, { cookie, address, origin = ORIGIN }: { cookie?: string; address?: string; origin?: string } = {}) {
  return call(report.POST, `/api/comments/${id}/report`, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json", origin, ...(cookie ? { cookie } : {}) },
    params: { id },
    address,
  });
}

describe("word rules on posting", () => {
  it("refuses a rejecting word with 400 text_blocked, seen through spacing, width, case and zero-width characters, without naming it", async () => {
    await words([{ word: "违规词", action: "reject" }, { word: "spam", action: "reject" }]);
    for (const text of ["这是违规词", "这是 违·规\u200b词", "ＳＰＡＭ here", "S P A M"]) {
      const response = await postJson({ text });
      expect(response.status, text).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("text_blocked");
      expect(body.error.message).not.toMatch(/违规|spam/i);
    }
    expect((await list()).total).toBe(0);
    // Both languages tell the reader, neither names the word.
    expect(zh.errors.text_blocked).toMatch(/不允许/);
    expect(en.errors.text_blocked).toMatch(/cannot be published/);
  });

  it("holds a comment with a holding word for review (202 pending), and checks the nickname too", async () => {
    await words([{ word: "广告", action: "hold" }, { word: "坏名字", action: "reject" }]);
    const held = await postJson({ text: "看看这个广 告" });
    expect(held.status).toBe(202);
    expect(await held.json()).toEqual({ status: "pending" });
    expect((await list()).total).toBe(0);
    expect((await getCommentsRuntime().store.listByStatus("pending", 10)).map((c) => c.text)).toEqual(["看看这个广 告"]);
    await expectError(await postJson({ text: "正常评论", nickname: "坏 名 字" }), 400, "text_blocked");
    await created(await postJson({ text: "正常评论", nickname: "读者" }));
  });

  it("leaves clean text alone, and does not match a Latin entry inside another word", async () => {
    await words([{ word: "ass", action: "reject" }]);
    await created(await postJson({ text: "A classic class on assessment" }));
  });

  it("applies an edit made through another store (another instance) within seconds", async () => {
    await created(await postJson({ text: "新词 first" }));
    const { openSqliteCommentStore } = await import("@/lib/comments/store/open-comment-store");
    const other = openSqliteCommentStore(harness.dbFile());
    await other.saveWordRules([{ word: "新词", action: "reject" }]);
    await other.close();
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await expectError(await postJson({ text: "新词 again" }), 400, "text_blocked");
  });
});

describe("reader reports", () => {
  async function aComment(text = "被举报的评论") {
    return created(await postJson({ text }));
  }

  it("takes a report, once per reader, and tells the reader it was already reported", async () => {
    const comment = await aComment();
    const first = await reportJson(comment.id, { reason: "spam" });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ status: "reported" });
    const cookie = cookieOf(first);
    expect(await (await reportJson(comment.id, { reason: "abuse" }, { cookie })).json()).toEqual({ status: "already_reported" });
  });

  it("counts one report per address whatever cookies come with it", async () => {
    const comment = await aComment();
    expect(await (await reportJson(comment.id, { reason: "spam" }, { address: "203.0.113.7" })).json()).toEqual({ status: "reported" });
    for (let i = 0; i < 5; i++) expect(await (await reportJson(comment.id, { reason: "spam" }, { address: "203.0.113.7" })).json()).toEqual({ status: "already_reported" });
    expect((await getCommentsRuntime().store.getComment(comment.id))?.status).toBe("published");
  });

  it("hides the comment at COMMENTS_REPORTS_TO_HIDE reports until a moderator decides", async () => {
    await harness.useEnv({ COMMENTS_REPORTS_TO_HIDE: "2" });
    const comment = await aComment();
    await reportJson(comment.id, { reason: "illegal" });
    expect((await list()).total).toBe(1);
    await reportJson(comment.id, { reason: "abuse" });
    expect((await list()).total).toBe(0);
    const [queued] = await getCommentsRuntime().store.listReportedComments(10);
    expect(queued).toMatchObject({ openReports: 2, hiddenByReports: true, reasons: { illegal: 1, abuse: 1 } });
    // A hidden comment cannot be reported further.
    await expectError(await reportJson(comment.id, { reason: "spam" }), 404, "comment_not_found");
    await getCommentsRuntime().store.dismissReports(comment.id);
    expect((await list()).total).toBe(1);
  });

  it("refuses forged ids, unknown and pending comments with 404", async () => {
    for (const id of ["0", "abc", "1e3", "-1", "99999999", "1".repeat(400), "%00", "..%2F..%2Fadmin"]) {
      await expectError(await reportJson(id, { reason: "spam" }), 404, "comment_not_found");
    }
    await harness.useEnv({ COMMENTS_MODERATION: "pre" });
    const pending = await postJson({ text: "waiting" });
    expect(pending.status).toBe(202);
    const [waiting] = await getCommentsRuntime().store.listByStatus("pending", 1);
    await expectError(await reportJson(waiting!.id, { reason: "spam" }), 404, "comment_not_found");
  });

  it("refuses a bad reason, a huge body, malformed JSON, a form body and a cross-site post", async () => {
    const comment = await aComment();
    await expectError(await reportJson(comment.id, { reason: "boring" }), 400, "invalid_reason");
    await expectError(await reportJson(comment.id, {}), 400, "invalid_reason");
    await expectError(await reportJson(comment.id, { reason: "x".repeat(100_000) }), 413, "payload_too_large");
    await expectError(await reportJson(comment.id, "{"), 400, "invalid_json");
    await expectError(await reportJson(comment.id, "[]"), 400, "invalid_body");
    await expectError(await reportJson(comment.id, { reason: "spam" }, { origin: "https://evil.example" }), 403, "forbidden_origin");
    const asForm = await call(report.POST, `/api/comments/${comment.id}/report`, {
      method: "POST",
      body: "reason=spam",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
      params: { id: comment.id },
    });
    await expectError(asForm, 415, "unsupported_media_type");
    // Nothing of that was counted.
    expect(await getCommentsRuntime().store.listReportedComments(10)).toEqual([]);
  });

  it("limits a flood of reports from one reader, and from one address under many cookies (429 with Retry-After)", async () => {
    await harness.useEnv({ COMMENTS_READER_REPORTS_PER_HOUR: "3" });
    const targets = [];
    for (let i = 0; i < 5; i++) targets.push(await aComment(`comment ${i}`));
    const first = await reportJson(targets[0]!.id, { reason: "spam" });
    const cookie = cookieOf(first);
    for (const t of targets.slice(1, 3)) expect((await reportJson(t.id, { reason: "spam" }, { cookie })).status).toBe(200);
    const limited = await reportJson(targets[3]!.id, { reason: "spam" }, { cookie });
    await expectError(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // No cookie at all, one address: new readers every time, but the address is limited.
    const statuses = [];
    for (const t of targets) statuses.push((await reportJson(t.id, { reason: "spam" }, { address: "203.0.113.99" })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it("works without JavaScript: the form redirects back to the comment, and errors travel in a signed flash", async () => {
    const comment = await aComment();
    const form = (body: string, origin = ORIGIN) =>
      call(reportForm.POST, `/api/comments/${comment.id}/report/form`, {
        method: "POST",
        body,
        headers: { "content-type": "application/x-www-form-urlencoded", origin },
        params: { id: comment.id },
        address: "203.0.113.50",
      });
    const ok = await form("reason=abuse&lang=en");
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`/en/reports/${SLUG}/comments?reported=reported#comment-${comment.id}`);
    const again = await form("reason=abuse&lang=zh");
    expect(again.headers.get("location")).toBe(`/zh/reports/${SLUG}/comments?reported=already_reported#comment-${comment.id}`);
    const bad = await form("reason=nonsense&lang=zh");
    expect(bad.status).toBe(303);
    expect(bad.headers.get("location")).toMatch(new RegExp(`^/zh/reports/${SLUG}/comments\\?flash=[A-Za-z0-9_-]+#comment-${comment.id}$`));
    expect(bad.headers.get("set-cookie")).toMatch(/comments_flash0=/);
    await expectError(await form("reason=spam", "https://evil.example"), 403, "forbidden_origin");
  });
});

describe("alerts never hold up readers", () => {
  it("answers a post at once when the alert receiver is down, and keeps the alert in the outbox for a retry", async () => {
    // Port 9 (discard) on loopback: nothing listens, the connection is refused.
    await harness.useEnv({ COMMENTS_MODERATION: "pre", COMMENTS_ALERT_WEBHOOK_URL: "http://127.0.0.1:9/hook", COMMENTS_ALERT_INTERVAL_SECONDS: "0" });
    const response = await postJson({ text: "等待审核" });
    expect(response.status).toBe(202);
    const runtime = getCommentsRuntime();
    const warn = console.warn;
    console.warn = () => {};
    try {
      await runtime.alerts!.tick();
    } finally {
      console.warn = warn;
    }
    const claim = await runtime.store.claimAlerts("webhook", Date.now() + 3_600_000, 0, 1000, 10);
    expect(claim?.attempts).toBe(1);
    expect(claim?.events.map((e) => e.kind)).toEqual(["pending"]);
  });
});
