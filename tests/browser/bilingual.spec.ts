import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { loadAllReports } from "../../lib/content/reports";
import { expectHeadingInView } from "./expect-heading-in-view";

const SLUG = "chengyang-rule-of-law";
const ARTICLE_ZH = `/zh/reports/${SLUG}`;
const ARTICLE_EN = `/en/reports/${SLUG}`;
const BILINGUAL_ZH = `${ARTICLE_ZH}/bilingual`;
const BILINGUAL_EN = `${ARTICLE_EN}/bilingual`;
const SECTION_IDS = ["functions", "decision-making", "enforcement", "oversight", "dispute-resolution", "staff-capability", "leadership"];
const WIDTHS = [1280, 360] as const;

const report = loadAllReports().reports.find((r) => r.slug === SLUG)!;
const zhReport = report.languages.zh;
const enReport = report.languages.en!;


/**
 * Waits for hydration (the copy-link buttons appear once React runs), after
 * which Next scrolls to the #fragment once more, and for that scroll to end.
 */
async function waitUntilSettled(page: Page) {
  await expect(page.locator(".copy-link").first()).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => new Promise<boolean>((resolve) => {
      const before = window.scrollY;
      setTimeout(() => resolve(window.scrollY === before), 150);
    })))
    .toBe(true);
}

/**
 * Scrolls until a section's heading sits just under the header, as a reader
 * does: with the mouse wheel. A script's scrollTo is not a reader's scroll, and
 * Chromium keeps re-scrolling to the page's #fragment after late layout changes
 * until the reader scrolls, which moved the page back under load.
 */
async function scrollToSection(page: Page, id: string) {
  await waitUntilSettled(page);
  const delta = await page.evaluate((sectionId) => document.getElementById(sectionId)!.getBoundingClientRect().top - 100, id);
  await page.mouse.move(180, 400);
  await page.mouse.wheel(0, delta);
  await waitUntilSettled(page);
}

/**
 * Taps a link in the sticky header where it is on screen, as a reader does.
 * Playwright's click() may scroll the page first when its hit check is
 * unlucky, which moves the section in view (and so the link's #section).
 */
async function tap(page: Page, link: Locator) {
  const box = (await link.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

interface RenderedPair {
  zhLang: string | null;
  enLang: string | null;
  zhText: string;
  enText: string;
  zh: { top: number; bottom: number; left: number; right: number };
  en: { top: number; bottom: number; left: number; right: number };
  enBorder: number;
}

/** Every paragraph pair inside `scope` (the lede or a section), in document order. */
async function pairsIn(page: Page, scope: string): Promise<RenderedPair[]> {
  return page.locator(`${scope} .bilingual-pair`).evaluateAll((pairs) =>
    pairs.map((pair) => {
      const [zh, en] = Array.from(pair.children) as HTMLElement[];
      const box = (el: HTMLElement) => {
        const r = el.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
      };
      return {
        zhLang: zh!.getAttribute("lang"),
        enLang: en!.getAttribute("lang"),
        zhText: zh!.innerText.trim(),
        enText: en!.innerText.trim(),
        zh: box(zh!),
        en: box(en!),
        enBorder: parseFloat(getComputedStyle(en!).borderLeftWidth),
      };
    }),
  );
}

/** Collapses whitespace, so rendered text and Markdown text compare equal. */
const flat = (text: string) => text.replace(/\s+/g, " ").trim();

for (const width of WIDTHS) {
  test.describe(`bilingual page at ${width} px`, () => {
    test.use({ viewport: { width, height: width === 360 ? 740 : 900 } });

    test("every Chinese paragraph is paired with its English one, in all seven sections", async ({ page }) => {
      await page.goto(BILINGUAL_ZH);
      await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
      const title = page.getByRole("heading", { level: 1 });
      await expect(title.locator('[lang="zh-CN"]')).toHaveText(zhReport.meta.title);
      await expect(title.locator('[lang="en"]')).toHaveText(enReport.meta.title);
      expect(await page.locator("section[data-section-id] h2").evaluateAll((hs) => hs.map((h) => h.id))).toEqual(SECTION_IDS);

      const parts = [
        { scope: ".article-lede", zh: zhReport.lede.blocks, en: enReport.lede.blocks },
        ...SECTION_IDS.map((id) => ({
          scope: `section[data-section-id="${id}"]`,
          zh: zhReport.sections.find((s) => s.id === id)!.blocks,
          en: enReport.sections.find((s) => s.id === id)!.blocks,
        })),
      ];
      for (const part of parts) {
        const heading = part.scope.startsWith("section") ? page.locator(`${part.scope} h2`) : undefined;
        if (heading) {
          const id = part.scope.match(/"(.+)"/)![1]!;
          await expect(heading.locator('[lang="zh-CN"]')).toHaveText(zhReport.sections.find((s) => s.id === id)!.title);
          await expect(heading.locator('[lang="en"]')).toHaveText(enReport.sections.find((s) => s.id === id)!.title);
        }
        // A section is laid out once the reader nears it (content-visibility: auto): bring it on screen first, as a reader would.
        await page.locator(part.scope).scrollIntoViewIfNeeded();
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        const pairs = await pairsIn(page, part.scope);
        expect(pairs.map((p) => [flat(p.zhText), flat(p.enText)]), part.scope).toEqual(part.zh.map((block, i) => [flat(block.text), flat(part.en[i]!.text)]));
        for (const [i, pair] of pairs.entries()) {
          const where = `${part.scope} paragraph ${i + 1}`;
          expect([pair.zhLang, pair.enLang], where).toEqual(["zh-CN", "en"]);
          if (width >= 768) {
            // Flanked: side by side, starting on the same line.
            expect(Math.abs(pair.en.top - pair.zh.top), where).toBeLessThan(2);
            expect(pair.en.left, where).toBeGreaterThan(pair.zh.right);
          } else {
            // Followed: English directly below its Chinese paragraph, set apart by a rule.
            expect(pair.en.top, where).toBeGreaterThanOrEqual(pair.zh.bottom);
            expect(pair.enBorder, where).toBeGreaterThan(0);
          }
        }
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    });

    test("the toggle keeps the section in view across 中文, English and 中英对照", async ({ page }) => {
      // Article → bilingual: the shared #oversight comes along.
      await page.goto(`${ARTICLE_ZH}#oversight`);
      await expectHeadingInView(page, "oversight");
      const toggle = page.getByRole("navigation", { name: "阅读语言" });
      await expect(toggle.getByRole("listitem")).toHaveText(["中文", "English", "中英对照"]);
      await expect(toggle.getByRole("link", { name: "中英对照" })).toHaveAttribute("href", `${BILINGUAL_ZH}#oversight`);
      await tap(page, toggle.getByRole("link", { name: "中英对照" }));
      await expect(page).toHaveURL(new RegExp(`${BILINGUAL_ZH}#oversight$`));
      await expectHeadingInView(page, "oversight");
      await expect(toggle.getByText("中英对照")).toHaveAttribute("aria-current", "true");

      // Bilingual → English article, from a section the reader scrolled to.
      await scrollToSection(page, "dispute-resolution");
      const english = toggle.getByRole("link", { name: "English" });
      await expect(english).toHaveAttribute("href", `${ARTICLE_EN}#dispute-resolution`);
      await tap(page, english);
      await expect(page).toHaveURL(new RegExp(`${ARTICLE_EN}#dispute-resolution$`));
      await expectHeadingInView(page, "dispute-resolution");

      // English article → bilingual with an English interface → Chinese article.
      const enToggle = page.getByRole("navigation", { name: "Reading language" });
      await scrollToSection(page, "staff-capability");
      // Scrolling may still be smooth-animating: wait until the toggle has caught up.
      const bilingual = enToggle.getByRole("link", { name: "Bilingual" });
      await expect(bilingual).toHaveAttribute("href", `${BILINGUAL_EN}#staff-capability`);
      await tap(page, bilingual);
      await expect(page).toHaveURL(new RegExp(`${BILINGUAL_EN}#staff-capability$`));
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      await expectHeadingInView(page, "staff-capability");
      await expect(enToggle.getByRole("link", { name: "中文" })).toHaveAttribute("href", `${ARTICLE_ZH}#staff-capability`);
      await tap(page, enToggle.getByRole("link", { name: "中文" }));
      await expect(page).toHaveURL(new RegExp(`${ARTICLE_ZH}#staff-capability$`));
      await expectHeadingInView(page, "staff-capability");
    });

    test("a section URL leads to the same section in the bilingual page", async ({ page }) => {
      await page.goto(`${ARTICLE_ZH}/enforcement`);
      await page.getByRole("navigation", { name: "阅读语言" }).getByRole("link", { name: "中英对照" }).click();
      await expect(page).toHaveURL(new RegExp(`${BILINGUAL_ZH}#enforcement$`));
      await expectHeadingInView(page, "enforcement");
    });

    test("the toggle fits in the header and every mode can be reached", async ({ page }) => {
      for (const url of [BILINGUAL_EN, ARTICLE_EN, BILINGUAL_ZH]) {
        await page.goto(url);
        const header = await page.locator(".site-header").boundingBox();
        for (const item of await page.locator(".language-toggle li > *").all()) {
          const box = (await item.boundingBox())!;
          expect(box.x, url).toBeGreaterThanOrEqual(0);
          expect(box.x + box.width, url).toBeLessThanOrEqual(width);
          expect(box.y + box.height, url).toBeLessThanOrEqual(header!.y + header!.height);
          expect(box.height, `${url}: tap target`).toBeGreaterThanOrEqual(24);
        }
      }
    });

    for (const url of [BILINGUAL_ZH, `${BILINGUAL_EN}#oversight`]) {
      test(`axe finds no violations on ${url}`, async ({ page }) => {
        await page.goto(url);
        const results = await new AxeBuilder({ page }).analyze();
        expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
      });
    }
  });
}

test.describe("bilingual page links and metadata", () => {
  test("a #oversight link lands with that heading in view and marked as the target", async ({ page }) => {
    await page.goto(BILINGUAL_ZH);
    await page.getByRole("navigation", { name: "本文目录" }).getByRole("link", { name: "行政权力制约监督科学有效" }).click();
    await expect(page).toHaveURL(new RegExp(`${BILINGUAL_ZH}#oversight$`));
    await expectHeadingInView(page, "oversight");
    const marked = await page.locator('section[data-section-id="oversight"]').evaluate((s) => getComputedStyle(s).backgroundColor);
    const unmarked = await page.locator('section[data-section-id="functions"]').evaluate((s) => getComputedStyle(s).backgroundColor);
    expect(marked).not.toBe(unmarked);
  });

  test("a link to a late section lands where the section really is: the page above it does not change as the reader scrolls back up", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    // Sections render only near the screen. Had those above the target been laid out by a guess when the
    // browser scrolled to it, they would change size as they appear (and could have pushed the heading away).
    await page.goto(`${BILINGUAL_ZH}#staff-capability`);
    await expectHeadingInView(page, "staff-capability");
    const heights = () => page.locator("section.report-section").evaluateAll((sections) => sections.map((s) => Math.round(s.getBoundingClientRect().height)));
    const landed = await heights();
    for (const id of SECTION_IDS.slice(0, SECTION_IDS.indexOf("staff-capability")).reverse()) {
      await page.locator(`section[data-section-id="${id}"]`).scrollIntoViewIfNeeded();
    }
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const after = await heights();
    const above = SECTION_IDS.indexOf("staff-capability");
    expect(after.slice(0, above + 1)).toEqual(landed.slice(0, above + 1));
  });

  test("the page names its mode and points search engines at the article", async ({ page, baseURL }) => {
    await page.goto(BILINGUAL_EN);
    await expect(page).toHaveTitle(new RegExp(`^Bilingual · ${enReport.meta.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    const canonical = await page.locator('link[rel="canonical"]').getAttribute("href");
    expect(new URL(canonical!, baseURL).pathname).toBe(ARTICLE_EN);
  });

  test("a report that does not exist has no bilingual page", async ({ page }) => {
    const response = await page.goto("/zh/reports/no-such-report/bilingual");
    expect(response!.status()).toBe(404);
  });

  test("prints the pairs side by side, without the toggle", async ({ page }) => {
    await page.setViewportSize({ width: 700, height: 900 });
    await page.goto(BILINGUAL_ZH);
    await page.emulateMedia({ media: "print" });
    await expect(page.locator(".language-toggle")).toBeHidden();
    const [pair] = await pairsIn(page, 'section[data-section-id="functions"]');
    expect(Math.abs(pair!.en.top - pair!.zh.top)).toBeLessThan(2);
    expect(pair!.en.left).toBeGreaterThan(pair!.zh.right);
  });
});

test.describe("bilingual page without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("shows every pair, and its contents and toggle links work", async ({ page }) => {
    await page.goto(BILINGUAL_ZH);
    await expect(page.locator("section[data-section-id]")).toHaveCount(7);
    const paragraphCount = zhReport.lede.blocks.length + zhReport.sections.reduce((sum, s) => sum + s.blocks.length, 0);
    await expect(page.locator(".bilingual-pair")).toHaveCount(paragraphCount);
    await page.getByRole("navigation", { name: "本文目录" }).getByRole("link", { name: "社会矛盾纠纷依法有效化解" }).click();
    await expectHeadingInView(page, "dispute-resolution");
    await page.getByRole("navigation", { name: "阅读语言" }).getByRole("link", { name: "English" }).click();
    await expect(page).toHaveURL(new RegExp(`${ARTICLE_EN}$`));
    await page.getByRole("navigation", { name: "Reading language" }).getByRole("link", { name: "Bilingual" }).click();
    await expect(page).toHaveURL(new RegExp(`${BILINGUAL_EN}$`));
    await expect(page.locator(".bilingual-pair")).toHaveCount(paragraphCount);
  });
});
