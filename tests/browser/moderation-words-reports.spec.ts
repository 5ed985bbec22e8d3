import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { ADDRESS_LIMITS_OFF, startSite, TEST_COMMENTS_SECRET, type RunningSite } from "../next-server";
import { axeViolations } from "./axe";
import { storeBackends } from "./store-backends";

/**
 * Word rules, reader reports and the export through a browser, on SQLite and
 * (when TEST_DATABASE_URL is set) PostgreSQL: a moderator adds word rules in
 * the console, the widget's posts are rejected or held by them; a reader
 * reports a comment (with JavaScript, and without on the comments page), it
 * is hidden (COMMENTS_REPORTS_TO_HIDE=1: every request here comes from one
 * address, and reports count once per address) and shows in 被举报, where
 * the reports are dismissed; the console's export download imports into an
 * empty database with identical lists. Ports TEST_PORT+50 and +51.
 */
const SLUG = "chengyang-rule-of-law";
const DIST_DIR = process.env.NEXT_DIST_DIR || ".next";
const BASE_PORT = Number(process.env.TEST_PORT ?? 3100) + 50;
const PASSWORD = "correct horse battery staple";
const ROOT = path.resolve(__dirname, "../..");

test.describe.configure({ mode: "serial" });

function cli(env: Record<string, string>, args: string[], input = ""): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/comments-cli.ts", ...args], { cwd: ROOT, env: { ...process.env, ...env }, input, encoding: "utf8" });
}

async function signIn(page: Page, base: string) {
  await page.goto(`${base}/admin/sign-in`);
  await page.getByLabel("账号").fill("editor");
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("待审核");
}

async function postJson(base: string, text: string): Promise<{ status: number; id?: string }> {
  const response = await fetch(`${base}/api/reports/${SLUG}/comments`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify({ text }) });
  const body = (await response.json()) as { comment?: { id: string } };
  return { status: response.status, id: body.comment?.id };
}

const backends = storeBackends("words-reports-spec-", BASE_PORT);

for (const backend of backends) {
  test.describe(`word rules, reports and export (${backend.name})`, () => {
    let site: RunningSite;
    let env: Record<string, string>;
    let cleanup: () => Promise<void>;

    test.beforeAll(async () => {
      test.setTimeout(120_000);
      const made = await backend.env();
      cleanup = made.cleanup;
      env = { ...made.env, COMMENTS_SECRET: TEST_COMMENTS_SECRET, ...ADDRESS_LIMITS_OFF, COMMENTS_MODERATION: "post", COMMENTS_REPORTS_TO_HIDE: "1" };
      site = await startSite("start", backend.port, DIST_DIR, env);
      const added = cli(env, ["add-moderator", "editor"], `${PASSWORD}\n`);
      expect(added.status, added.stderr).toBe(0);
    });
    test.afterAll(async () => {
      await site?.stop();
      await cleanup?.();
    });

    test("word rules from the console reject or hold the widget's posts", async ({ page }) => {
      test.setTimeout(120_000);
      const base = site.url;
      await signIn(page, base);
      await page.getByRole("navigation").getByRole("link", { name: "敏感词" }).click();
      await page.getByLabel("词语", { exact: true }).fill("违规词");
      await page.getByRole("button", { name: "添加" }).click();
      await expect(page.locator("main").getByRole("status")).toHaveText("已添加词语。");
      await page.getByLabel("词语列表").fill("# 待审\n广告\thold\n");
      await page.getByRole("button", { name: "导入", exact: true }).click();
      await expect(page.locator("main").getByRole("status")).toHaveText("已导入 1 个词语。");
      await expect(page.locator("tbody tr")).toHaveCount(2);
      expect(await axeViolations(page)).toEqual([]);

      await page.goto(`${base}/zh/reports/${SLUG}`);
      const section = page.locator("#comments");
      await section.scrollIntoViewIfNeeded();
      await expect(section.getByText(/\d+人参与,\d+条评论/)).toBeVisible();
      await section.getByLabel("评论内容").fill("这是违 规\u200b词吗");
      await section.getByRole("button", { name: "发表评论" }).click();
      await expect(section.locator("form").first().getByRole("alert")).toHaveText("评论含有不允许发布的内容,请修改后再提交。你写的内容还在。");
      await expect(section.getByLabel("评论内容")).toHaveValue("这是违 规\u200b词吗");
      await section.getByLabel("评论内容").fill("欢迎来看ＡＤ广 告");
      await section.getByRole("button", { name: "发表评论" }).click();
      await expect(section.getByRole("status").first()).toHaveText("提交成功,审核通过后显示");

      await page.goto(`${base}/admin`);
      await expect(page.locator("li", { hasText: "欢迎来看ＡＤ广 告" })).toBeVisible();
    });

    test("a reader reports with and without JavaScript; reported comments hide and wait in 被举报, where reports are dismissed", async ({ page, browser }) => {
      test.setTimeout(120_000);
      const base = site.url;
      const a = await postJson(base, "举报我(有脚本)");
      const b = await postJson(base, "举报我(无脚本)");
      expect([a.status, b.status]).toEqual([201, 201]);

      // With JavaScript, in the widget.
      await page.goto(`${base}/zh/reports/${SLUG}`);
      const section = page.locator("#comments");
      await section.scrollIntoViewIfNeeded();
      const article = section.getByRole("region", { name: "最新评论", exact: true }).locator("article", { hasText: "举报我(有脚本)" });
      await article.getByText("举报", { exact: true }).click();
      await article.getByLabel("辱骂攻击").check();
      await article.getByRole("button", { name: "提交举报" }).click();
      await expect(article.getByRole("status")).toHaveText("已收到举报,我们会尽快处理。");
      expect(await axeViolations(page)).toEqual([]);

      // Without JavaScript, on the comments page: the form posts and the page says so.
      const noJs = await browser.newContext({ javaScriptEnabled: false });
      const plain = await noJs.newPage();
      await plain.goto(`${base}/zh/reports/${SLUG}/comments?sort=new`);
      const other = plain.locator("article", { hasText: "举报我(无脚本)" });
      await other.getByText("举报", { exact: true }).click();
      await other.getByLabel("垃圾广告").check();
      await other.getByRole("button", { name: "提交举报" }).click();
      await expect(plain.getByRole("status").first()).toHaveText("已收到举报,我们会尽快处理。");
      await expect(plain.locator("article", { hasText: "举报我" })).toHaveCount(0);
      await noJs.close();

      // Both hidden by reports, listed in 被举报 with their reason; dismissing brings one back.
      const listed = (await (await fetch(`${base}/api/reports/${SLUG}/comments?sort=new`)).json()) as { comments: { text: string }[] };
      expect(listed.comments.map((c) => c.text)).not.toContain("举报我(有脚本)");
      await signIn(page, base);
      await page.getByRole("navigation").getByRole("link", { name: "被举报" }).click();
      const reported = page.locator("li", { hasText: "举报我(有脚本)" });
      await expect(reported).toContainText("1 次举报");
      await expect(reported).toContainText("辱骂攻击 1");
      await expect(reported).toContainText("举报过多,已自动隐藏");
      await expect(page.locator("li", { hasText: "举报我(无脚本)" })).toContainText("垃圾广告 1");
      expect(await axeViolations(page)).toEqual([]);
      await reported.getByRole("button", { name: /^驳回举报 #/ }).click();
      await expect(page.locator("main").getByRole("status")).toHaveText("已驳回举报。");
      await expect(page.locator("li", { hasText: "举报我(有脚本)" })).toHaveCount(0);
      const after = (await (await fetch(`${base}/api/reports/${SLUG}/comments?sort=new`)).json()) as { comments: { text: string }[] };
      expect(after.comments.map((c) => c.text)).toContain("举报我(有脚本)");
    });

    test("the console's export imports into an empty database with identical lists", async ({ page }) => {
      test.setTimeout(120_000);
      const base = site.url;
      await signIn(page, base);
      await page.getByRole("navigation").getByRole("link", { name: "导出" }).click();
      const downloading = page.waitForEvent("download");
      await page.getByRole("link", { name: "下载 comments.json" }).click();
      const file = await (await downloading).path();
      const exported = fs.readFileSync(file, "utf8");
      const parsed = JSON.parse(exported) as { format: string; comments: unknown[] };
      expect(parsed.format).toBe("yangguang-comments");
      expect(parsed.comments.length).toBeGreaterThanOrEqual(3);

      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "words-reports-import-"));
      try {
        const target = { COMMENTS_DB: path.join(dir, "copy.db"), COMMENTS_SECRET: TEST_COMMENTS_SECRET };
        const imported = cli(target, ["import", file]);
        expect(imported.stdout).toMatch(new RegExp(`^Imported ${parsed.comments.length} comments`));
        const again = cli(target, ["export"]);
        const strip = (text: string) => text.replace(/"exportedAt":"[^"]+"/, "").replace(/"(id|parentId)":"\d+"/g, '"$1":"#"');
        expect(strip(again.stdout)).toBe(strip(exported));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
