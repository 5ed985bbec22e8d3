import jsQR from "jsqr";
import { PNG } from "pngjs";
import { expect, test, type Page } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { AXE_VERSION, axeViolations } from "./axe";

const SLUG = "chengyang-rule-of-law";
const ARTICLE_ZH = `/zh/reports/${SLUG}`;
const ARTICLE_EN = `/en/reports/${SLUG}`;
const SECTION_ZH = `${ARTICLE_ZH}/oversight`;
const BILINGUAL_ZH = `${ARTICLE_ZH}/bilingual`;
const WIDTHS = [360, 1280];

/** Records, at the first frame that shows body text, its computed size and line height, and what <html> says. */
async function recordFirstFrame(page: Page) {
  await page.addInitScript(() => {
    const look = () => {
      const paragraph = document.querySelector("main p");
      if (!paragraph) return requestAnimationFrame(look);
      const style = getComputedStyle(paragraph);
      (window as unknown as { __firstFrame: unknown }).__firstFrame = {
        fontSize: parseFloat(style.fontSize),
        lineHeight: parseFloat(style.lineHeight),
        mode: document.documentElement.getAttribute("data-reading-mode"),
        hydrated: Boolean(document.querySelector(".copy-link:not(.is-pending), .read-aloud:not(.is-pending)")),
      };
    };
    requestAnimationFrame(look);
  });
}

async function firstFrame(page: Page) {
  await expect.poll(() => page.evaluate(() => Boolean((window as unknown as { __firstFrame?: unknown }).__firstFrame))).toBe(true);
  return page.evaluate(() => (window as unknown as { __firstFrame: { fontSize: number; lineHeight: number; mode: string | null; hydrated: boolean } }).__firstFrame);
}

const bodyText = (page: Page) =>
  page.locator("main .section-body p").first().evaluate((p) => {
    const style = getComputedStyle(p);
    return { fontSize: parseFloat(style.fontSize), lineHeight: parseFloat(style.lineHeight) };
  });

/** Every visible control smaller than 48×48 (links inside running text are exempt, as in WCAG 2.5.5). */
const smallTargets = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("a, button, summary, input:not([type=hidden]), textarea, select")]
      .filter((el) => el.checkVisibility({ visibilityProperty: true }) && !el.closest(".section-body p, .article-lede p, .bilingual-pairs p"))
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.width < 47.5 || box.height < 47.5))
      .map(({ el, box }) => `${el.tagName.toLowerCase()} "${(el.textContent ?? "").trim().slice(0, 20)}" ${Math.round(box.width)}×${Math.round(box.height)}`),
  );

const sidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test.describe("长辈模式 / large-text mode", () => {
  for (const width of WIDTHS) {
    test(`at ${width} px: 24 px text, 1.5 line height, 48 px targets, 7:1 contrast, nothing sideways; remembered on the next page with no flash`, async ({ page }) => {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(ARTICLE_ZH);
      const before = await bodyText(page);
      expect(before.fontSize).toBeLessThan(24);
      const toggle = page.getByRole("button", { name: "长辈模式" });
      await expect(toggle).toHaveAttribute("aria-pressed", "false");
      await toggle.click();
      await expect(toggle).toHaveAttribute("aria-pressed", "true");

      const large = await bodyText(page);
      expect(large.fontSize).toBeGreaterThanOrEqual(24);
      expect(large.lineHeight / large.fontSize).toBeGreaterThanOrEqual(1.5);
      expect(await smallTargets(page)).toEqual([]);
      expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
      // Non-essential chrome steps back.
      await expect(page.getByRole("navigation", { name: "我的位置" })).toBeHidden();
      expect(await axeViolations(page, { enhancedContrast: true })).toEqual([]);

      // The next page opens in the mode already: its very first frame shows large text.
      await recordFirstFrame(page);
      await page.goto(SECTION_ZH);
      const first = await firstFrame(page);
      expect(first.mode).toBe("large");
      expect(first.fontSize).toBeGreaterThanOrEqual(24);
      expect(first.lineHeight / first.fontSize).toBeGreaterThanOrEqual(1.5);
      await expect(page.getByRole("button", { name: "长辈模式" })).toHaveAttribute("aria-pressed", "true");
      expect(await smallTargets(page)).toEqual([]);
      expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);

      // And in the other language, on the other page kinds.
      for (const path of [ARTICLE_EN, BILINGUAL_ZH, "/en"]) {
        await page.goto(path);
        expect(await firstFrame(page)).toMatchObject({ mode: "large" });
        expect(await sidewaysScroll(page), path).toBeLessThanOrEqual(0);
        expect(await smallTargets(page), path).toEqual([]);
      }

      // Turned off, it stays off.
      await page.getByRole("button", { name: "Large text" }).click();
      await page.goto(ARTICLE_ZH);
      expect((await firstFrame(page)).mode).toBeNull();
      expect((await bodyText(page)).fontSize).toBeCloseTo(before.fontSize, 1);
    });
  }

  test("without JavaScript the controls are hidden (they could not work) and the page reads normally", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 800 } });
    const page = await context.newPage();
    await page.goto(ARTICLE_ZH);
    await expect(page.getByRole("button", { name: "长辈模式" })).toBeHidden();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await context.close();
  });
});

test.describe("字号 / text size", () => {
  for (const width of WIDTHS) {
    test(`at ${width} px: 小/中/大 change the text at once and on every next page`, async ({ page }) => {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(ARTICLE_ZH);
      const normal = (await bodyText(page)).fontSize;
      const sizes = page.getByRole("group", { name: "字号" });
      await expect(sizes.getByRole("button", { name: "中" })).toHaveAttribute("aria-pressed", "true");

      await sizes.getByRole("button", { name: "大" }).click();
      await expect(sizes.getByRole("button", { name: "大" })).toHaveAttribute("aria-pressed", "true");
      const larger = (await bodyText(page)).fontSize;
      expect(larger).toBeGreaterThan(normal * 1.1);
      expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);

      await recordFirstFrame(page);
      await page.goto(SECTION_ZH);
      expect((await firstFrame(page)).fontSize).toBeCloseTo(larger, 1);
      await expect(page.getByRole("group", { name: "字号" }).getByRole("button", { name: "大" })).toHaveAttribute("aria-pressed", "true");

      await page.getByRole("group", { name: "字号" }).getByRole("button", { name: "小" }).click();
      await page.goto(ARTICLE_EN);
      const smaller = (await firstFrame(page)).fontSize;
      expect(smaller).toBeLessThan(normal * 0.95);
      await expect(page.getByRole("group", { name: "Text size" }).getByRole("button", { name: "Small" })).toHaveAttribute("aria-pressed", "true");
    });
  }
});

/** Speech synthesis that speaks nothing and records every utterance; `finish()` ends the current one. */
async function stubSpeech(page: Page, { available = true } = {}) {
  await page.addInitScript((available: boolean) => {
    if (!available) {
      Object.defineProperty(window, "speechSynthesis", { value: undefined, configurable: true });
      return;
    }
    type Utterance = { text: string; lang: string; voice: { name: string } | null; onstart?: () => void; onend?: () => void; onerror?: (e: { error: string }) => void };
    const spoken: { text: string; lang: string; voice: string | null }[] = [];
    let current: Utterance | null = null;
    const synth = {
      speaking: false,
      paused: false,
      pending: false,
      getVoices: () => [
        { lang: "en-US", name: "English voice", localService: true },
        { lang: "zh-CN", name: "中文语音", localService: true },
      ],
      speak(u: Utterance) {
        spoken.push({ text: u.text, lang: u.lang, voice: u.voice?.name ?? null });
        current = u;
        synth.speaking = true;
        setTimeout(() => u.onstart?.(), 0);
      },
      pause: () => void (synth.paused = true),
      resume: () => void (synth.paused = false),
      cancel() {
        const u = current;
        current = null;
        synth.speaking = false;
        synth.paused = false;
        if (u) setTimeout(() => u.onerror?.({ error: "interrupted" }), 0);
      },
      addEventListener() {},
      removeEventListener() {},
    };
    Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
    (window as unknown as Record<string, unknown>).SpeechSynthesisUtterance = class {
      lang = "";
      voice = null;
      constructor(public text: string) {}
    };
    (window as unknown as Record<string, unknown>).__speech = {
      spoken,
      synth,
      finish() {
        const u = current;
        current = null;
        synth.speaking = false;
        u?.onend?.();
      },
    };
  }, available);
}

type Spoken = { text: string; lang: string; voice: string | null };
const spoken = (page: Page) => page.evaluate(() => (window as unknown as { __speech: { spoken: Spoken[] } }).__speech.spoken);
const finishUtterance = (page: Page) => page.evaluate(() => (window as unknown as { __speech: { finish: () => void } }).__speech.finish());

test.describe("朗读本节 / Listen", () => {
  test("reads one section in Chinese with a zh-CN voice, highlighting and following each paragraph; pause, resume, stop", async ({ page }) => {
    await stubSpeech(page);
    await page.setViewportSize({ width: 360, height: 640 });
    await page.goto(ARTICLE_ZH);
    const section = page.locator('section[data-section-id="oversight"]');
    const paragraphs = section.locator(".section-body > p");
    await section.getByRole("button", { name: "朗读本节" }).click();

    await expect.poll(() => spoken(page)).toHaveLength(1);
    expect((await spoken(page))[0]).toEqual({ text: "行政权力制约监督科学有效", lang: "zh-CN", voice: "中文语音" });
    await finishUtterance(page);
    await expect.poll(() => spoken(page)).toHaveLength(2);
    expect((await spoken(page))[1]!.text).toBe((await paragraphs.nth(0).innerText()).replace(/\s+/g, " ").trim());
    await expect(paragraphs.nth(0)).toHaveClass(/reading-aloud/);
    await finishUtterance(page);
    await expect(paragraphs.nth(1)).toHaveClass(/reading-aloud/);
    await expect(paragraphs.nth(0)).not.toHaveClass(/reading-aloud/);
    await expect(paragraphs.nth(1)).toBeInViewport();

    await section.getByRole("button", { name: "暂停" }).click();
    expect(await page.evaluate(() => (window as unknown as { __speech: { synth: { paused: boolean } } }).__speech.synth.paused)).toBe(true);
    await section.getByRole("button", { name: "继续" }).click();
    expect(await page.evaluate(() => (window as unknown as { __speech: { synth: { paused: boolean } } }).__speech.synth.paused)).toBe(false);
    await section.getByRole("button", { name: "停止" }).click();
    await expect(section.locator(".reading-aloud")).toHaveCount(0);
    await expect(section.getByRole("button", { name: "朗读本节" })).toBeVisible();
    // Only this section was read: nothing from the next one.
    const next = await page.locator('section[data-section-id="dispute-resolution"] .section-body > p').first().innerText();
    expect((await spoken(page)).map((s) => s.text)).not.toContain(next.trim());
    expect(new Set((await spoken(page)).map((s) => s.lang))).toEqual(new Set(["zh-CN"]));
  });

  test("reads an English page in English", async ({ page }) => {
    await stubSpeech(page);
    await page.goto(ARTICLE_EN);
    await page.locator('section[data-section-id="functions"]').getByRole("button", { name: "Listen" }).click();
    await expect.poll(() => spoken(page)).toHaveLength(1);
    await finishUtterance(page);
    await expect.poll(() => spoken(page)).toHaveLength(2);
    for (const utterance of await spoken(page)) expect(utterance).toMatchObject({ lang: "en-US", voice: "English voice" });
    expect((await spoken(page))[1]!.text).toMatch(/^[\x20-\x7e\u2018-\u201d\u2013\u2014]+$/);
  });

  test("in 中英对照 the reader chooses the language, and only that language is read", async ({ page }) => {
    await stubSpeech(page);
    await page.goto(BILINGUAL_ZH);
    const section = page.locator('section[data-section-id="oversight"]');
    await section.getByRole("button", { name: "朗读英文" }).click();
    await expect.poll(() => spoken(page)).toHaveLength(1);
    await finishUtterance(page);
    await expect.poll(() => spoken(page)).toHaveLength(2);
    const english = await spoken(page);
    expect(english.map((s) => s.lang)).toEqual(["en-US", "en-US"]);
    expect(english[0]!.text).toBe(await section.locator(".bilingual-heading-en").innerText());
    expect(english[1]!.text).toBe((await section.locator(".bilingual-en").first().innerText()).replace(/\s+/g, " ").trim());
    await expect(section.locator(".bilingual-en > p").first()).toHaveClass(/reading-aloud/);

    await section.getByRole("button", { name: "停止" }).click();
    await section.getByRole("button", { name: "朗读中文" }).click();
    await expect.poll(async () => (await spoken(page)).length).toBe(3);
    expect((await spoken(page))[2]).toMatchObject({ text: await section.locator(".bilingual-heading-zh").innerText(), lang: "zh-CN" });
  });

  test("starting another section stops the first", async ({ page }) => {
    await stubSpeech(page);
    await page.goto(ARTICLE_ZH);
    await page.locator('section[data-section-id="functions"]').getByRole("button", { name: "朗读本节" }).click();
    await expect.poll(() => spoken(page)).toHaveLength(1);
    await page.locator('section[data-section-id="leadership"]').getByRole("button", { name: "朗读本节" }).click();
    await expect.poll(() => spoken(page)).toHaveLength(2);
    await expect(page.locator('section[data-section-id="functions"]').getByRole("button", { name: "朗读本节" })).toBeVisible();
    await finishUtterance(page);
    await expect(page.locator('section[data-section-id="leadership"] .section-body > *').first()).toHaveClass(/reading-aloud/);
    await expect(page.locator('section[data-section-id="functions"] .reading-aloud')).toHaveCount(0);
  });

  test("no button where the browser has no speech synthesis", async ({ page }) => {
    await stubSpeech(page, { available: false });
    await page.goto(ARTICLE_ZH);
    await expect(page.locator(".copy-link:not(.is-pending)").first()).toBeVisible();
    await expect(page.getByRole("button", { name: "朗读本节" })).toHaveCount(0);
    await expect(page.locator(".read-aloud")).toHaveCount(0);
  });
});

/** Screenshots the QR image as Chromium draws it and decodes it with jsQR. */
async function decodeQr(page: Page, image: ReturnType<Page["locator"]>): Promise<string | undefined> {
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const png = PNG.sync.read(await image.screenshot());
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

test.describe("分享到微信 / QR codes", () => {
  test.use({ javaScriptEnabled: false });

  test("each section's QR code opens that section's own URL, without JavaScript", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(ARTICLE_ZH);
    for (const id of ["oversight", "leadership"]) {
      const section = page.locator(`section[data-section-id="${id}"]`);
      await section.getByText("分享到微信").click();
      await expect(section.getByText("扫一扫在手机打开本节")).toBeVisible();
      expect(await decodeQr(page, section.getByRole("img"))).toBe(`${baseURL}/zh/reports/${SLUG}/${id}`);
    }
  });

  test("the article offers one for the whole report, and a section page one for itself, in English too", async ({ page }) => {
    await page.goto(ARTICLE_EN);
    await page.getByText("Share this report").click();
    await expect(page.getByText("Scan to open this report on a phone")).toBeVisible();
    expect(await decodeQr(page, page.locator(".share-qr-report img"))).toBe(`${baseURL}/en/reports/${SLUG}`);

    await page.goto(`${ARTICLE_EN}/oversight`);
    await page.getByText("Share", { exact: true }).click();
    expect(await decodeQr(page, page.locator(".share-qr-section img"))).toBe(`${baseURL}/en/reports/${SLUG}/oversight`);
  });
});

test("no QR image is fetched until the reader asks for one (with JavaScript; without it browsers load lazy images eagerly)", async ({ page }) => {
  const requested: string[] = [];
  page.on("request", (request) => void (request.url().endsWith("/qr.svg") && requested.push(request.url())));
  await page.goto(ARTICLE_ZH);
  await page.waitForLoadState("load");
  await page.mouse.wheel(0, 3000);
  await page.waitForTimeout(500);
  expect(requested).toEqual([]);
  await page.locator('section[data-section-id="oversight"]').getByText("分享到微信").click();
  await expect.poll(() => requested).toEqual([`${baseURL}${ARTICLE_ZH}/oversight/qr.svg`]);
});

test.describe("axe with the latest axe-core in every mode", () => {
  const MODES: { name: string; storage: Record<string, string> }[] = [
    { name: "standard", storage: {} },
    { name: "字号 小", storage: { "text-size": "small" } },
    { name: "字号 大", storage: { "text-size": "large" } },
    { name: "长辈模式", storage: { "reading-mode": "large" } },
    { name: "长辈模式 + 大", storage: { "reading-mode": "large", "text-size": "large" } },
  ];
  const PAGES = ["/zh", "/en", ARTICLE_ZH, ARTICLE_EN, SECTION_ZH, `${ARTICLE_EN}/oversight`, BILINGUAL_ZH, `/en/reports/${SLUG}/bilingual`];

  test(`axe-core ${AXE_VERSION} is the one in use`, () => {
    expect(Number(AXE_VERSION.split(".")[1])).toBeGreaterThanOrEqual(14);
  });

  for (const mode of MODES) {
    test(`no violations in ${mode.name}`, async ({ page }) => {
      test.setTimeout(120_000);
      await page.addInitScript((storage: Record<string, string>) => {
        for (const [key, value] of Object.entries(storage)) localStorage.setItem(key, value);
      }, mode.storage);
      const large = "reading-mode" in mode.storage;
      for (const path of PAGES) {
        await page.goto(path);
        await expect(page.locator(".is-pending")).toHaveCount(0);
        // Open one QR code, so its panel is checked too.
        const share = page.locator(".share-qr > summary");
        if (await share.count()) await share.first().click();
        expect(await axeViolations(page, { enhancedContrast: large }), `${mode.name} ${path}`).toEqual([]);
      }
    });
  }
});

test.describe("fixes", () => {
  test("the skip link leaves nothing on screen at 1280 px until it is focused", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto("/zh");
    const skip = page.getByRole("link", { name: "跳到正文" });
    expect((await skip.boundingBox())!.y + (await skip.boundingBox())!.height).toBeLessThanOrEqual(0);
    await page.keyboard.press("Tab");
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport({ ratio: 1 });
  });

  test("this site's date is labelled as this site's; the source carries none", async ({ page }) => {
    await page.goto(ARTICLE_ZH);
    await expect(page.locator(".article-dates")).toHaveText(/^本站发布于 2026年11月26日/);
    await expect(page.locator(".article-meta")).toHaveText(/来源:青岛财经日报/);
    await expect(page.locator(".article-meta time")).toHaveCount(0);
  });

  test("the home screen manifest names the site in the page's language", async ({ page, request }) => {
    for (const [lang, name] of [["zh", "阳光城阳新闻"], ["en", "Sunshine Chengyang News"]] as const) {
      await page.goto(`/${lang}`);
      const href = await page.locator('link[rel="manifest"]').getAttribute("href");
      const manifest = await (await request.get(href!)).json();
      expect(manifest).toMatchObject({ name, start_url: `/${lang}`, theme_color: "#9f1d20" });
      for (const icon of manifest.icons as { src: string }[]) expect((await request.get(icon.src)).status()).toBe(200);
      await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute("content", "#9f1d20");
    }
  });
});

test.describe("from outside: the new public URLs", () => {
  test("QR codes and manifests exist only for real pages: hostile or unknown paths get 404, never a QR of the attacker's text", async ({ request }) => {
    for (const path of [
      `/zh/reports/${SLUG}/no-such-section/qr.svg`,
      `/zh/reports/${SLUG}/%3Cscript%3Ealert(1)%3C%2Fscript%3E/qr.svg`,
      `/zh/reports/${"a".repeat(3000)}/qr.svg`,
      `/fr/reports/${SLUG}/qr.svg`,
      `/zh/reports/..%2f..%2fetc%2fpasswd/qr.svg`,
      `/zh/reports/no-such-report/bilingual/qr.svg`,
      "/fr/manifest.webmanifest",
      "/zh/manifest.webmanifest/extra",
    ]) {
      const response = await request.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(404);
    }
  });

  test("a QR code is served as an image that cannot be sniffed into a page, whatever the query string", async ({ request }) => {
    const response = await request.get(`/zh/reports/${SLUG}/oversight/qr.svg?url=https://evil.example&<svg onload=alert(1)>`);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/^image\/svg\+xml/);
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    const body = await response.text();
    expect(body).not.toMatch(/evil|onload|<script/i);
  });
});

test.describe("comment widget loads on approach", () => {
  test("the article starts with a link to the comments page; the widget arrives when the reader nears it", async ({ page }) => {
    await page.goto(ARTICLE_ZH);
    const comments = page.locator("#comments");
    await expect(comments.getByRole("link", { name: "打开评论页,阅读和发表评论" })).toHaveAttribute("href", `${ARTICLE_ZH}/comments`);
    await expect(page.locator("textarea")).toHaveCount(0);
    await comments.scrollIntoViewIfNeeded();
    await expect(comments.getByLabel("评论内容")).toBeVisible();
  });

  test("a link to #comments (the home page's count) opens the widget at once", async ({ page }) => {
    await page.goto(`${ARTICLE_ZH}#comments`);
    await expect(page.locator("#comments").getByLabel("评论内容")).toBeAttached();
  });
});
