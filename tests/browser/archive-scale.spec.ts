import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ensureNginx, referenceConfig, startNginx } from "../nginx-server";
import { writeSyntheticReports, type SyntheticReport } from "../../scripts/synthetic-reports";
import { buildSite, startSite, type RunningSite } from "../next-server";

/**
 * A site of several hundred reports, built from a generated content folder:
 * lists are paginated, categories and the archive lead everywhere with plain
 * links, older pages render on first request, and search finds sections, with
 * JavaScript on and off. Also the attacker's view of the search page.
 */
const REPORTS = 300;
const PORT = Number(process.env.TEST_PORT ?? 3100) + 30;
const NGINX_PORT = Number(process.env.TEST_NGINX_PORT ?? PORT + 2);
const DIST = ".next-scale";
let env: Record<string, string>;
let contentDir: string;
let site: RunningSite;
let reports: SyntheticReport[];
let buildMs = 0;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(480_000);
  contentDir = fs.mkdtempSync(path.join(os.tmpdir(), "yangguang-scale-"));
  reports = writeSyntheticReports(contentDir, REPORTS);
  env = { CONTENT_DIR: contentDir, COMMENTS_DB: path.join(os.tmpdir(), `yangguang-scale-${process.pid}.db`), SITE_URL: `http://127.0.0.1:${PORT}` };
  const started = Date.now();
  const build = buildSite(DIST, env);
  buildMs = Date.now() - started;
  expect(build.ok, build.output.slice(-4000)).toBe(true);
  site = await startSite("start", PORT, DIST, env);
});

test.afterAll(async () => {
  await site?.stop();
  fs.rmSync(contentDir, { recursive: true, force: true });
  fs.rmSync(path.resolve(__dirname, "..", "..", DIST), { recursive: true, force: true });
});

const newest = (n: number) => reports.slice(0, n);

test("the build pre-renders the newest reports only, so its size does not grow with the archive", () => {
  const htmlFiles = fs.readdirSync(path.resolve(__dirname, "..", "..", DIST, "server/app"), { recursive: true }).filter((f) => String(f).endsWith(".html"));
  console.log(`scale build: ${REPORTS} reports in ${(buildMs / 1000).toFixed(1)} s, ${htmlFiles.length} HTML files`);
  // Before: 20 files a report (6,000 here). Now: 20 newest reports' pages plus a fixed set of lists.
  expect(htmlFiles.length).toBeLessThan(150);
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(`with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("the home page shows 20 reports and pages through the rest with plain links", async ({ page }) => {
      await page.goto(`${site.url}/zh`);
      await expect(page.locator(".report-card h2")).toHaveText(newest(20).map((r) => r.title.zh));
      const pages = page.getByRole("navigation", { name: "分页" });
      await expect(pages).toContainText(`第1页,共${Math.ceil(REPORTS / 20)}页`);
      await pages.getByRole("link", { name: "下一页" }).click();
      await expect(page).toHaveURL(`${site.url}/zh/page/2`);
      await expect(page.locator(".report-card h2")).toHaveText(reports.slice(20, 40).map((r) => r.title.zh));
      await page.getByRole("navigation", { name: "Pages" }).or(page.getByRole("navigation", { name: "分页" })).getByRole("link", { name: `第${Math.ceil(REPORTS / 20)}页` }).click();
      await expect(page.locator(".report-card h2")).toHaveText(reports.slice(280, 300).map((r) => r.title.zh));
      await expect(page.getByRole("link", { name: "下一页" })).toHaveCount(0);
    });

    test("the breadcrumb's category leads to its page, 20 reports of that category only, paginated", async ({ page }) => {
      const report = reports.find((r) => r.category === "government-affairs" && !r.chineseOnly)!;
      await page.goto(`${site.url}/en/reports/${report.slug}`);
      await page.getByRole("navigation", { name: "You are here" }).getByRole("link", { name: "Government affairs" }).click();
      await expect(page).toHaveURL(`${site.url}/en/categories/government-affairs`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Section: Government affairs");
      const inCategory = reports.filter((r) => r.category === "government-affairs");
      await expect(page.locator(".report-card h2")).toHaveText(inCategory.slice(0, 20).map((r) => (r.chineseOnly ? r.title.zh : r.title.en)));
      await page.getByRole("link", { name: "Next page" }).click();
      await expect(page).toHaveURL(`${site.url}/en/categories/government-affairs/page/2`);
      await expect(page.locator(".report-card h2").first()).toHaveText(inCategory[20]!.chineseOnly ? inCategory[20]!.title.zh : inCategory[20]!.title.en);
      // Each card's category links to its category too.
      await page.locator(".report-card-meta").first().getByRole("link", { name: "Government affairs" }).click();
      await expect(page).toHaveURL(`${site.url}/en/categories/government-affairs`);
    });

    test("the archive lists every month and each month its reports, old ones rendered on first request", async ({ page }) => {
      await page.goto(`${site.url}/zh`);
      await page.getByRole("navigation", { name: "浏览报道" }).getByRole("link", { name: "往期归档" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("往期归档");
      const oldest = reports.at(-1)!;
      const [year, month] = oldest.date.split("-").map(Number) as [number, number];
      await page.getByRole("link", { name: `${year}年${month}月`, exact: true }).click();
      await expect(page).toHaveURL(`${site.url}/zh/archive/${year}/${String(month).padStart(2, "0")}`);
      const inMonth = reports.filter((r) => r.date.startsWith(`${year}-${String(month).padStart(2, "0")}`));
      await expect(page.locator(".archive-list li")).toHaveCount(inMonth.length);
      await page.getByRole("link", { name: oldest.title.zh }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(oldest.title.zh);
    });

    test("search finds a Chinese two-character word in its section and links straight to it", async ({ page }) => {
      await page.goto(`${site.url}/zh`);
      const box = page.getByRole("search", { name: "搜索报道" }).getByRole("searchbox");
      await box.fill("调解");
      await box.press("Enter");
      await expect(page).toHaveURL(`${site.url}/zh/search?q=${encodeURIComponent("调解")}`);
      await expect(page.getByRole("status")).toContainText("“调解”的搜索结果");
      const first = page.locator(".search-result").first();
      await expect(first.locator("mark").first()).toHaveText("调解");
      await expect(first).toContainText("所在部分:社会矛盾纠纷依法有效化解");
      await expect(first.getByRole("link")).toHaveAttribute("href", `/zh/reports/${reports[0]!.slug}#dispute-resolution`);
      await first.getByRole("link").click();
      await expect(page).toHaveURL(`${site.url}/zh/reports/${reports[0]!.slug}#dispute-resolution`);
      await expect(page.locator("#dispute-resolution")).toBeInViewport();
    });

    test("English search finds word forms and Chinese-only reports; empty and no-result states say what to do", async ({ page }) => {
      await page.goto(`${site.url}/en/search?q=enforce`);
      await expect(page.locator(".search-result mark").first()).toHaveText(/^enforc/i);
      await expect(page.locator(".search-result mark").filter({ hasText: /^enforcement$/i }).first()).toBeVisible();
      const chineseOnly = reports.find((r) => r.chineseOnly)!;
      await page.goto(`${site.url}/en/search?q=${encodeURIComponent(chineseOnly.title.zh)}`);
      const hit = page.locator(".search-result").first();
      await expect(hit.getByRole("link")).toHaveText(chineseOnly.title.zh);
      await expect(hit).toContainText("Chinese original");
      await page.goto(`${site.url}/en/search?q=`);
      await expect(page.getByRole("status")).toHaveText(/Type a word to search for/);
      await page.goto(`${site.url}/en/search?q=xylophonequartz`);
      await expect(page.getByRole("status")).toHaveText("No reports contain “xylophonequartz”. Try another word, or check the spelling.");
      await page.goto(`${site.url}/zh/search?q=`);
      await expect(page.getByRole("status")).toContainText("请输入要搜索的词语");
      await page.goto(`${site.url}/zh/search?q=${encodeURIComponent("不存在的词")}`);
      await expect(page.getByRole("status")).toContainText("没有找到包含“不存在的词”的报道");
    });
  });
}

for (const url of ["/zh", "/en/page/2", "/zh/categories/rule-of-law", "/en/archive", "/zh/archive/2026/11", "/zh/search?q=%E8%B0%83%E8%A7%A3", "/en/search?q=zzzz"]) {
  test(`${url} has no accessibility violations`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto(`${site.url}${url}`);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });
}

test("a report not built with the site renders on its first request and is cached after", async ({ request }) => {
  const old = reports[250]!;
  for (const url of [`/zh/reports/${old.slug}`, `/en/reports/${old.slug}/oversight`, `/zh/reports/${old.slug}/og-image.png`]) {
    const first = await request.get(`${site.url}${url}`);
    expect(first.status(), url).toBe(200);
    const second = await request.get(`${site.url}${url}`);
    expect(second.headers()["x-nextjs-cache"], url).toBe("HIT");
  }
  expect((await request.get(`${site.url}/zh/reports/synthetic-report-99999`)).status()).toBe(404);
  expect((await request.get(`${site.url}/zh/reports/${old.slug}/no-such-section`)).status()).toBe(404);
});

test("the home page's HTML does not grow with the number of reports", async ({ request }) => {
  const home = await (await request.get(`${site.url}/zh`)).text();
  // 20 cards, one summary each: nothing per report of the other 280 (no slugs list, no JSON-LD for all).
  expect(home).not.toContain(reports[100]!.slug);
  // Of the bound, about 27 KB is the stylesheet, inlined as <style> and copied twice into Next's page data
  // (experimental.inlineCss; vercel/next.js#98079): the same at any size of archive.
  expect(home.length).toBeLessThan(110_000);
});

test.describe("search from outside: hostile queries get a clear page, never a 500", () => {
  const hostile = [
    "q=" + "%E6%B3%95".repeat(1130), // a 10 KB query string of 法
    "q=" + "a".repeat(10_240),
    "q=%E4%B8", // cut UTF-8
    "q=%FF%FE%00",
    "q=%ED%A0%80", // an encoded lone surrogate
    "q=%00%01%1B%5B31m%E2%80%AE",
    'q=%22NEAR(a%20b)%22%20OR%20*%20-x%20%5E%3A',
    "q[]=%E6%B3%95",
    "q=a&q=b&q=c",
    "q=%",
    "q=%E6%B3%95%E6%B2%BB&page=-1",
    "q=%E6%B3%95%E6%B2%BB&page=99999999999999999999",
    "q=%E6%B3%95%E6%B2%BB&page[]=2",
    Array.from({ length: 500 }, (_, i) => `x${i}=${i}`).join("&"),
  ];
  for (const lang of ["zh", "en"]) {
    test(`${lang}: every hostile query answers 200 with a page in ${lang}`, async ({ request }) => {
      for (const query of hostile) {
        const response = await request.get(`${site.url}/${lang}/search?${query}`);
        expect(response.status(), query.slice(0, 80)).toBe(200);
        const html = await response.text();
        expect(html, query.slice(0, 80)).toContain(`<html lang="${lang === "zh" ? "zh-CN" : "en"}"`);
        expect(html).toMatch(/role="status"/);
      }
      const long = await (await request.get(`${site.url}/${lang}/search?q=${"%E6%B3%95".repeat(1130)}`)).text();
      expect(long).toContain(lang === "zh" ? "搜索词太长" : "Your search was too long");
      // Past Node's 16 KB header limit the server refuses the request line itself: a 4xx, not a 500.
      const huge = await request.get(`${site.url}/${lang}/search?q=${"%E6%B3%95".repeat(3500)}`);
      expect(huge.status()).toBeGreaterThanOrEqual(400);
      expect(huge.status()).toBeLessThan(500);
    });
  }

  test("a flood of concurrent searches is answered, fast, without errors", async ({ request }) => {
    const words = ["法治", "调解", "城阳", "enforce", "mediation", "政府", "oversight"];
    const started = Date.now();
    const statuses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => request.get(`${site.url}/${i % 2 ? "en" : "zh"}/search?q=${encodeURIComponent(words[i % words.length]!)}`).then((r) => r.status())),
    );
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  test("page and archive URLs accept one spelling only", async ({ request }) => {
    for (const url of ["/zh/page/1", "/en/categories/livelihood/page/1", "/zh/page/02", "/zh/page/0", "/zh/page/-1", "/zh/page/1e1", "/zh/page/9999", "/zh/categories/..%2F..%2Fetc", "/zh/categories/sports", "/zh/archive/2026/13", "/zh/archive/1999/01", "/zh/archive/26/11", "/sitemaps/0.xml", "/sitemaps/2.xml"]) {
      expect((await request.get(`${site.url}${url}`)).status(), url).toBe(404);
    }
  });
});

test("the sitemap is an index whose child sitemaps list every report page", async ({ request }) => {
  const index = await (await request.get(`${site.url}/sitemap.xml`)).text();
  expect(index).toContain("<sitemapindex");
  const children = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
  expect(children).toEqual([`${site.url}/sitemaps/1.xml`]);
  const child = await (await request.get(children[0]!)).text();
  const urls = [...child.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
  const chineseOnly = reports.filter((r) => r.chineseOnly).length;
  // Homes, 3 categories, archive: 2 each; every article and its 7 sections in each language it exists in.
  expect(urls.length).toBe(10 + (REPORTS * 2 - chineseOnly) * 8);
  expect(urls).toContain(`${site.url}/en/reports/${reports.at(-1)!.slug}/oversight`);
});

test("feeds carry the latest 50 reports in their language", async ({ request }) => {
  const zh = await (await request.get(`${site.url}/zh/feed.xml`)).text();
  expect(zh.match(/<item>/g)).toHaveLength(50);
  expect(zh).toContain(`/zh/reports/${reports[0]!.slug}</link>`);
  const en = await (await request.get(`${site.url}/en/feed.xml`)).text();
  expect(en.match(/<item>/g)).toHaveLength(50);
  expect(en).not.toContain(reports.find((r) => r.chineseOnly)!.slug);
});

test("behind deploy/nginx.conf, a page not built is rendered once, however many instances and readers ask at once", async () => {
  test.setTimeout(180_000);
  const second = await startSite("start", PORT + 1, DIST, env);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "yangguang-scale-nginx-"));
  fs.chmodSync(work, 0o755); // nginx workers run as an unprivileged user
  const buildId = fs.readFileSync(path.resolve(__dirname, "..", "..", DIST, "BUILD_ID"), "utf8").trim();
  const stop = startNginx(ensureNginx(), work, "scale", referenceConfig(work, "scale", NGINX_PORT, [PORT, PORT + 1], buildId));
  try {
    const url = `/en/reports/${reports[200]!.slug}/leadership`;
    const responses = await Promise.all(Array.from({ length: 20 }, () => fetch(`http://127.0.0.1:${NGINX_PORT}${url}`)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    // One request reached an instance; the other 19 waited for it and were served from nginx's cache.
    expect(responses.map((r) => r.headers.get("x-cache")).filter((state) => state !== "HIT")).toEqual(["MISS"]);
    // Neither instance renders it again: instances sharing a build folder also share Next's cache on disk
    // (on separate machines, nginx's cache above is what they share).
    const direct = await Promise.all([PORT, PORT + 1].map((port) => fetch(`http://127.0.0.1:${port}${url}`).then((r) => r.headers.get("x-nextjs-cache"))));
    expect(direct).toEqual(["HIT", "HIT"]);
  } finally {
    stop();
    await second.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
});
