import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startSite, TEST_COMMENTS_SECRET, type RunningSite } from "../next-server";
import { ensureNginx, referenceConfig, startNginx } from "../nginx-server";

/**
 * The production layout for real: deploy/nginx.conf (ports rewritten) in front
 * of two instances of the build (through the server entry, TRUST_PROXY=1) on
 * one SQLite file, attacked from outside with forged X-Forwarded-For headers.
 */
const SLUG = "chengyang-rule-of-law";
const NGINX_PORT = Number(process.env.TEST_NGINX_PORT ?? Number(process.env.TEST_PORT ?? 3100) + 32);
const FRONT = `http://127.0.0.1:${NGINX_PORT}`;
const APP_PORTS: [number, number] = [Number(process.env.TEST_PORT ?? 3100) + 11, Number(process.env.TEST_PORT ?? 3100) + 12];

test.describe.configure({ mode: "serial" });

test.describe("behind deploy/nginx.conf", () => {
  let work: string;
  let apps: RunningSite[] = [];
  let stopNginx: (() => void) | undefined;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const nginx = ensureNginx();
    work = fs.mkdtempSync(path.join(os.tmpdir(), "i10-nginx-"));
    fs.chmodSync(work, 0o755); // nginx workers run unprivileged and must read below it
    const env = {
      COMMENTS_DB: path.join(work, "comments.db"),
      COMMENTS_SECRET: TEST_COMMENTS_SECRET,
      TRUST_PROXY: "1",
      SITE_URL: FRONT,
      COMMENTS_ADDRESS_LIMIT_PER_MINUTE: "3",
    };
    apps = await Promise.all(APP_PORTS.map((port) => startSite("start", port, process.env.NEXT_DIST_DIR || ".next", env)));
    const buildId = fs.readFileSync(path.join(process.env.NEXT_DIST_DIR || ".next", "BUILD_ID"), "utf8").trim();
    stopNginx = startNginx(nginx, work, "cache", referenceConfig(work, "cache", NGINX_PORT, APP_PORTS, buildId));
  });

  test.afterAll(async () => {
    stopNginx?.();
    await Promise.all(apps.map((app) => app.stop()));
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  const post = (text: string, headers: Record<string, string> = {}) =>
    fetch(`${FRONT}/api/reports/${SLUG}/comments`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: FRONT, ...headers },
      body: JSON.stringify({ text }),
    });

  test("a forged X-Forwarded-For neither picks an address nor switches address limits off", async () => {
    const forged = ["203.0.113.1", "x", "", "203.0.113.2, 198.51.100.3", "::1", "1.1.1.1, 2.2.2.2, 3.3.3.3"];
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await post(`伪造地址 ${i}`, { "x-forwarded-for": forged[i % forged.length]!, "x-real-ip": `192.0.2.${i}` });
      statuses.push(response.status);
    }
    // Three a minute per address (this test's setting), across both instances, whatever the headers said.
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(9);
    const list = await (await fetch(`${FRONT}/api/reports/${SLUG}/comments?sort=new`)).json();
    expect(list.total).toBe(3);
  });

  test("a refused 1,000-character Chinese comment comes back intact without JavaScript, and nothing of it is in the URL", async ({ browser }) => {
    // The address limit above is spent: this post is refused (429) and must come back whole.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const draft = "城阳区法治政府建设的成就值得肯定。".repeat(59).slice(0, 1000);
    expect([...draft]).toHaveLength(1000);
    await page.goto(`${FRONT}/zh/reports/${SLUG}/comments`);
    await page.getByLabel("昵称").fill("老读者");
    await page.getByLabel("评论内容").fill(draft);
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().includes("/comments/form")), page.getByRole("button", { name: "发表评论" }).click()]);
    expect(response.status()).toBe(303);
    await expect(page.getByRole("alert")).toContainText("操作太频繁");
    await expect(page.getByLabel("评论内容")).toHaveValue(draft);
    await expect(page.getByLabel("昵称")).toHaveValue("老读者");
    const url = new URL(page.url());
    expect([...url.searchParams.keys()]).toEqual(["flash"]);
    expect(page.url()).not.toContain(encodeURIComponent("城阳"));
    // The same link opened elsewhere (a shared or crafted URL) shows no error and no draft.
    const other = await browser.newContext({ javaScriptEnabled: false });
    const stranger = await other.newPage();
    await stranger.goto(page.url());
    await expect(stranger.getByRole("alert")).toHaveCount(0);
    await expect(stranger.getByLabel("评论内容")).toHaveValue("");
    await other.close();
    await context.close();
  });

  test("logs no client address or query string", async () => {
    await fetch(`${FRONT}/zh?secret-query=1`);
    await fetch(`${FRONT}/api/reports/no-such/comments?x=1`);
    const logs = fs.readdirSync(work).filter((f) => f.endsWith(".log"));
    for (const log of logs) {
      const text = fs.readFileSync(path.join(work, log), "utf8");
      expect(text).not.toContain("127.0.0.1");
      expect(text).not.toContain("secret-query");
    }
  });
});
