import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

/**
 * Odd fragments and queries, as links pasted from chats arrive, on every page
 * type: the page keeps working (no "This page couldn't load"), with or
 * without the client code.
 */
const SLUG = "chengyang-rule-of-law";
const PAGES = ["/zh", "/en", `/zh/reports/${SLUG}`, `/en/reports/${SLUG}`, `/zh/reports/${SLUG}/oversight`, `/en/reports/${SLUG}/bilingual`, `/zh/reports/${SLUG}/comments`];
const ODD = ["#%", "#%E4%B8", "#%%%", "?page=1e999", "?sort[]=x", "?page=-1&sort=%", "?page=1e999#%E4%B8"];

async function expectWorkingPage(page: Page, errors: string[]) {
  await expect(page.locator("h1").first()).toBeVisible();
  await expect(page.getByText("This page couldn't load")).toHaveCount(0);
  await expect(page.getByText("页面出错了")).toHaveCount(0);
  expect(errors).toEqual([]);
}

for (const path of PAGES) {
  test(`${path} renders with odd fragments and queries`, async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    // Every inline script must be covered by the page's hashes or nonce: a blocked one is a console error.
    page.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy/i.test(message.text())) errors.push(message.text());
    });
    for (const odd of ODD) {
      await page.goto(`${path}${odd}`);
      await page.waitForLoadState("networkidle");
      await expectWorkingPage(page, errors);
    }
    // The language toggle still works after the odd fragment.
    await page.goto(`${path}#%`);
    const toggle = page.getByRole("link", { name: path.startsWith("/zh") ? "English" : "中文" }).first();
    await expect(toggle).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(errors).toEqual([]);
  });
}

test("a page that throws in the browser shows a message in both languages, never a blank page", async ({ page }) => {
  // A client bug: the comment box trusts the list it is sent, and this one lacks every comment's fields.
  await page.route("**/api/reports/*/comments?*", (route) =>
    route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ comments: [{ id: "1" }], total: 1, participants: 1, page: 1, pageSize: 20, hasMore: false }) }),
  );
  await page.goto(`/en/reports/${SLUG}`);
  await page.locator("#comments").scrollIntoViewIfNeeded(); // the comment box loads as the reader approaches it
  await expect(page.getByRole("heading", { name: "Something went wrong" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "页面出错了" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Home page" })).toHaveAttribute("href", "/en");
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});
