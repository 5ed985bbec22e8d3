// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { pickVoice, readableBlocks } from "@/lib/reading/read-aloud";
import { applyPreferences, readPreferences } from "@/lib/reading/apply-reading-preferences";
import { parsePreferences } from "@/lib/reading/reading-preferences";
import { READING_PREFERENCES_SCRIPT } from "@/lib/reading/reading-preferences-script";

/** Runs the pre-paint script as the browser does: plain text, no module scope. */
function runScript() {
  new Function(READING_PREFERENCES_SCRIPT)();
}

const root = () => document.documentElement;

afterEach(() => {
  localStorage.clear();
  for (const name of ["data-js", "data-reading-mode", "data-text-size"]) root().removeAttribute(name);
  vi.restoreAllMocks();
});

describe("pre-paint script", () => {
  it("applies a remembered 长辈模式 and 字号 to <html>", () => {
    localStorage.setItem("reading-mode", "large");
    localStorage.setItem("text-size", "large");
    runScript();
    expect(root().getAttribute("data-reading-mode")).toBe("large");
    expect(root().getAttribute("data-text-size")).toBe("large");
    expect(root().hasAttribute("data-js")).toBe(true);
  });

  it("ignores tampered values instead of writing them into the page", () => {
    localStorage.setItem("reading-mode", '"><img src=x onerror=alert(1)>');
    localStorage.setItem("text-size", "huge");
    runScript();
    expect(root().hasAttribute("data-reading-mode")).toBe(false);
    expect(root().hasAttribute("data-text-size")).toBe(false);
  });

  it("never throws when storage is blocked, and still marks scripts as running", () => {
    vi.spyOn(Storage.prototype, "getItem").mockImplementation(() => {
      throw new DOMException("blocked", "SecurityError");
    });
    expect(runScript).not.toThrow();
    expect(root().hasAttribute("data-js")).toBe(true);
  });

  it("is one small ES5 statement a CSP hash can pin (no template holes left, no arrow functions)", () => {
    expect(READING_PREFERENCES_SCRIPT).not.toMatch(/\$\{|=>|\blet\b|\bconst\b|<\/script/i);
    expect(READING_PREFERENCES_SCRIPT.length).toBeLessThan(400);
  });
});

describe("reading preferences", () => {
  it("a choice applies at once and is what the next page's script reads", () => {
    applyPreferences({ mode: "large", size: "small" });
    expect(root().getAttribute("data-reading-mode")).toBe("large");
    expect(root().getAttribute("data-text-size")).toBe("small");
    for (const name of ["data-reading-mode", "data-text-size"]) root().removeAttribute(name);
    runScript();
    expect(root().getAttribute("data-reading-mode")).toBe("large");
    expect(readPreferences()).toEqual({ mode: "large", size: "small" });
  });

  it("going back to the defaults removes the attributes", () => {
    applyPreferences({ mode: "large", size: "large" });
    applyPreferences({ mode: "standard", size: "normal" });
    expect(root().hasAttribute("data-reading-mode")).toBe(false);
    expect(root().hasAttribute("data-text-size")).toBe(false);
  });

  it("unknown stored values fall back to the defaults", () => {
    expect(parsePreferences({ mode: "LARGE", size: null })).toEqual({ mode: "standard", size: "normal" });
  });
});

describe("read-aloud helpers", () => {
  const voices = [
    { lang: "en-GB", name: "British" },
    { lang: "zh_TW", name: "Taiwan" },
    { lang: "zh-CN", name: "Mainland", localService: false },
    { lang: "zh-CN", name: "Mainland local", localService: true },
    { lang: "en-US", name: "American" },
  ];

  it("chooses a zh-CN voice for Chinese (a local one first) and an English one for English", () => {
    expect(pickVoice(voices, "zh")?.name).toBe("Mainland local");
    expect(pickVoice(voices, "en")?.name).toBe("American");
    expect(pickVoice([{ lang: "en-GB" }], "en")?.lang).toBe("en-GB");
    expect(pickVoice([{ lang: "en-GB" }], "zh")).toBeUndefined();
  });

  it("reads blocks with text, whitespace collapsed, and skips empty ones", () => {
    document.body.innerHTML = "<p>一是\n  加强</p><p>   </p><ul><li>甲</li></ul>";
    expect(readableBlocks([...document.body.children]).map((b) => b.text)).toEqual(["一是 加强", "甲"]);
  });
});
