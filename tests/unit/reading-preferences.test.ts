// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Lang } from "@/lib/i18n/languages";
import { READ_ALOUD_SCRIPT, readAloudMarkup, SPEECH_FLAG_SCRIPT } from "@/lib/reading/read-aloud-script";
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

type Voice = { lang: string; name?: string; localService?: boolean };
type Utterance = { text: string; lang: string; voice: Voice | null; onstart?: () => void; onend?: () => void; onerror?: (e: { error: string }) => void };

const LABELS = { listen: "朗读本节", listenZh: "朗读中文", listenEn: "朗读英文", pause: "暂停", resume: "继续", stop: "停止" };

/**
 * A fresh document with sections as the pages render them, and the read-aloud
 * script run on it as the browser runs it, with speech synthesis that speaks
 * nothing and records every utterance (`finish()` ends the current one).
 */
function readAloudPage(sections: { id: string; languages: Lang[]; heading: string; body: Partial<Record<Lang, string>> }[], { voices = [] as Voice[], available = true } = {}) {
  // A document of its own (an iframe's), so each page's script and listeners start afresh.
  const frame = document.createElement("iframe");
  document.body.append(frame);
  const doc = frame.contentDocument!;
  doc.body.innerHTML = sections
    .map(
      ({ id, languages, heading, body }) =>
        `<section data-section-id="${id}" data-read-aloud=""><h2>${heading}</h2><span data-read-aloud-slot="">${readAloudMarkup(languages, LABELS)}</span>` +
        languages.map((lang) => `<div data-read-aloud-text="${lang}">${body[lang] ?? ""}</div>`).join("") +
        `</section>`,
    )
    .join("");
  const spoken: Utterance[] = [];
  let current: Utterance | null = null;
  const synth = {
    paused: false,
    getVoices: () => voices,
    speak(u: Utterance) {
      spoken.push(u);
      current = u;
      u.onstart?.();
    },
    pause: () => void (synth.paused = true),
    resume: () => void (synth.paused = false),
    cancel() {
      const u = current;
      current = null;
      u?.onerror?.({ error: "interrupted" });
    },
  };
  const listeners: Record<string, () => void> = {};
  const win = {
    speechSynthesis: available ? synth : undefined,
    SpeechSynthesisUtterance: class {
      lang = "";
      voice = null;
      constructor(public text: string) {}
    },
    innerHeight: 800,
    matchMedia: () => ({ matches: false }),
    // Clicks are heard on the frame's own window (the script listens there); other events are recorded.
    addEventListener: (type: string, listener: () => void, capture?: boolean) =>
      type === "click" ? frame.contentWindow!.addEventListener(type, listener, capture) : void (listeners[type] = listener),
  };
  // As the page runs them: the flag in <head>, the controls' script once the page is parsed.
  new Function("window", "document", SPEECH_FLAG_SCRIPT)(win, doc);
  new Function("window", "document", READ_ALOUD_SCRIPT)(win, doc);
  doc.dispatchEvent(new (frame.contentWindow as unknown as typeof globalThis).Event("DOMContentLoaded"));
  const section = (id: string) => doc.querySelector(`[data-section-id="${id}"]`)!;
  const button = (id: string, name: string) => [...section(id).querySelectorAll("button")].find((b) => b.textContent === name)!;
  const visible = (id: string) => [...section(id).querySelectorAll("button")].filter((b) => !b.hidden).map((b) => b.textContent);
  const finish = () => {
    const u = current;
    current = null;
    u?.onend?.();
  };
  return { doc, spoken, synth, listeners, section, button, visible, finish };
}

describe("read-aloud (朗读本节)", () => {
  const voices = [
    { lang: "en-GB", name: "British" },
    { lang: "zh_TW", name: "Taiwan" },
    { lang: "zh-CN", name: "Mainland", localService: false },
    { lang: "zh-CN", name: "Mainland local", localService: true },
    { lang: "en-US", name: "American" },
  ];
  const oneSection = (lang: Lang, options: Parameters<typeof readAloudPage>[1]) =>
    readAloudPage([{ id: "a", languages: [lang], heading: "标题", body: { [lang]: "<p>一</p>" } }], options);

  it("chooses a zh-CN voice for Chinese (a local one first) and an English one for English", () => {
    const zh = oneSection("zh", { voices });
    zh.button("a", "朗读本节").click();
    expect(zh.spoken[0]).toMatchObject({ lang: "zh-CN", voice: { name: "Mainland local" } });
    const en = oneSection("en", { voices });
    en.button("a", "朗读本节").click();
    expect(en.spoken[0]).toMatchObject({ lang: "en-US", voice: { name: "American" } });
    const british = oneSection("en", { voices: [{ lang: "en-GB" }] });
    british.button("a", "朗读本节").click();
    expect(british.spoken[0]!.voice?.lang).toBe("en-GB");
    // No Chinese voice at all: the browser chooses by the utterance's language.
    const none = oneSection("zh", { voices: [{ lang: "en-GB" }] });
    none.button("a", "朗读本节").click();
    expect(none.spoken[0]).toMatchObject({ lang: "zh-CN", voice: null });
  });

  it("reads the heading, then blocks with text, whitespace collapsed, and skips empty ones", () => {
    const page = readAloudPage([{ id: "a", languages: ["zh"], heading: "标题", body: { zh: "<p>一是\n  加强</p><p>   </p><ul><li>甲</li></ul>" } }]);
    page.button("a", "朗读本节").click();
    page.finish();
    page.finish();
    expect(page.spoken.map((u) => u.text)).toEqual(["标题", "一是 加强", "甲"]);
  });

  it("highlights the block being read; pause, resume and stop show in turn and keep focus in the controls", () => {
    const page = readAloudPage([{ id: "a", languages: ["zh"], heading: "标题", body: { zh: "<p>一</p><p>二</p>" } }]);
    expect(page.visible("a")).toEqual(["朗读本节"]);
    page.button("a", "朗读本节").focus();
    page.button("a", "朗读本节").click();
    expect(page.visible("a")).toEqual(["暂停", "停止"]);
    expect(page.doc.activeElement?.textContent).toBe("暂停");
    page.finish();
    expect(page.section("a").querySelector("p")!.classList.contains("reading-aloud")).toBe(true);
    page.button("a", "暂停").click();
    expect([page.synth.paused, page.visible("a")]).toEqual([true, ["继续", "停止"]]);
    expect(page.doc.activeElement?.textContent).toBe("继续");
    page.button("a", "继续").click();
    expect([page.synth.paused, page.visible("a")]).toEqual([false, ["暂停", "停止"]]);
    page.button("a", "停止").click();
    expect(page.visible("a")).toEqual(["朗读本节"]);
    expect(page.section("a").querySelectorAll(".reading-aloud")).toHaveLength(0);
    // Reading to the end also returns to the start button.
    page.button("a", "朗读本节").click();
    page.finish();
    page.finish();
    page.finish();
    expect(page.visible("a")).toEqual(["朗读本节"]);
  });

  it("in 中英对照 reads only the chosen language, heading included; starting another section stops the first", () => {
    const pair = { zh: "<p>中文段落</p>", en: "<p>English paragraph</p>" };
    const heading = '<span lang="zh-CN">标题</span> <span lang="en">Title</span>';
    const page = readAloudPage([
      { id: "a", languages: ["zh", "en"], heading, body: pair },
      { id: "b", languages: ["zh", "en"], heading, body: pair },
    ]);
    page.button("a", "朗读英文").click();
    page.finish();
    expect(page.spoken.map((u) => [u.text, u.lang])).toEqual([
      ["Title", "en-US"],
      ["English paragraph", "en-US"],
    ]);
    page.button("b", "朗读中文").click();
    expect(page.visible("a")).toEqual(["朗读中文", "朗读英文"]);
    expect(page.visible("b")).toEqual(["暂停", "停止"]);
    expect(page.spoken.at(-1)).toMatchObject({ text: "标题", lang: "zh-CN" });
  });

  it("leaving the page stops the reading", () => {
    const page = oneSection("zh", {});
    page.button("a", "朗读本节").click();
    page.listeners.pagehide!();
    expect(page.visible("a")).toEqual(["朗读本节"]);
  });

  it("offers nothing where the browser cannot speak", () => {
    const page = oneSection("zh", { available: false });
    expect(page.doc.querySelectorAll(".read-aloud, button")).toHaveLength(0);
    expect(page.doc.documentElement.hasAttribute("data-speech")).toBe(false);
    expect(oneSection("zh", {}).doc.documentElement.hasAttribute("data-speech")).toBe(true);
  });

  it("writes its labels as text, and is plain ES5 a CSP hash can pin", () => {
    const markup = readAloudMarkup(["zh"], { ...LABELS, listen: '<b x="1">&' });
    expect(markup).toContain(">&#60;b x=&#34;1&#34;&#62;&#38;</button>");
    expect(markup).not.toContain("<b ");
    expect(SPEECH_FLAG_SCRIPT).not.toMatch(/\$\{|=>|\blet\b|\bconst\b|<\/script/i);
    expect(READ_ALOUD_SCRIPT).not.toMatch(/\$\{|=>|\blet\b|\bconst\b|<\/script/i);
  });
});
