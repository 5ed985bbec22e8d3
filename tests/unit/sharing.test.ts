import Parser from "rss-parser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { firstSentence } from "@/lib/content/first-sentence";
import { loadAllReports } from "@/lib/content/reports";
import { buildRss } from "@/lib/feed/build-rss";
import { articleMetadata } from "@/lib/seo/report-metadata";
import { sitemapEntries } from "@/lib/seo/sitemap-entries";
import { breadcrumbJsonLd, newsArticleJsonLd } from "@/lib/seo/structured-data";
import { absoluteUrl, parseSiteUrl } from "@/lib/site-url";

const { reports } = loadAllReports();
const report = reports.find((r) => r.slug === "chengyang-rule-of-law")!;
const fixtures = loadAllReports("tests/fixtures/content-errors/valid", "public").reports;

beforeEach(() => {
  process.env.SITE_URL = "https://news.example.org";
});
afterEach(() => {
  delete process.env.SITE_URL;
});

describe("SITE_URL", () => {
  it("builds every absolute URL from the configured origin, with or without a path prefix", () => {
    expect(absoluteUrl("/zh/reports/x")).toBe("https://news.example.org/zh/reports/x");
    process.env.SITE_URL = "https://example.org/news/";
    expect(absoluteUrl("/en")).toBe("https://example.org/news/en");
    delete process.env.SITE_URL;
    expect(absoluteUrl("/zh")).toBe("http://localhost:3000/zh");
  });

  it("refuses a value that is not an http(s) URL, saying what to write", () => {
    expect(() => parseSiteUrl("news.example.org")).toThrow("SITE_URL must be an absolute http(s) URL such as https://news.example.org");
    expect(() => parseSiteUrl("ftp://x.org")).toThrow("SITE_URL must start with http:// or https://");
  });
});

describe("firstSentence", () => {
  it("ends at the first Chinese or English full stop", () => {
    expect(firstSentence("一是加强监督。二是完善机制。")).toBe("一是加强监督。");
    expect(firstSentence("First, oversight. Second, more.")).toBe("First, oversight.");
    expect(firstSentence("No stop at all")).toBe("No stop at all");
  });
});

describe("section previews", () => {
  it("title, description and URL are the section's; canonical is the article", () => {
    const meta = articleMetadata(report, "zh", { sectionId: "oversight" });
    expect(meta.title).toBe("行政权力制约监督科学有效 · 城阳区共建“阳光城阳” 共享“法治成果”");
    expect(meta.description).toBe("一是自觉接受党内监督、人大监督、民主监督、司法监督。");
    expect(meta.alternates?.canonical).toBe("https://news.example.org/zh/reports/chengyang-rule-of-law");
    expect(meta.openGraph).toMatchObject({ url: "https://news.example.org/zh/reports/chengyang-rule-of-law/oversight" });
  });

  it("a Chinese-only report lists only Chinese alternates and points its English URL's canonical at the Chinese page", () => {
    const chineseOnly = fixtures.find((r) => r.slug === "chinese-only")!;
    const meta = articleMetadata(chineseOnly, "en");
    expect(Object.keys(meta.alternates!.languages!)).toEqual(["zh-CN", "x-default"]);
    expect(meta.alternates?.canonical).toBe("https://news.example.org/zh/reports/chinese-only");
  });
});

describe("updates", () => {
  it("an updated: date becomes the modified time in previews and structured data", () => {
    const updated = fixtures.find((r) => r.slug === "chinese-only")!;
    expect(articleMetadata(updated, "zh").openGraph).toMatchObject({ publishedTime: "2026-11-22T00:00:00+08:00", modifiedTime: "2026-11-24T00:00:00+08:00" });
    expect(newsArticleJsonLd(updated, "zh")).toMatchObject({ datePublished: "2026-11-22T00:00:00+08:00", dateModified: "2026-11-24T00:00:00+08:00" });
  });
});

describe("structured data", () => {
  it("describes the report as a NewsArticle with its byline, dates and sections", () => {
    const data = newsArticleJsonLd(report, "en");
    expect(data).toMatchObject({
      "@type": "NewsArticle",
      headline: report.languages.en!.meta.title,
      datePublished: "2026-11-26T00:00:00+08:00",
      dateModified: "2026-11-26T00:00:00+08:00",
      inLanguage: "en",
      author: [{ "@type": "Person", name: "Liu Ruidong" }],
      contributor: [{ "@type": "Person", name: "Chen Xinyue" }],
      publisher: { name: "Qingdao Finance Daily" },
      mainEntityOfPage: { "@id": "https://news.example.org/en/reports/chengyang-rule-of-law" },
    });
    expect((data.articleSection as string[]).length).toBe(7);
  });

  it("has a breadcrumb matching the visible one", () => {
    const crumbs = breadcrumbJsonLd(report, "zh").itemListElement as { name: string }[];
    expect(crumbs.map((c) => c.name)).toEqual(["首页", "法治政府", "文章详情"]);
  });
});

describe("RSS feed", () => {
  it("parses as RSS with absolute links, dates, summary and full text", async () => {
    const feed = await new Parser().parseString(buildRss(reports, "zh"));
    expect(feed.title).toBe("阳光城阳新闻");
    const item = feed.items[0]!;
    expect(item.title).toBe("城阳区共建“阳光城阳” 共享“法治成果”");
    expect(item.link).toBe("https://news.example.org/zh/reports/chengyang-rule-of-law");
    expect(new Date(item.isoDate!).toISOString()).toBe("2026-11-25T16:00:00.000Z");
    expect(item.contentSnippet ?? "").toContain(report.languages.zh.meta.summary.slice(0, 20));
    expect(item["content:encoded"]).toContain("法治政府建设组织领导落实到位");
  });

  it("lists only reports that exist in the feed's language", async () => {
    const en = await new Parser().parseString(buildRss(fixtures, "en"));
    expect(en.items.map((i) => i.title)).toEqual(["Test report"]);
  });
});

describe("sitemap entries", () => {
  it("lists homes, categories, the archive, articles and sections in each language with alternates", () => {
    const entries = sitemapEntries(reports);
    const urls = entries.map((e) => e.url);
    expect(urls).toContain("https://news.example.org/zh");
    expect(urls).toContain("https://news.example.org/en/reports/chengyang-rule-of-law/leadership");
    expect(urls).toContain("https://news.example.org/en/categories/rule-of-law");
    expect(urls).toContain("https://news.example.org/zh/archive");
    expect(urls.length).toBe(2 + 6 + 2 + 2 + 14);
    expect(entries[10]!.alternates?.languages).toEqual({
      "zh-CN": "https://news.example.org/zh/reports/chengyang-rule-of-law",
      en: "https://news.example.org/en/reports/chengyang-rule-of-law",
    });
  });
});
