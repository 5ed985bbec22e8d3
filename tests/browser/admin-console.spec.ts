import { spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { ADDRESS_LIMITS_OFF, startSite, TEST_COMMENTS_SECRET, type RunningSite } from "../next-server";
import { axeViolations } from "./axe";
import { storeBackends } from "./store-backends";

/**
 * The moderation console through a browser, on SQLite and (when
 * TEST_DATABASE_URL is set) PostgreSQL: each backend gets its own server
 * (ports TEST_PORT+40 and +41) in pre-moderation, the default.
 */
const SLUG = "chengyang-rule-of-law";
const DIST_DIR = process.env.NEXT_DIST_DIR || ".next";
const BASE_PORT = Number(process.env.TEST_PORT ?? 3100) + 40;
const PASSWORD = "correct horse battery staple";
const ROOT = path.resolve(__dirname, "../..");

test.describe.configure({ mode: "serial" });

/**
 * Runs the CLI without blocking the test's event loop: a blocking spawnSync longer than the
 * server's keep-alive timeout (5 s, easily reached on a loaded machine) left fetch reusing a
 * socket the server had closed meanwhile ("other side closed").
 */
async function addModerator(env: Record<string, string>, name: string): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/comments-cli.ts", "add-moderator", name], { cwd: ROOT, env: { ...process.env, ...env } });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  child.stdin.end(`${PASSWORD}\n`);
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  expect(status, stderr).toBe(0);
}

/**
 * One request on a connection of its own. fetch reuses kept-alive sockets, and after the seconds the
 * add-moderator CLI takes on a busy machine the server may close one just as fetch sends on it
 * ("other side closed"); a reader's request here must not depend on that race.
 */
function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: { get(name: string): string | null }; json(): Promise<unknown> }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: init.method ?? "GET", headers: init.headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({
          status: response.statusCode ?? 0,
          headers: { get: (name) => [response.headers[name.toLowerCase()] ?? null].flat()[0] ?? null },
          json: async () => JSON.parse(text) as unknown,
        });
      });
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(init.body);
  });
}

async function signIn(page: Page, base: string, name: string, password = PASSWORD) {
  await page.goto(`${base}/admin/sign-in`);
  await page.getByLabel("账号").fill(name);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

const backends = storeBackends("console-spec-", BASE_PORT);

for (const backend of backends) {
  test.describe(`moderation console (${backend.name})`, () => {
    let site: RunningSite;
    let env: Record<string, string>;
    let cleanup: () => Promise<void>;

    test.beforeAll(async () => {
      test.setTimeout(120_000);
      const made = await backend.env();
      cleanup = made.cleanup;
      env = { ...made.env, COMMENTS_SECRET: TEST_COMMENTS_SECRET, ...ADDRESS_LIMITS_OFF, COMMENTS_MODERATION: "pre" };
      site = await startSite("start", backend.port, DIST_DIR, env);
    });
    test.afterAll(async () => {
      await site?.stop();
      await cleanup?.();
    });

    test("a reader's comment waits, a moderator signs in, approves, replies officially, closes comments, and the audit shows it", async ({ page, context }) => {
      test.setTimeout(120_000);
      const base = site.url;
      // Off until an account exists.
      expect((await send(`${base}/admin`)).status).toBe(404);
      expect((await send(`${base}/admin/en/bans`)).status).toBe(404);
      await addModerator(env, "editor");

      // Pre-moderation by default: the reader is told it waits.
      const posted = await send(`${base}/api/reports/${SLUG}/comments`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify({ text: "请问这项数据的出处?" }) });
      expect(posted.status).toBe(202);
      await send(`${base}/api/reports/${SLUG}/comments`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify({ text: "第二条待审核" }) });

      // Not signed in: to the sign-in page; a wrong password is refused.
      await page.goto(`${base}/admin`);
      await expect(page).toHaveURL(/\/admin\/sign-in$/);
      await signIn(page, base, "editor", "wrong password!!");
      await expect(page.locator("main").getByRole("alert")).toHaveText("账号或密码不正确。");
      await signIn(page, base, "editor");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("待审核");
      const cookie = (await context.cookies()).find((c) => c.name === "comments_console")!;
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/", secure: false });
      expect(await axeViolations(page)).toEqual([]);

      // Approve one comment by its own button.
      const item = page.locator("li", { hasText: "请问这项数据的出处?" });
      await item.getByRole("button", { name: /^通过 #/ }).click();
      await expect(page.locator("main").getByRole("status")).toHaveText("已通过 1 条评论。");

      // A cross-site form post with the real session cookie is refused.
      const csrf = await page.locator('input[name="csrf"]').first().inputValue();
      const forged = await page.request.post(`${base}/api/admin/console/moderate`, { form: { csrf, action: "delete", id: "1" }, headers: { origin: "https://evil.example" }, maxRedirects: 0 });
      expect(forged.status()).toBe(403);

      // Official reply from the comment's page; readers see it with its badge (no-JavaScript page).
      await page.goto(`${base}/admin/published`);
      await page.locator("li", { hasText: "请问这项数据的出处?" }).getByRole("link", { name: "详情、回复与封禁" }).click();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByLabel("回复内容").fill("数据来自城阳区法院年度报告。");
      await page.getByRole("button", { name: "发布官方回复" }).click();
      await expect(page.locator("main").getByRole("status")).toHaveText("官方回复已发布。");
      await page.goto(`${base}/zh/reports/${SLUG}/comments`);
      const reply = page.locator("article", { hasText: "数据来自城阳区法院年度报告。" });
      await expect(reply.getByText("官方回复", { exact: true })).toBeVisible();

      // Bulk: tick the remaining pending comment and hide it.
      await page.goto(`${base}/admin`);
      await page.locator("li", { hasText: "第二条待审核" }).getByRole("checkbox").check();
      await page.getByRole("group", { name: "对选中的评论" }).getByRole("button", { name: "隐藏" }).click();
      await expect(page.locator("main").getByRole("status")).toHaveText("已隐藏 1 条评论。");

      // Close comments: the widget and the no-JavaScript page say so, and posts are refused.
      await page.goto(`${base}/admin/closing`);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole("button", { name: `关闭评论: ${SLUG}` }).click();
      await expect(page.locator("main").getByRole("status")).toHaveText("已关闭评论。");
      await page.goto(`${base}/zh/reports/${SLUG}`);
      // The widget's code loads as the reader approaches it.
      await page.locator("#comments").scrollIntoViewIfNeeded();
      await expect(page.locator("#comments").getByText("本文评论已关闭")).toBeVisible();
      await expect(page.locator("#comments textarea")).toHaveCount(0);
      await page.goto(`${base}/en/reports/${SLUG}/comments`);
      await expect(page.getByText("Comments on this report are closed", { exact: true })).toBeVisible();
      await expect(page.locator("textarea")).toHaveCount(0);
      const refused = await send(`${base}/api/reports/${SLUG}/comments`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify({ text: "太晚了" }) });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("comments_closed");

      // The audit log lists every action, in English too.
      await page.goto(`${base}/admin/en/audit`);
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      const rows = page.locator("tbody tr");
      await expect(rows).toHaveCount(4);
      await expect(rows.nth(0)).toContainText("close");
      await expect(rows.nth(1)).toContainText("hide");
      await expect(rows.nth(2)).toContainText("official-reply");
      await expect(rows.nth(3)).toContainText("approve");
      expect(await axeViolations(page)).toEqual([]);

      // Ban a reader from their comment's page: their next post is refused, and the widget says why.
      const reader = await send(`${base}/api/reports/${SLUG}/comments`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify({ text: "广告广告" }) });
      expect(reader.status).toBe(403); // comments are still closed
      await page.goto(`${base}/admin/en/closing`);
      await page.getByRole("button", { name: `Reopen: ${SLUG}` }).click();
      const spam = await send(`${base}/api/reports/${SLUG}/comments`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify({ text: "广告广告" }) });
      expect(spam.status).toBe(202);
      const readerCookie = spam.headers.get("set-cookie")!.split(";")[0]!;
      await page.goto(`${base}/admin/en`);
      await page.locator("li", { hasText: "广告广告" }).getByRole("link", { name: "Details, reply and ban" }).click();
      await page.getByLabel("Ban for").selectOption("30d");
      await page.getByRole("button", { name: "Ban", exact: true }).click();
      await expect(page.locator("main").getByRole("status")).toHaveText("Banned; 1 pending comment(s) of theirs hidden.");
      const again = await send(`${base}/api/reports/${SLUG}/comments`, { method: "POST", headers: { "content-type": "application/json", origin: base, cookie: readerCookie }, body: JSON.stringify({ text: "又来了" }) });
      expect(again.status).toBe(403);
      expect(((await again.json()) as { error: { code: string } }).error.code).toBe("reader_banned");
      await page.goto(`${base}/admin/en/bans`);
      await expect(page.locator("tbody tr")).toHaveCount(1);
      expect(await axeViolations(page)).toEqual([]);
      // Usable on a phone: nothing wider than a 360 px screen (tables scroll inside their own box).
      await page.setViewportSize({ width: 360, height: 740 });
      for (const path of ["/admin/en/bans", "/admin/en/audit", "/admin/published", "/admin/closing"]) {
        await page.goto(`${base}${path}`);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(360);
      }
      await page.goto(`${base}/admin/en/bans`);
      await page.getByRole("button", { name: /^Lift ban/ }).click();
      await expect(page.locator("main").getByRole("status")).toHaveText("The ban is lifted.");
      await expect(page.locator("tbody tr")).toHaveCount(0);

      // Sign out: the console asks to sign in again.
      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page).toHaveURL(/\/admin\/en\/sign-in\?done=sign-out$/);
      await page.goto(`${base}/admin`);
      await expect(page).toHaveURL(/\/admin\/sign-in$/);
    });

    test("sign-in attempts are limited per name", async ({ page }) => {
      const base = site.url;
      await addModerator(env, "limited");
      for (let i = 0; i < 5; i++) {
        await signIn(page, base, "limited", `wrong password ${i}`);
        await expect(page.locator("main").getByRole("alert")).toHaveText("账号或密码不正确。");
      }
      await signIn(page, base, "limited");
      await expect(page.locator("main").getByRole("alert")).toHaveText(/^尝试次数过多,请 \d+ 秒后再试。$/);
      await expect(page).toHaveURL(/\/admin\/sign-in\?error=rate_limited/);
      expect(await axeViolations(page)).toEqual([]);
    });
  });
}
