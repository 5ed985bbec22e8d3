import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { buildSite, startSite, type RunningSite } from "../next-server";

/**
 * Adding a report is adding files: a content folder holding a translated
 * report, a Chinese-only one and a draft is built and served without any
 * code change; drafts only show under `next dev`.
 */
const FIXTURES = path.resolve(__dirname, "../fixtures/content-errors/valid");
let contentDir: string;
let production: RunningSite;
let dev: RunningSite;

// Relative to TEST_PORT, so two checkouts can run their suites side by side.
const EDITORIAL_PORT = Number(process.env.TEST_PORT ?? 3100) + 60;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  contentDir = fs.mkdtempSync(path.join(os.tmpdir(), "yangguang-content-"));
  fs.cpSync(FIXTURES, contentDir, { recursive: true });
  const env = { CONTENT_DIR: contentDir, COMMENTS_DB: path.join(os.tmpdir(), `yangguang-editorial-${process.pid}.db`) };
  const build = buildSite(".next-editorial", env);
  expect(build.ok, build.output).toBe(true);
  production = await startSite("start", EDITORIAL_PORT, ".next-editorial", env);
  dev = await startSite("dev", EDITORIAL_PORT + 1, ".next-editorial-dev", env);
});

test.afterAll(async () => {
  await production?.stop();
  await dev?.stop();
  fs.rmSync(contentDir, { recursive: true, force: true });
});

test("a new report folder appears on the home pages and gets its pages", async ({ page }) => {
  await page.goto(`${production.url}/zh`);
  await expect(page.locator(".report-card h2")).toHaveText(["只有中文的报道", "测试报道"]);
  await page.getByRole("link", { name: "测试报道" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("测试报道");
  await expect(page.locator("section[data-section-id] h2")).toHaveText(["第一部分", "第二部分"]);
  const english = await page.goto(`${production.url}/en/reports/sample-report`);
  expect(english!.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Test report");
});

test("drafts stay out of the production site", async ({ page, request }) => {
  await page.goto(`${production.url}/en`);
  await expect(page.getByText("草稿报道")).toHaveCount(0);
  expect((await request.get(`${production.url}/zh/reports/draft-report`)).status()).toBe(404);
});

test("drafts show under next dev with a Draft banner", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`${dev.url}/zh/reports/draft-report`, { timeout: 90_000 });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("草稿报道");
  await expect(page.getByRole("note").filter({ hasText: "草稿" })).toBeVisible();
  await page.goto(`${dev.url}/en/reports/draft-report`, { timeout: 90_000 });
  await expect(page.getByRole("note").filter({ hasText: "Draft" })).toBeVisible();
});

test("a report without English publishes in Chinese, with an English notice", async ({ page }) => {
  await page.goto(`${production.url}/en`);
  const card = page.locator(".report-card", { hasText: "只有中文的报道" });
  await expect(card.getByText("Chinese only")).toBeVisible();
  const response = await page.goto(`${production.url}/en/reports/chinese-only`);
  expect(response!.status()).toBe(200);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByText("This report is available in Chinese only")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("只有中文的报道");
  await expect(page.locator(".article-dates")).toContainText("Updated on November 24, 2026");
  await expect(page.locator("article h1")).toHaveJSProperty("lang", "");
  expect(await page.locator("article").getAttribute("lang")).toBe("zh-CN");
  await page.goto(`${production.url}/zh/reports/chinese-only`);
  await expect(page.getByText("本报道暂无英文版")).toHaveCount(0);
  await expect(page.locator(".article-dates")).toContainText("更新于 2026年11月24日");
});

for (const javaScriptEnabled of [true, false]) {
  test(`中英对照 is offered for a translated report only (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    const toggle = page.getByRole("navigation", { name: "阅读语言" });
    for (const url of ["/zh/reports/chinese-only", "/zh/reports/chinese-only/comments"]) {
      await page.goto(`${production.url}${url}`);
      await expect(toggle.getByRole("link", { name: "English" })).toBeVisible();
      await expect(toggle.getByRole("link", { name: "中英对照" })).toBeHidden();
    }
    await page.goto(`${production.url}/zh/reports/sample-report`);
    await expect(toggle.getByRole("link", { name: "中英对照" })).toBeVisible();
    await context.close();
  });
}
