import { expect, test, type Page } from "@playwright/test";

/**
 * Report pages boot React only when the reader needs it (the comment box),
 * not during the page load: lib/hydrate-on-demand.ts. Their reading tools
 * (字号, language toggle, copy link, read-aloud) are plain scripts and work
 * all the same.
 */
const SLUG = "chengyang-rule-of-law";

/** Next's client sets window.next when it starts. */
const reactBooted = (page: Page) => page.evaluate(() => "next" in window);

async function loadAndSettle(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  // Longer than the old loader's frame and timeout: a page that would boot has booted by now.
  await page.waitForTimeout(500);
}

for (const path of ["/zh", "/en", "/zh/categories/rule-of-law", "/en/archive", "/zh/search?q=法治"]) {
  test(`${path} never boots React, and its comment counts and reading controls work without it`, async ({ page }) => {
    await loadAndSettle(page, path);
    expect(await reactBooted(page)).toBe(false);
    await page.locator('[data-size-option="large"]').first().click();
    await expect(page.locator("html")).toHaveAttribute("data-text-size", "large");
  });
}

test("comment counts on the home page arrive without React, in the page's language", async ({ page, request }) => {
  const { counts } = (await (await request.get(`/api/comment-counts?slugs=${SLUG}`)).json()) as { counts: Record<string, number> };
  const n = counts[SLUG]!;
  await page.goto("/en");
  await expect(page.getByRole("link", { name: `${n} ${n === 1 ? "comment" : "comments"}` })).toHaveAttribute("href", `/en/reports/${SLUG}#comments`);
  expect(await reactBooted(page)).toBe(false);
});

for (const path of [`/zh/reports/${SLUG}/oversight`, `/en/reports/${SLUG}/bilingual`, `/zh/reports/${SLUG}/bilingual`]) {
  test(`${path} never boots React, and its section tools work without it`, async ({ page }) => {
    await loadAndSettle(page, path);
    expect(await reactBooted(page)).toBe(false);
    // 字号 is wired by a script in <head>, not by React.
    await page.locator('[data-size-option="large"]').first().click();
    await expect(page.locator("html")).toHaveAttribute("data-text-size", "large");
    // Scrolled to the end, it still has nothing that needs React.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForTimeout(300);
    expect(await reactBooted(page)).toBe(false);
  });
}

test("the article boots React when the reader nears the comments, and the comment box appears", async ({ page }) => {
  await loadAndSettle(page, `/zh/reports/${SLUG}`);
  expect(await reactBooted(page)).toBe(false);
  await page.locator("#comments").scrollIntoViewIfNeeded();
  await expect.poll(() => reactBooted(page)).toBe(true);
  await expect(page.locator("#comments").getByRole("textbox").first()).toBeVisible();
  // Copy link, wired by /section-tools.js, worked before React and still does.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.locator(".copy-link").first().click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain(`/reports/${SLUG}/`);
});

test("a link to the comments boots React at once and shows the comment box", async ({ page }) => {
  await page.goto(`/en/reports/${SLUG}#comments`);
  await expect.poll(() => reactBooted(page)).toBe(true);
  await expect(page.locator("#comments").getByRole("textbox").first()).toBeVisible();
});
