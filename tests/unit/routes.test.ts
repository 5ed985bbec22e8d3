import { describe, expect, it } from "vitest";
import { bilingualPath, readingModeLinks, reportPath, sectionAnchor, switchLanguagePath } from "@/lib/routes";

describe("switchLanguagePath", () => {
  it("keeps the page and the section when switching language", () => {
    expect(switchLanguagePath("/zh/reports/chengyang-rule-of-law", "en")).toBe("/en/reports/chengyang-rule-of-law");
    expect(switchLanguagePath("/en/reports/x#oversight", "zh")).toBe("/zh/reports/x#oversight");
    expect(switchLanguagePath("/en", "zh")).toBe("/zh");
  });

  it("sends paths outside a language to the other home page", () => {
    expect(switchLanguagePath("/", "en")).toBe("/en");
    expect(switchLanguagePath("/english/x", "zh")).toBe("/zh");
  });

  it("builds report and section URLs", () => {
    expect(reportPath("zh", "a")).toBe("/zh/reports/a");
    expect(sectionAnchor("en", "a", "oversight")).toBe("/en/reports/a#oversight");
  });
});

describe("readingModeLinks: the 中文 · English · 中英对照 toggle", () => {
  /** mode → href, with the current mode marked by a leading "*". */
  const targets = (pathname: string) =>
    Object.fromEntries(readingModeLinks(pathname).map((link) => [link.mode, `${link.current ? "*" : ""}${link.href}`]));

  it("builds the bilingual URL with the interface language first", () => {
    expect(bilingualPath("zh", "s")).toBe("/zh/reports/s/bilingual");
    expect(bilingualPath("en", "s")).toBe("/en/reports/s/bilingual");
  });

  it("offers both languages and the bilingual page of the same report from an article", () => {
    expect(targets("/zh/reports/s")).toEqual({ zh: "*/zh/reports/s", en: "/en/reports/s", bilingual: "/zh/reports/s/bilingual" });
    expect(targets("/en/reports/s")).toEqual({ zh: "/zh/reports/s", en: "*/en/reports/s", bilingual: "/en/reports/s/bilingual" });
  });

  it("keeps a section URL's section in every mode", () => {
    expect(targets("/zh/reports/s/oversight")).toEqual({
      zh: "*/zh/reports/s/oversight",
      en: "/en/reports/s/oversight",
      bilingual: "/zh/reports/s/bilingual#oversight",
    });
  });

  it("leads from the bilingual page back to each language's article, marking bilingual as current", () => {
    expect(targets("/en/reports/s/bilingual")).toEqual({ zh: "/zh/reports/s", en: "/en/reports/s", bilingual: "*/en/reports/s/bilingual" });
  });

  it("lets the section in view be carried (#id) only to whole-report pages", () => {
    const carries = (pathname: string) => Object.fromEntries(readingModeLinks(pathname).map((link) => [link.mode, link.carriesSection]));
    expect(carries("/zh/reports/s")).toEqual({ zh: true, en: true, bilingual: true });
    expect(carries("/zh/reports/s/bilingual")).toEqual({ zh: true, en: true, bilingual: true });
    expect(carries("/zh/reports/s/oversight")).toEqual({ zh: false, en: false, bilingual: true });
  });

  // A report without English hides its 中英对照 link by a marker on its pages (browser test in editorial.spec.ts).
  it("offers no bilingual mode outside reports", () => {
    expect(targets("/en")).toEqual({ zh: "/zh", en: "*/en" });
  });

  it("treats a report's comments page as a page, not a section", () => {
    expect(targets("/zh/reports/s/comments")).toEqual({ zh: "*/zh/reports/s/comments", en: "/en/reports/s/comments", bilingual: "/zh/reports/s/bilingual" });
  });
});
