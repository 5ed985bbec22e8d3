import { describe, expect, it } from "vitest";
import { getCommentsRuntime } from "@/lib/comments/comments-runtime";
import { hashPassword } from "@/lib/comments/moderation/moderator-passwords";
import { sessionFromCookie } from "@/lib/comments/moderation/moderator-session";
import { call, cookieOf, created, expectError, list, ORIGIN, postJson, useApiHarness, apiRoute } from "./comments-api-harness";

const consoleRoute = apiRoute("/api/admin/console/:action");
const report = apiRoute("/api/comments/:id/report");

/** The console's 被举报 queue actions, word-rule editing and the export download, through the handlers. */
useApiHarness({ COMMENTS_ADDRESS_LIMIT_PER_MINUTE: "0", COMMENTS_ADDRESS_LIMIT_PER_HOUR: "0", COMMENTS_REPORT_LIMIT_PER_MINUTE: "0", COMMENTS_REPORTS_TO_HIDE: "2" });

const PASSWORD = "correct horse battery staple";

function post(action: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return call(consoleRoute.POST, `/api/admin/console/${action}`, {
    method: "POST",
    body: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, ...headers },
    params: { action },
  });
}

async function session() {
  await getCommentsRuntime().store.createModerator("editor", await hashPassword(PASSWORD), new Date());
  const response = await call(consoleRoute.POST, "/api/admin/console/sign-in", {
    method: "POST",
    body: new URLSearchParams({ name: "editor", password: PASSWORD, lang: "zh" }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
    params: { action: "sign-in" },
  });
  const cookie = cookieOf(response);
  const runtime = getCommentsRuntime();
  const found = await sessionFromCookie(runtime.store, runtime.keys, cookie.split("=")[1]);
  return { cookie, csrf: found!.csrfToken };
}

const reportIt = (id: string) =>
  call(report.POST, `/api/comments/${id}/report`, { method: "POST", body: JSON.stringify({ reason: "abuse" }), headers: { "content-type": "application/json", origin: ORIGIN }, params: { id } });

describe("console: 被举报 queue", () => {
  it("dismisses reports (publishing a comment they hid), hides or restores, each in the audit log", async () => {
    const { cookie, csrf } = await session();
    const a = await created(await postJson({ text: "被举报一" }));
    const b = await created(await postJson({ text: "被举报二" }));
    for (const id of [a.id, a.id, b.id]) await reportIt(id);
    expect((await list()).comments.map((c) => c.id)).toEqual([b.id]);
    const back = "/admin/reported";
    const dismiss = await post("reports", { csrf, lang: "zh", return: back, id: a.id, action: "dismiss" }, { cookie });
    expect(dismiss.status).toBe(303);
    expect(dismiss.headers.get("location")).toBe("/admin/reported?done=reports-dismiss&count=1");
    expect((await list()).comments.map((c) => c.id).sort()).toEqual([a.id, b.id].sort());
    await post("reports", { csrf, lang: "zh", return: back, id: b.id, action: "hide" }, { cookie });
    expect((await list()).comments.map((c) => c.id)).toEqual([a.id]);
    expect(await getCommentsRuntime().store.listReportedComments(10)).toEqual([]);
    const { entries } = await getCommentsRuntime().store.listAudit(0, 10);
    expect(entries.map((e) => [e.action, e.commentId])).toEqual(
      expect.arrayContaining([
        ["dismiss-reports", a.id],
        ["dismiss-reports", b.id],
        ["hide", b.id],
      ]),
    );
  });

  it("refuses without a session, without the CSRF token, and for unknown actions or comments", async () => {
    const { cookie, csrf } = await session();
    const a = await created(await postJson({ text: "x" }));
    const noSession = await post("reports", { csrf, lang: "zh", id: a.id, action: "hide" });
    expect(noSession.headers.get("location")).toBe("/admin/sign-in?error=session");
    await expectError(await post("reports", { csrf: "forged", lang: "zh", id: a.id, action: "hide" }, { cookie }), 403, "csrf_failed");
    expect((await post("reports", { csrf, lang: "zh", id: a.id, action: "delete-all" }, { cookie })).headers.get("location")).toBe("/admin?error=invalid");
    expect((await post("reports", { csrf, lang: "zh", id: "999999", action: "hide" }, { cookie })).headers.get("location")).toBe("/admin?error=comment_not_found");
    expect((await list()).comments).toHaveLength(1);
  });
});

describe("console: word rules", () => {
  it("adds, removes and imports entries that apply to posts at once, and downloads the list", async () => {
    const { cookie, csrf } = await session();
    const back = "/admin/words";
    expect((await post("words-add", { csrf, lang: "zh", return: back, word: "违规词", action: "reject" }, { cookie })).headers.get("location")).toBe("/admin/words?done=words-add&count=1");
    await expectError(await postJson({ text: "违 规 词" }), 400, "text_blocked");
    expect((await post("words-add", { csrf, lang: "zh", return: back, word: " ... ", action: "reject" }, { cookie })).headers.get("location")).toBe("/admin/words?error=word_invalid");
    const imported = await post("words-import", { csrf, lang: "zh", return: back, list: "广告\thold\n坏\t行\t多\n" + Array.from({ length: 3000 }, (_, i) => `词${i}`).join("\n") }, { cookie });
    expect(imported.headers.get("location")).toBe("/admin/words?error=word_list_problems&count=1");
    expect(await getCommentsRuntime().store.listWordRules()).toHaveLength(3002);
    await post("words-remove", { csrf, lang: "zh", return: back, word: "违规词" }, { cookie });
    const download = await call(consoleRoute.GET, "/api/admin/console/words", { headers: { cookie }, params: { action: "words" } });
    expect(download.headers.get("content-disposition")).toBe('attachment; filename="word-rules.txt"');
    const text = await download.text();
    expect(text).toContain("广告\thold\n");
    expect(text).not.toContain("违规词");
    const { entries } = await getCommentsRuntime().store.listAudit(0, 10);
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(["word-add", "word-import", "word-remove"]));
  });

  it("downloads nothing without a session", async () => {
    await session();
    for (const action of ["words", "export"]) {
      const response = await call(consoleRoute.GET, `/api/admin/console/${action}`, { params: { action } });
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe("/admin/sign-in?error=session");
    }
  });
});

describe("console: export download", () => {
  it("downloads every comment as the versioned export file", async () => {
    const { cookie } = await session();
    await created(await postJson({ text: "导出我" }));
    const response = await call(consoleRoute.GET, "/api/admin/console/export", { headers: { cookie }, params: { action: "export" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="comments.json"');
    const file = (await response.json()) as { format: string; version: number; comments: { text: string }[] };
    expect(file).toMatchObject({ format: "yangguang-comments", version: 1 });
    expect(file.comments.map((c) => c.text)).toEqual(["导出我"]);
  });
});
