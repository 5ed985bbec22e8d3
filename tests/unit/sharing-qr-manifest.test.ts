import fs from "node:fs";
import jsQR from "jsqr";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { LANGUAGES } from "@/lib/i18n/languages";
import { qrCodeSvg } from "@/lib/sharing/qr-code-svg";
import { THEME_COLOR, webAppManifest } from "@/lib/seo/web-app-manifest";

/** Rasterizes an SVG and reads it back with a real QR decoder. */
async function decode(svg: string): Promise<string | undefined> {
  const { data, info } = await sharp(Buffer.from(svg), { density: 300 }).resize(400, 400).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data;
}

describe("QR codes", () => {
  it("decode back to the exact URL, long section URLs and non-ASCII paths included", async () => {
    for (const url of [
      "https://news.example.org/zh/reports/chengyang-rule-of-law/oversight",
      "https://news.example.org/en/reports/chengyang-rule-of-law/dispute-resolution",
      "https://新闻.example.org/zh/reports/a-very-long-slug-that-editors-might-write-for-a-long-report/leadership",
    ]) {
      expect(await decode(await qrCodeSvg(url))).toBe(url);
    }
  });

  it("are plain SVG with no script, link or outside reference", async () => {
    const svg = await qrCodeSvg("https://news.example.org/zh");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).not.toMatch(/<script|href|url\(|on\w+=/i);
  });
});

describe("web app manifest", () => {
  it("names the site in each language, opens that language's home, and carries the theme colour", () => {
    expect(webAppManifest("zh")).toMatchObject({ name: "阳光城阳新闻", short_name: "阳光城阳", lang: "zh-CN", start_url: "/zh", theme_color: THEME_COLOR });
    expect(webAppManifest("en")).toMatchObject({ name: "Sunshine Chengyang News", short_name: "Sunshine Chengyang", lang: "en", start_url: "/en" });
    // Home-screen launchers truncate past about 12 Latin characters / 6 Chinese ones.
    expect([...webAppManifest("zh").short_name].length).toBeLessThanOrEqual(6);
  });

  it("lists icons that exist in public/ at the sizes it claims, including a maskable one", async () => {
    for (const lang of LANGUAGES) {
      const { icons } = webAppManifest(lang);
      expect(icons.some((icon) => icon.purpose === "maskable")).toBe(true);
      for (const icon of icons) {
        const file = `public${icon.src}`;
        expect(fs.existsSync(file), file).toBe(true);
        const { width, height, format } = await sharp(file).metadata();
        expect(`${width}x${height}`).toBe(icon.sizes);
        expect(`image/${format}`).toBe(icon.type);
      }
    }
  });
});
