// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { currentSectionId, decodeFragment } from "@/components/current-section-id";

describe("reading the section from the URL fragment", () => {
  afterEach(() => {
    window.location.hash = "";
    document.body.innerHTML = "";
  });

  it("decodes what it can and keeps the rest as it is, never throwing", () => {
    expect(decodeFragment("%E7%9B%91%E7%9D%A3")).toBe("监督");
    expect(decodeFragment("%")).toBe("%");
    expect(decodeFragment("%E4%B8")).toBe("%E4%B8");
    expect(decodeFragment("100%25")).toBe("100%");
  });

  it("survives a malformed fragment such as #% or #%E4%B8 in the address bar", () => {
    document.body.innerHTML = `<section data-section-id="oversight"></section>`;
    for (const hash of ["#%", "#%E4%B8", "#%%%"]) {
      window.location.hash = hash;
      expect(() => currentSectionId()).not.toThrow();
    }
  });
});
