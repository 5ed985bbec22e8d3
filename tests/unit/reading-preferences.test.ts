// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { pickVoice, readableBlocks } from "@/lib/reading/read-aloud";
import { READING_CONTROLS_SCRIPT } from "@/lib/reading/reading-controls-script";
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

/** The header's buttons as the server renders them (defaults pressed), then their script, as the page runs it. */
function renderControls() {
  document.body.innerHTML = `
    <button type="button" data-size-option="small" aria-pressed="false">小</button>
    <button type="button" data-size-option="normal" aria-pressed="true">中</button>
    <button type="button" data-size-option="large" aria-pressed="false">大</button>
    <button type="button" data-mode-toggle="" aria-pressed="false">长辈模式</button>`;
  new Function(READING_CONTROLS_SCRIPT)();
  const button = (selector: string) => document.querySelector<HTMLButtonElement>(selector)!;
  return { small: button('[data-size-option="small"]'), normal: button('[data-size-option="normal"]'), large: button('[data-size-option="large"]'), mode: button("[data-mode-toggle]") };
}
const pressed = (button: HTMLButtonElement) => button.getAttribute("aria-pressed");

describe("reading controls (字号, 长辈模式)", () => {
  it("a choice applies at once, shows as pressed, and is what the next page's script reads", () => {
    const controls = renderControls();
    controls.small.click();
    controls.mode.click();
    expect(root().getAttribute("data-reading-mode")).toBe("large");
    expect(root().getAttribute("data-text-size")).toBe("small");
    expect([pressed(controls.small), pressed(controls.normal), pressed(controls.large), pressed(controls.mode)]).toEqual(["true", "false", "false", "true"]);
    for (const name of ["data-reading-mode", "data-text-size"]) root().removeAttribute(name);
    runScript();
    expect(root().getAttribute("data-reading-mode")).toBe("large");
    expect(root().getAttribute("data-text-size")).toBe("small");
  });

  it("shows the remembered choice as pressed when the page opens", () => {
    localStorage.setItem("reading-mode", "large");
    localStorage.setItem("text-size", "large");
    runScript();
    const controls = renderControls();
    expect([pressed(controls.small), pressed(controls.normal), pressed(controls.large), pressed(controls.mode)]).toEqual(["false", "false", "true", "true"]);
  });

  it("going back to the defaults removes the attributes", () => {
    const controls = renderControls();
    controls.large.click();
    controls.mode.click();
    controls.normal.click();
    controls.mode.click();
    expect(root().hasAttribute("data-reading-mode")).toBe(false);
    expect(root().hasAttribute("data-text-size")).toBe(false);
    expect(parsePreferences({ mode: localStorage.getItem("reading-mode"), size: localStorage.getItem("text-size") })).toEqual({ mode: "standard", size: "normal" });
  });

  it("still changes the page when storage is blocked", () => {
    vi.spyOn(Storage.prototype, "setItem").mockImplementation(() => {
      throw new DOMException("blocked", "SecurityError");
    });
    const controls = renderControls();
    expect(() => controls.mode.click()).not.toThrow();
    expect(root().getAttribute("data-reading-mode")).toBe("large");
  });

  it("works for buttons parsed after it (it runs in <head>), and running it twice does not toggle twice", () => {
    new Function(READING_CONTROLS_SCRIPT)();
    document.body.innerHTML = '<button type="button" data-mode-toggle="" aria-pressed="false">长辈模式</button>';
    new Function(READING_CONTROLS_SCRIPT)();
    document.querySelector<HTMLButtonElement>("[data-mode-toggle]")!.click();
    expect(root().getAttribute("data-reading-mode")).toBe("large");
    expect(localStorage.getItem("reading-mode")).toBe("large");
  });

  it("is plain ES5 a CSP hash can pin", () => {
    expect(READING_CONTROLS_SCRIPT).not.toMatch(/\$\{|=>|\blet\b|\bconst\b|<\/script/i);
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
