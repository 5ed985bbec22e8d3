import { describe, expect, it } from "vitest";
import { negotiateLanguage } from "@/lib/i18n/negotiate-language";

describe("negotiateLanguage (where / sends a reader)", () => {
  it("honours a remembered choice over the browser's languages", () => {
    expect(negotiateLanguage("en", "zh-CN,zh;q=0.9")).toBe("en");
    expect(negotiateLanguage("zh", "en-US,en;q=0.9")).toBe("zh");
  });

  it("follows Accept-Language by quality when nothing is remembered", () => {
    expect(negotiateLanguage(undefined, "en-GB,en;q=0.9")).toBe("en");
    expect(negotiateLanguage(undefined, "fr-FR,fr;q=0.9,en;q=0.5,zh;q=0.8")).toBe("zh");
    expect(negotiateLanguage(undefined, "zh-TW")).toBe("zh");
  });

  it("falls back to Chinese for unknown or missing preferences and a bad cookie", () => {
    expect(negotiateLanguage(undefined, null)).toBe("zh");
    expect(negotiateLanguage("fr", "de-DE")).toBe("zh");
    expect(negotiateLanguage(undefined, "en;q=0, *;q=1")).toBe("zh");
    expect(negotiateLanguage(undefined, ";;;,,q=abc")).toBe("zh");
  });
});
