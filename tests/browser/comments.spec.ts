import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import type { ApiComment, CommentListResponse } from "@/lib/comments/comment-api-types";
import { normalizeCommentText } from "@/lib/comments/comment-input";
import { NASTY_STRINGS } from "../unit/comments-nasty-strings";
import { baseURL } from "../playwright.config";

const SLUG = "chengyang-rule-of-law";
const ARTICLE_ZH = `/zh/reports/${SLUG}`;
const ARTICLE_EN = `/en/reports/${SLUG}`;
const COMMENTS_PAGE_ZH = `/zh/reports/${SLUG}/comments`;
const API = `${baseURL}/api/reports/${SLUG}/comments`;

/** Comments in this run share one database with other tests: every test marks its own text. */
function marker(): string {
  return randomUUID().slice(0, 8);
}

/** Posts through the API as a brand-new reader (no cookie), as another visitor would. */
async function postAsVisitor(body: { text: string; nickname?: string; parentId?: string }): Promise<Response> {
  return fetch(API, { method: "POST", headers: { "content-type": "application/json", origin: baseURL }, body: JSON.stringify(body) });
}

async function allComments(sort: "new" | "hot" = "new"): Promise<ApiComment[]> {
  const comments: ApiComment[] = [];
  for (let page = 1; ; page++) {
    const body = (await (await fetch(`${API}?sort=${sort}&page=${page}`)).json()) as CommentListResponse;
    comments.push(...body.comments);
    if (!body.hasMore) return comments;
  }
}

/** The article's comment box, once its first load finished. */
async function openComments(page: Page, path: string, lang: "zh" | "en" = "zh") {
  await page.goto(path);
  const section = page.locator("#comments");
  // The widget's code loads as the reader approaches it.
  await section.scrollIntoViewIfNeeded();
  await expect(section.getByText(lang === "zh" ? /\d+人参与,\d+条评论/ : /\d+ participants?, \d+ comments?/)).toBeVisible();
  return section;
}

function list(page: Page, name: "最热评论" | "最新评论" | "Hottest" | "Newest"): Locator {
  return page.getByRole("region", { name, exact: true });
}

function items(region: Locator): Locator {
  return region.locator(":scope > ol > li");
}

/** The top-level comment whose text contains `text`. */
function commentWith(region: Locator, text: string): Locator {
  return items(region).filter({ has: region.page().locator(":scope > article > p[dir=auto]", { hasText: text }) });
}

test.describe("comments widget", () => {
  test("posts a comment in Chinese and shows it in both lists and on the English page", async ({ page }) => {
    const id = marker();
    const section = await openComments(page, ARTICLE_ZH);
    await expect(section.getByRole("heading", { name: "评论一下" })).toBeVisible();
    await section.getByLabel("昵称").fill(`城阳网友${id}`);
    await section.getByLabel("评论内容").fill(`支持依法行政!${id}\n第二行也要显示`);
    await section.getByRole("button", { name: "发表评论" }).click();
    await expect(section.getByRole("status")).toHaveText("评论成功");
    await expect(section.getByLabel("评论内容")).toHaveValue("");

    for (const name of ["最新评论", "最热评论"] as const) {
      const comment = commentWith(list(page, name), id);
      await expect(comment).toHaveCount(1);
      await expect(comment.getByText(`城阳网友${id}`)).toBeVisible();
      await expect(comment.locator("time")).toHaveText("刚刚");
      const datetime = await comment.locator("time").getAttribute("datetime");
      expect(new Date(datetime!).toISOString()).toBe(datetime);
      // The line break shows as a line break.
      expect(await comment.locator("p[dir=auto]").first().innerText()).toBe(`支持依法行政!${id}\n第二行也要显示`);
    }

    await openComments(page, ARTICLE_EN, "en");
    const english = commentWith(list(page, "Newest"), id);
    await expect(english).toHaveCount(1);
    await expect(english.getByText(`城阳网友${id}`)).toBeVisible();
    await expect(english.locator("time")).toHaveText("just now");
  });

  test("shows the counts, the anonymous name and relative times", async ({ page }) => {
    const id = marker();
    await postAsVisitor({ text: `anonymous ${id}` });
    const before = (await (await fetch(`${API}?sort=new`)).json()) as CommentListResponse;
    const section = await openComments(page, ARTICLE_ZH);
    await expect(section.getByText(`${before.participants}人参与,${before.total}条评论`)).toBeVisible();
    const comment = commentWith(list(page, "最新评论"), id);
    await expect(comment.getByText("匿名网友")).toBeVisible();
  });

  test("likes once, shows it in both lists, remembers it, and un-likes", async ({ page }) => {
    const id = marker();
    const posted = (await (await postAsVisitor({ text: `like me ${id}` })).json()) as { comment: ApiComment };
    await openComments(page, ARTICLE_ZH);
    const newest = commentWith(list(page, "最新评论"), id);
    const like = newest.getByRole("button", { name: /^赞/ }).first();
    await expect(like).toHaveAttribute("aria-pressed", "false");
    await like.click();
    await expect(like).toHaveAttribute("aria-pressed", "true");
    await expect(like).toHaveText(/赞\s*1$/);
    await expect(commentWith(list(page, "最热评论"), id).getByRole("button", { name: /^赞/ }).first()).toHaveText(/赞\s*1$/);

    // A second like from the same reader changes nothing on the server.
    const again = await page.request.post(`${baseURL}/api/comments/${posted.comment.id}/like`, { headers: { origin: baseURL } });
    expect(await again.json()).toEqual({ likes: 1 });

    await page.reload();
    const reloaded = commentWith(list(page, "最新评论"), id).getByRole("button", { name: /^赞/ }).first();
    await expect(reloaded).toHaveAttribute("aria-pressed", "true");
    await expect(reloaded).toHaveText(/赞\s*1$/);
    await reloaded.click();
    await expect(reloaded).toHaveAttribute("aria-pressed", "false");
    await expect(reloaded).toHaveText(/赞\s*0$/);
    expect((await allComments()).find((c) => c.id === posted.comment.id)!.likes).toBe(0);
  });

  test("replies to a comment, one level deep", async ({ page }) => {
    const id = marker();
    await postAsVisitor({ nickname: `楼主${id}`, text: `parent ${id}` });
    await openComments(page, ARTICLE_ZH);
    const parent = commentWith(list(page, "最新评论"), id);
    await parent.getByRole("button", { name: "回复", exact: true }).click();
    const form = parent.getByRole("form", { name: `回复 楼主${id}` });
    await form.getByRole("textbox", { name: `回复 楼主${id}` }).fill(`同意楼主 ${id}`);
    await form.getByRole("button", { name: "发表回复" }).click();
    await expect(page.locator("#comments").getByRole("status")).toHaveText("回复成功");
    await expect(parent.locator("ol li").getByText(`同意楼主 ${id}`)).toBeVisible();
    // Replies have no reply button of their own.
    await expect(parent.locator("ol li").getByRole("button", { name: "回复", exact: true })).toHaveCount(0);

    await page.reload();
    const reloaded = commentWith(list(page, "最新评论"), id);
    await expect(reloaded.locator("ol li").getByText(`同意楼主 ${id}`)).toBeVisible();
  });

  test("shows the first three replies of a long thread, then 查看全部 N 条回复 loads the rest", async ({ page }) => {
    const id = marker();
    const parent = ((await (await postAsVisitor({ text: `long thread ${id}` })).json()) as { comment: ApiComment }).comment;
    for (let i = 0; i < 55; i++) expect((await postAsVisitor({ text: `reply ${i} of ${id}`, parentId: parent.id })).status).toBe(201);
    await openComments(page, ARTICLE_ZH);
    const thread = commentWith(list(page, "最新评论"), `long thread ${id}`);
    await expect(thread.locator("ol > li")).toHaveCount(3);
    await thread.getByRole("button", { name: "查看全部 55 条回复" }).click();
    await expect(thread.locator("ol > li")).toHaveCount(50);
    await thread.getByRole("button", { name: "查看更多回复" }).click();
    await expect(thread.locator("ol > li")).toHaveCount(55);
    await expect(thread.getByText(`reply 54 of ${id}`, { exact: true })).toBeVisible();
    await expect(thread.getByRole("button", { name: "查看更多回复" })).toHaveCount(0);
  });

  test("loads more, 10 at a time, until every comment is shown once", async ({ page }) => {
    const id = marker();
    const texts = Array.from({ length: 25 }, (_, i) => `load more ${id} #${i}`);
    for (const text of texts) expect((await postAsVisitor({ text })).status).toBe(201);
    const expected = (await allComments("new")).length;

    await openComments(page, ARTICLE_ZH);
    const newest = list(page, "最新评论");
    await expect(items(newest)).toHaveCount(10);
    const more = newest.getByRole("button", { name: "点击查看更多精彩评论" });
    await expect(newest.getByText(/已有\d+人参与,/)).toBeVisible();
    for (let shown = 10; shown < expected; shown += 10) {
      await more.click();
      await expect(items(newest)).toHaveCount(Math.min(shown + 10, expected));
    }
    await expect(more).toHaveCount(0);
    const shownTexts = await newest.locator(":scope > ol > li > article > p[dir=auto]").allInnerTexts();
    expect(new Set(shownTexts).size).toBe(shownTexts.length);
    for (const text of texts) expect(shownTexts).toContain(text);
  });

  test("keeps the text and explains the problem when the server refuses", async ({ page }) => {
    const id = marker();
    const section = await openComments(page, ARTICLE_ZH);
    await section.getByLabel("评论内容").fill(`twice ${id}`);
    await section.getByRole("button", { name: "发表评论" }).click();
    await expect(section.getByRole("status")).toHaveText("评论成功");
    await section.getByLabel("评论内容").fill(`twice ${id}`);
    await section.getByRole("button", { name: "发表评论" }).click();
    await expect(section.locator("form").first().getByRole("alert")).toHaveText("你在10分钟内已发表过相同的内容。");
    await expect(section.getByLabel("评论内容")).toHaveValue(`twice ${id}`);

    await section.getByLabel("评论内容").fill("   ");
    await section.getByRole("button", { name: "发表评论" }).click();
    await expect(section.locator("form").first().getByRole("alert")).toHaveText("请填写评论内容。");
  });

  test("has no accessibility violations and fits a 360 px screen", async ({ page }) => {
    await postAsVisitor({ nickname: "axe", text: `accessibility check ${marker()}` });
    await page.setViewportSize({ width: 360, height: 800 });
    await openComments(page, ARTICLE_ZH);
    const results = await new AxeBuilder({ page }).include("#comments").analyze();
    expect(results.violations).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    await page.goto(COMMENTS_PAGE_ZH);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

    // A thread opened on the server-rendered page, and a refused post with its flash.
    const parent = ((await (await postAsVisitor({ text: `axe thread ${marker()}` })).json()) as { comment: ApiComment }).comment;
    for (let i = 0; i < 4; i++) await postAsVisitor({ text: `axe reply ${i} ${marker()}`, parentId: parent.id });
    await page.goto(`${COMMENTS_PAGE_ZH}?thread=${parent.id}`);
    await expect(page.getByRole("heading", { name: "全部回复" })).toBeVisible();
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await page.getByLabel("评论内容").fill(" ");
    await page.getByRole("button", { name: "发表评论" }).click();
    await expect(page.locator("#comment-form").getByRole("alert")).toHaveText("请填写评论内容。");
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  });

  test("shows each report's comment count on the home page", async ({ page }) => {
    await postAsVisitor({ text: `count me ${marker()}` });
    const { counts } = (await (await fetch(`${baseURL}/api/comment-counts?slugs=${SLUG}`)).json()) as { counts: Record<string, number> };
    await page.goto("/zh");
    const link = page.getByRole("link", { name: `${counts[SLUG]}条评论` });
    await expect(link).toBeVisible();
    await expect(link).toHaveAttribute("href", `${ARTICLE_ZH}#comments`);
  });
});

test.describe("comments without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("reads and posts through the server-rendered comments page", async ({ page }) => {
    const id = marker();
    await postAsVisitor({ text: `visible without js ${id}` });
    await page.goto(ARTICLE_ZH);
    await page.getByRole("link", { name: "打开评论页,阅读和发表评论" }).click();
    await expect(page).toHaveURL(new RegExp(`${COMMENTS_PAGE_ZH}$`));
    await expect(page.getByText(`visible without js ${id}`)).toBeVisible();

    await page.getByLabel("昵称").fill(`无脚本${id}`);
    await page.getByLabel("评论内容").fill(`不用 JavaScript 也能评论 ${id}\n第二行`);
    await page.getByRole("button", { name: "发表评论" }).click();
    await expect(page).toHaveURL(/posted=published/);
    await expect(page.getByRole("status")).toHaveText("评论成功");
    const mine = page.locator("article", { hasText: `无脚本${id}` });
    await expect(mine.locator("p[dir=auto]")).toHaveText(`不用 JavaScript 也能评论 ${id}\n第二行`, { useInnerText: true });
    await expect(mine.locator("time")).toHaveText("刚刚");

    // Refused: the message is localized and what was typed comes back in the form.
    await page.getByLabel("昵称").fill(`无脚本${id}`);
    await page.getByLabel("评论内容").fill(`不用 JavaScript 也能评论 ${id}\n第二行`);
    await page.getByRole("button", { name: "发表评论" }).click();
    await expect(page.getByRole("alert")).toHaveText("你在10分钟内已发表过相同的内容。");
    await expect(page.getByLabel("评论内容")).toHaveValue(`不用 JavaScript 也能评论 ${id}\n第二行`);
    await expect(page.getByLabel("昵称")).toHaveValue(`无脚本${id}`);
  });

  test("the English article leads to the comments page, whose form posts without JavaScript", async ({ page }) => {
    const id = marker();
    await page.goto(ARTICLE_EN);
    // The article's comment box is loaded by script when approached; without script the article links to the comments page.
    await page.locator("#comments").getByRole("link").click();
    await page.getByLabel("Your comment").fill(`static form ${id}`);
    await page.getByRole("button", { name: "Post comment" }).click();
    await expect(page).toHaveURL(/\/en\/reports\/chengyang-rule-of-law\/comments\?sort=new&posted=published/);
    await expect(page.getByRole("status")).toHaveText("Your comment is posted.");
    await expect(page.getByText(`static form ${id}`)).toBeVisible();
  });

  test("opens a long thread with View all N replies, and keeps drafts out of the URL", async ({ page }) => {
    const id = marker();
    const parent = ((await (await postAsVisitor({ text: `nojs thread ${id}` })).json()) as { comment: ApiComment }).comment;
    for (let i = 0; i < 5; i++) await postAsVisitor({ text: `nojs reply ${i} ${id}`, parentId: parent.id });
    await page.goto(`/en/reports/${SLUG}/comments?sort=new`);
    const thread = page.locator("#comment-" + parent.id);
    await expect(thread.locator("ol > li")).toHaveCount(3);
    await thread.getByRole("link", { name: "View all 5 replies" }).click();
    await expect(page.getByRole("heading", { name: "All replies" })).toBeVisible();
    await expect(page.locator(`#thread-${parent.id} ol > li`)).toHaveCount(5);

    // A refused post: error and draft come back, the URL carries neither.
    await page.getByLabel("Your comment").fill(" ");
    await page.getByLabel("Nickname").fill(`n${id}`);
    await page.getByRole("button", { name: "Post comment" }).click();
    await expect(page.getByRole("alert")).toBeVisible();
    await expect(page.getByLabel("Nickname")).toHaveValue(`n${id}`);
    expect(page.url()).not.toContain(id);
    expect(page.url()).not.toContain("error");
  });

  test("pages with a “load more” link", async ({ page }) => {
    const id = marker();
    for (let i = 0; i < 11; i++) await postAsVisitor({ text: `nojs page ${id} #${i}` });
    await page.goto(`${COMMENTS_PAGE_ZH}?sort=new`);
    await expect(page.locator("section ol > li > article").filter({ hasText: `nojs page ${id} #0` })).toHaveCount(0);
    await page.getByRole("link", { name: "点击查看更多精彩评论" }).click();
    await expect(page.locator("section > ol > li")).toHaveCount(20);
    await expect(page.getByText(`nojs page ${id} #0`, { exact: true })).toBeVisible();
  });
});

test.describe("hostile comment text", () => {
  test("is stored exactly as normalized or refused with 400, and never runs when shown", async ({ page, browser }) => {
    const id = marker();
    const stored = new Map<string, string>();
    for (const raw of NASTY_STRINGS) {
      const text = `${id} ${raw}`;
      const response = await postAsVisitor({ text, nickname: raw.slice(0, 24) });
      expect([201, 400], JSON.stringify(raw)).toContain(response.status);
      if (response.status === 201) {
        const { comment } = (await response.json()) as { comment: ApiComment };
        expect(comment.text, JSON.stringify(raw)).toBe(normalizeCommentText(text));
        stored.set(comment.id, comment.text);
      }
    }
    expect(stored.size).toBeGreaterThan(30);

    const listed = new Map((await allComments()).map((c) => [c.id, c.text]));
    for (const [commentId, text] of stored) expect(listed.get(commentId)).toBe(text);

    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await openComments(page, ARTICLE_ZH);
    const newest = list(page, "最新评论");
    const more = newest.getByRole("button", { name: "点击查看更多精彩评论" });
    // More than a page was just stored: wait for the first page before paging on.
    await expect(more).toBeVisible();
    for (let i = 0; i < 6 && (await more.count()) > 0; i++) {
      const before = await items(newest).count();
      await more.click();
      await expect.poll(() => items(newest).count()).toBeGreaterThan(before);
    }
    await expectNothingRan(page, newest);
    const shown = await newest.locator("article > p[dir=auto]").allTextContents();
    for (const text of stored.values()) expect(shown).toContain(text);

    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const plain = await noJs.newPage();
    await plain.goto(`${COMMENTS_PAGE_ZH}?sort=new&page=6`);
    const plainTexts = await plain.locator("article > p[dir=auto]").allTextContents();
    for (const text of stored.values()) expect(plainTexts).toContain(text);
    // Our own "View all N replies" links (?thread=) are the only links a thread may carry.
    await expect(plain.locator("section ol").locator("script, img, svg, iframe, style, a:not([href*='?thread='])")).toHaveCount(0);
    await noJs.close();
    expect(dialogs).toEqual([]);
  });
});

async function expectNothingRan(page: Page, region: Locator) {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  // Only our own markup inside comments: no injected elements or links.
  await expect(region.locator("article").locator("script, img, iframe, style, a")).toHaveCount(0);
  await expect(region.locator("article p[dir=auto] *")).toHaveCount(0);
}

test.describe("API responses", () => {
  test("carry the security headers, errors included", async ({ request }) => {
    const responses = [
      await request.get(`${API}?sort=new`),
      await request.get(`${API}?sort=bogus`),
      await request.post(API, { headers: { origin: baseURL, "content-type": "application/json" }, data: "{" }),
      await request.get(`${baseURL}/api/comment-counts?slugs=${SLUG}`),
      await request.put(API),
    ];
    expect(responses.map((r) => r.status())).toEqual([200, 400, 400, 200, 405]);
    for (const response of responses) {
      const headers = response.headers();
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBeTruthy();
      expect(headers["content-security-policy"]).toContain("default-src 'self'");
      expect(headers["permissions-policy"]).toBeTruthy();
      expect(headers["content-type"]).toMatch(/^application\/json/);
      expect(headers["cache-control"]).toBe("no-store");
    }
  });
});
