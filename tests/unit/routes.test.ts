import { describe, expect, it } from "vitest";
import { reportPath, sectionAnchor, switchLanguagePath } from "@/lib/routes";

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
