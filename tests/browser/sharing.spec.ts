import fs from "node:fs";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import ogs from "open-graph-scraper";
import Parser from "rss-parser";
import { expect, test } from "@playwright/test";
import { SECTION_TOOLS_SCRIPT, SECTION_TOOLS_SCRIPT_PATH } from "@/lib/sharing/section-tools-script";

/**
 * What other programs read: link previews (an Open Graph scraper), feed
 * readers (an RSS parser), search engines (sitemap, JSON-LD, hreflang).
 * The site is built with SITE_URL set to this test server (scripts/test-all.sh).
 */
const ARTICLE = "/reports/chengyang-rule-of-law";
const SECTION_TITLES = {
  zh: "行政权力制约监督科学有效",
  en: "Effective checks and oversight of administrative power",
};

async function scrape(url: string) {
  const { error, result } = await ogs({ url, timeout: 10 });
  expect(error).toBe(false);
  return result;
}

test.describe("link previews", () => {
  for (const lang of ["zh", "en"] as const) {
    test(`a section URL previews as that section (${lang})`, async ({ baseURL }) => {
      const url = `${baseURL}/${lang}${ARTICLE}/oversight`;
      const result = await scrape(url);
      expect(result.ogTitle).toMatch(new RegExp(`^${SECTION_TITLES[lang]} · `));
      expect(result.ogDescription).toMatch(lang === "zh" ? /^一是自觉接受党内监督/ : /^First, /);
      expect(result.ogUrl).toBe(url);
      expect(result.ogType).toBe("article");
      expect(result.ogLocale).toBe(lang === "zh" ? "zh_CN" : "en_US");
      expect(result.twitterCard).toBe("summary_large_image");
      expect(result.ogImage?.[0]?.url).toBe(`${baseURL}/${lang}${ARTICLE}/og-image.png`);
    });

    test(`an article URL previews with its title, dates, section and a 1200×630 image (${lang})`, async ({ baseURL, request }) => {
      const url = `${baseURL}/${lang}${ARTICLE}`;
      const result = await scrape(url);
      expect(result.ogTitle).toEqual(lang === "zh" ? "城阳区共建“阳光城阳” 共享“法治成果”" : expect.stringContaining("Chengyang District"));
      expect(result.ogUrl).toBe(url);
      expect(result.articlePublishedTime).toBe("2026-11-26T00:00:00+08:00");
      expect(result.articleModifiedTime).toBe("2026-11-26T00:00:00+08:00");
      expect(result.articleSection).toBe(lang === "zh" ? "法治政府" : "Rule of law");
      expect(result.ogLocaleAlternate).toBe(lang === "zh" ? "en_US" : "zh_CN");
      const image = await request.get(result.ogImage![0]!.url);
      expect(image.status()).toBe(200);
      expect(image.headers()["content-type"]).toBe("image/png");
      const png = await image.body();
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
      fs.mkdirSync(path.join(__dirname, "../tmp"), { recursive: true });
      fs.writeFileSync(path.join(__dirname, `../tmp/og-image-${lang}.png`), png);
    });
  }
});

test.describe("structured data", () => {
  test("article pages carry NewsArticle and BreadcrumbList JSON-LD", async ({ page, baseURL }) => {
    await page.goto(`/en${ARTICLE}`);
    const blocks = await page.locator('script[type="application/ld+json"]').allTextContents();
    const data = blocks.flatMap((b) => JSON.parse(b) as Record<string, unknown>[]);
    const article = data.find((d) => d["@type"] === "NewsArticle")!;
    expect(article).toMatchObject({
      headline: expect.stringContaining("Chengyang"),
      description: expect.any(String),
      datePublished: expect.stringMatching(/T00:00:00\+08:00$/),
      dateModified: expect.stringMatching(/\+08:00$/),
      author: [{ "@type": "Person", name: "Liu Ruidong" }],
      contributor: [{ "@type": "Person", name: "Chen Xinyue" }],
      publisher: { "@type": "NewsMediaOrganization", name: "Qingdao Finance Daily" },
      isPartOf: { "@type": "WebSite", url: `${baseURL}/en` },
      inLanguage: "en",
      image: [`${baseURL}/en${ARTICLE}/og-image.png`],
      mainEntityOfPage: { "@id": `${baseURL}/en${ARTICLE}` },
    });
    expect(article.articleSection).toEqual(await page.locator("section[data-section-id] h2").allTextContents());
    const breadcrumb = data.find((d) => d["@type"] === "BreadcrumbList")! as { itemListElement: { name: string }[] };
    const visible = await page.getByRole("navigation", { name: "You are here" }).getByRole("listitem").allTextContents();
    expect(breadcrumb.itemListElement.map((i) => i.name)).toEqual(visible);
  });

  test("home pages carry WebSite and an ItemList of reports", async ({ page, baseURL }) => {
    await page.goto("/zh");
    const data = (await page.locator('script[type="application/ld+json"]').allTextContents()).flatMap((b) => JSON.parse(b));
    expect(data.find((d: { "@type": string }) => d["@type"] === "WebSite")).toMatchObject({ url: `${baseURL}/zh` });
    const list = data.find((d: { "@type": string }) => d["@type"] === "ItemList");
    expect(list.itemListElement[0]).toMatchObject({ position: 1, url: `${baseURL}/zh${ARTICLE}` });
  });
});

test.describe("sitemap, robots, feeds and languages", () => {
  test("every sitemap URL answers 200 and lists reciprocal hreflang alternates", async ({ request, baseURL }) => {
    const robots = await (await request.get("/robots.txt")).text();
    expect(robots).toContain(`Sitemap: ${baseURL}/sitemap.xml`);
    const index = new XMLParser({ isArray: (name) => name === "sitemap" }).parse(await (await request.get("/sitemap.xml")).text());
    const children: string[] = index.sitemapindex.sitemap.map((s: { loc: string }) => s.loc);
    expect(children).toEqual([`${baseURL}/sitemaps/1.xml`]);
    const xml = await (await request.get(children[0]!)).text();
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "url" || name === "xhtml:link" }).parse(xml);
    const urls: { loc: string; lastmod?: string; "xhtml:link": { "@_hreflang": string; "@_href": string }[] }[] = parsed.urlset.url;
    // Homes, three categories and the archive in both languages; the article and its seven sections in both.
    expect(urls.length).toBe(10 + 16);
    const locs = urls.map((u) => u.loc);
    for (const url of urls) {
      if (url.loc.includes("/reports/")) expect(url.lastmod).toMatch(/^\d{4}-\d{2}-\d{2}/);
      expect((await request.get(url.loc)).status(), url.loc).toBe(200);
      for (const link of url["xhtml:link"]) expect(locs).toContain(link["@_href"]);
    }

    // hreflang in the pages themselves: every alternate lists this page back.
    const alternatesOf = async (loc: string) => {
      const html = await (await request.get(loc)).text();
      return Object.fromEntries([...html.matchAll(/<link rel="alternate" hrefLang="([^"]+)" href="([^"]+)"\/>/g)].map((m) => [m[1], m[2]]));
    };
    for (const loc of locs) {
      const alternates = await alternatesOf(loc);
      expect(Object.keys(alternates).sort(), loc).toEqual(["en", "x-default", "zh-CN"]);
      for (const other of Object.values(alternates) as string[]) expect(Object.values(await alternatesOf(other))).toContain(loc);
    }
  });

  for (const lang of ["zh", "en"] as const) {
    test(`the ${lang} feed parses, with absolute links, dates, summary and full text, and every page advertises it`, async ({ request, page, baseURL }) => {
      const response = await request.get(`/${lang}/feed.xml`);
      expect(response.headers()["content-type"]).toContain("application/rss+xml");
      const feed = await new Parser().parseString(await response.text());
      expect(feed.link).toBe(`${baseURL}/${lang}`);
      const item = feed.items[0]!;
      expect(item.link).toBe(`${baseURL}/${lang}${ARTICLE}`);
      expect(item.isoDate).toBe("2026-11-25T16:00:00.000Z");
      expect(item.content).toBeTruthy();
      expect((item as Record<string, string>)["content:encoded"]).toContain(SECTION_TITLES[lang]);
      for (const url of [`/${lang}`, `/${lang}${ARTICLE}`, `/${lang}${ARTICLE}/oversight`]) {
        await page.goto(url);
        await expect(page.locator('link[rel="alternate"][type="application/rss+xml"]')).toHaveAttribute("href", `${baseURL}/${lang}/feed.xml`);
      }
    });
  }
});

test.describe("section pages", () => {
  test("a section URL lands on the section, one click from the full report and its neighbours", async ({ page }) => {
    await page.goto(`/zh${ARTICLE}/oversight`);
    const heading = page.getByRole("heading", { level: 1 });
    await expect(heading).toHaveText(SECTION_TITLES.zh);
    await expect(heading).toBeInViewport();
    await expect(page.locator(".section-body")).toContainText("一是自觉接受党内监督");
    await expect(page.getByRole("link", { name: "上一部分" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "行政执法严格规范公正文明" })).toHaveAttribute("href", `/zh${ARTICLE}/enforcement`);
    await expect(page.getByRole("link", { name: "社会矛盾纠纷依法有效化解" })).toHaveAttribute("href", `/zh${ARTICLE}/dispute-resolution`);
    await page.getByRole("link", { name: "在全文中阅读本节" }).click();
    await expect(page).toHaveURL(new RegExp(`/zh${ARTICLE}#oversight$`));
    await expect(page.locator("#oversight")).toBeInViewport();
  });

  test("copy link on the article and the bilingual page copies the section's own URL", async ({ page, context, baseURL }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    for (const page_ of [`/en${ARTICLE}`, `/en${ARTICLE}/bilingual`]) {
      await page.goto(page_);
      await page.getByRole("button", { name: `Copy link to section: ${SECTION_TITLES.en}` }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText()), page_).toBe(`${baseURL}/en${ARTICLE}/oversight`);
    }
  });
});

test("printing an article leaves out navigation and controls, and keeps its URL and date", async ({ page, baseURL }) => {
  await page.goto(`/zh${ARTICLE}`);
  await page.locator("#comments").scrollIntoViewIfNeeded(); // loads the comment box, so its form is there to leave out
  await expect(page.locator("textarea").first()).toBeAttached();
  await page.emulateMedia({ media: "print" });
  for (const hidden of [".site-header", ".language-toggle", ".copy-link", ".section-tools", ".share-qr", ".toc", ".site-footer", "form"]) {
    await expect(page.locator(hidden).first(), hidden).toBeHidden();
  }
  await expect(page.getByText(`本文网址:${baseURL}/zh${ARTICLE}`)).toBeVisible();
  await expect(page.locator(".article-dates")).toContainText("2026年11月26日");
  await page.screenshot({ path: path.join(__dirname, "../tmp/print-article-zh.png"), fullPage: true });
  const pdf = await page.pdf({ format: "A4" });
  expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
});

test("the section tools script is the one the page names, served alike whatever a link adds to it", async ({ request }) => {
  const article = await (await request.get(`/zh${ARTICLE}`)).text();
  expect(article).toContain(SECTION_TOOLS_SCRIPT_PATH);
  const named = await request.get(SECTION_TOOLS_SCRIPT_PATH);
  expect(named.status()).toBe(200);
  expect(named.headers()["content-type"]).toContain("javascript");
  expect(named.headers()["cache-control"]).toContain("immutable");
  expect(await named.text()).toBe(SECTION_TOOLS_SCRIPT);
  // A hostile link: the query is never reflected, and nothing else is served under this name.
  for (const query of ["?v=%3C%2Fscript%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E", "?v[]=x&v=%", `?v=${"9".repeat(4000)}`]) {
    const response = await request.get(`/section-tools.js${query}`);
    expect(response.status(), query).toBe(200);
    expect(await response.text(), query).toBe(SECTION_TOOLS_SCRIPT);
  }
  expect((await request.post("/section-tools.js", { data: "x" })).status()).toBe(405);
});
