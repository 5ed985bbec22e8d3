import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { axeViolations } from "./axe";
import { expectHeadingInView } from "./expect-heading-in-view";

const ARTICLE_ZH = "/zh/reports/chengyang-rule-of-law";
const ARTICLE_EN = "/en/reports/chengyang-rule-of-law";
const SECTION_IDS = ["functions", "decision-making", "enforcement", "oversight", "dispute-resolution", "staff-capability", "leadership"];
const SOURCE = path.resolve(__dirname, "../../../shared/source/chengyang-rule-of-law.zh.txt");


test.describe("article page", () => {
  test("shows the Chinese report: seven sections in order, every published sentence", async ({ page }) => {
    await page.goto(ARTICLE_ZH);
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("城阳区共建“阳光城阳” 共享“法治成果”");
    expect(await page.locator("section[data-section-id] h2").evaluateAll((hs) => hs.map((h) => h.id))).toEqual(SECTION_IDS);
    await expect(page.getByRole("navigation", { name: "我的位置" })).toContainText("首页>法治政府>文章详情".replace(/>/g, ""));
    await expect(page.getByText("记者 刘瑞东")).toBeVisible();
    await expect(page.getByText("通讯员 陈心悦")).toBeVisible();
    const tocLinks = page.getByRole("navigation", { name: "本文目录" }).getByRole("link");
    await expect(tocLinks).toHaveCount(7);

    // The source lives in ../shared beside the checkout, as in CI.
    test.skip(!fs.existsSync(SOURCE), "the source text (../shared/source) is not beside this checkout");
    const lines = fs.readFileSync(SOURCE, "utf8").split("\n").map((l) => l.trim()).filter(Boolean);
    const byline = lines.findIndex((l) => l.startsWith("青岛财经日报/青岛财经网讯"));
    const sentences = lines.slice(2, byline).flatMap((l) => l.split(/(?<=。)/)).map((s) => s.trim()).filter(Boolean);
    // textContent, not innerText: sections below the screen are not laid out yet (content-visibility: auto).
    const text = await page.locator("article").evaluate((article) => article.textContent ?? "");
    expect(sentences.filter((s) => !text.includes(s))).toEqual([]);
  });

  test("a #enforcement link lands with that heading in view and marked as the target", async ({ page }) => {
    await page.goto(ARTICLE_ZH);
    await page.getByRole("navigation", { name: "本文目录" }).getByRole("link", { name: "行政执法严格规范公正文明" }).click();
    await expect(page).toHaveURL(new RegExp(`${ARTICLE_ZH}#enforcement$`));
    await expectHeadingInView(page, "enforcement");
    expect(await page.evaluate(() => document.querySelector(":target")?.id)).toBe("enforcement");
    const marked = await page.locator('section[data-section-id="enforcement"]').evaluate((s) => getComputedStyle(s).backgroundColor);
    const unmarked = await page.locator('section[data-section-id="oversight"]').evaluate((s) => getComputedStyle(s).backgroundColor);
    expect(marked).not.toBe(unmarked);
  });

  test("opening a shared #oversight URL lands on that section", async ({ page }) => {
    await page.goto(`${ARTICLE_EN}#oversight`);
    await expectHeadingInView(page, "oversight");
  });

  test("switching language keeps the reader on the same section and remembers the choice", async ({ page }) => {
    await page.goto(`${ARTICLE_ZH}#dispute-resolution`);
    await expectHeadingInView(page, "dispute-resolution");
    const english = page.getByRole("link", { name: "English" });
    await expect(english).toHaveAttribute("href", `${ARTICLE_EN}#dispute-resolution`);
    await english.click();
    await expect(page).toHaveURL(new RegExp(`${ARTICLE_EN}#dispute-resolution$`));
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expectHeadingInView(page, "dispute-resolution");

    // Scrolling to another section changes what the toggle carries.
    await page.locator("#leadership").scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -100 + document.getElementById("leadership")!.getBoundingClientRect().top));
    await expect(page.getByRole("link", { name: "中文" })).toHaveAttribute("href", `${ARTICLE_ZH}#leadership`);

    // The remembered choice decides where / goes.
    const response = await page.request.get("/", { maxRedirects: 0, headers: { "Accept-Language": "zh-CN" } });
    expect(response.status()).toBe(307);
    expect(response.headers()["location"]).toBe("/en");
  });

  test("copy link copies the section's own absolute URL and says so", async ({ page, context, baseURL }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto(ARTICLE_ZH);
    await page.getByRole("button", { name: "复制链接:行政权力制约监督科学有效" }).click();
    await expect(page.locator('section[data-section-id="oversight"]').getByRole("status")).toHaveText("链接已复制");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseURL}${ARTICLE_ZH}/oversight`);
  });

  test("fits a 360 px phone screen without sideways scrolling", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    for (const url of [ARTICLE_ZH, ARTICLE_EN, "/zh", "/en"]) {
      await page.goto(url);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), url).toBeLessThanOrEqual(360);
    }
  });
});

test.describe("home and routing", () => {
  test("the home page lists the report with date and summary, in each language", async ({ page }) => {
    await page.goto("/zh");
    const item = page.locator(".report-card").first();
    await expect(item.getByRole("heading").getByRole("link")).toHaveText("城阳区共建“阳光城阳” 共享“法治成果”");
    await expect(item.locator("time")).toHaveText("2026年11月26日");
    await page.goto("/en");
    await expect(page.locator(".report-card").first().getByRole("heading").getByRole("link")).toHaveAttribute("href", ARTICLE_EN);
    await expect(page.locator(".report-card").first().locator("time")).toHaveText("November 26, 2026");
  });

  test("/ follows Accept-Language when no choice is remembered", async ({ request }) => {
    const en = await request.get("/", { maxRedirects: 0, headers: { "Accept-Language": "en-US,en;q=0.9" } });
    expect(en.headers()["location"]).toBe("/en");
    const other = await request.get("/", { maxRedirects: 0, headers: { "Accept-Language": "de-DE" } });
    expect(other.headers()["location"]).toBe("/zh");
  });

  test("unknown reports and pages get a 404 page in the reader's language", async ({ page }) => {
    const zh = await page.goto("/zh/reports/no-such-report");
    expect(zh!.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("页面不存在");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    const en = await page.goto("/en/no/such/page");
    expect(en!.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    await expect(page.getByRole("link", { name: "Back to the home page" })).toHaveAttribute("href", "/en");
    const unknownLanguage = await page.goto("/fr/reports/chengyang-rule-of-law");
    expect(unknownLanguage!.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(["页面不存在", "Page not found"]);
  });

  test("serves a favicon", async ({ request }) => {
    const icon = await request.get("/favicon.ico");
    expect(icon.status()).toBe(200);
    expect(icon.headers()["content-type"]).toContain("image/");
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the article, its contents, section links and language toggle all work", async ({ page }) => {
    await page.goto(ARTICLE_ZH);
    await expect(page.locator("section[data-section-id]")).toHaveCount(7);
    await page.getByRole("navigation", { name: "本文目录" }).getByRole("link", { name: "行政权力制约监督科学有效" }).click();
    await expect(page).toHaveURL(new RegExp("#oversight$"));
    await expectHeadingInView(page, "oversight");
    await page.getByRole("link", { name: "English" }).click();
    await expect(page).toHaveURL(new RegExp(`${ARTICLE_EN}$`));
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Sunshine Chengyang");
    await page.getByRole("link", { name: "Home" }).first().click();
    await expect(page).toHaveURL(/\/en$/);
    await expect(page.locator(".report-card")).toHaveCount(1);
  });
});

// A Suspense boundary around a report's body (tried for issue 13) made React send the text after the
// footer, hidden, for a script to move in: blank without JavaScript, and the script not in the CSP.
test("the report's pages arrive whole, in reading order, with no text held back for a script", async ({ request }) => {
  for (const url of [ARTICLE_ZH, ARTICLE_EN, `${ARTICLE_ZH}/oversight`, `${ARTICLE_ZH}/bilingual`, `${ARTICLE_EN}/bilingual`]) {
    const html = await (await request.get(url)).text();
    expect(html, url).not.toMatch(/<template id="B:|<div hidden id="S:|\$RC\(/);
    const articleEnd = html.indexOf("</article>");
    expect(articleEnd, url).toBeGreaterThan(0);
    expect(articleEnd, url).toBeLessThan(html.indexOf("<footer"));
    const lastSection = url.endsWith("/oversight") ? 'class="section-page-nav"' : 'id="leadership"';
    expect(html.indexOf(lastSection), url).toBeGreaterThan(0);
    expect(html.indexOf(lastSection), url).toBeLessThan(articleEnd);
  }
});

test.describe("accessibility", () => {
  for (const url of ["/zh", "/en", ARTICLE_ZH, ARTICLE_EN, `${ARTICLE_ZH}#oversight`]) {
    test(`axe finds no violations on ${url}`, async ({ page }) => {
      await page.goto(url);
      await expect(page.locator(".copy-link.is-pending, .read-aloud.is-pending")).toHaveCount(0); // the copy-link buttons are checked too
      expect(await axeViolations(page)).toEqual([]);
    });
  }
});
