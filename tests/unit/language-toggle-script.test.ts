// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { LANGUAGE_TOGGLE_SCRIPT } from "@/lib/i18n/language-toggle-script";

/** A page with sections on screen and the toggle's link to English, and the toggle's script as the page runs it. */
function page(ids: string[]) {
  document.body.innerHTML = `<a href="/en/reports/x" data-carries-section="/en/reports/x">English</a>`;
  ids.forEach((id, i) => {
    const section = document.createElement("section");
    section.dataset.sectionId = id;
    section.getBoundingClientRect = () => ({ top: 100 + i * 100, bottom: 180 + i * 100 }) as DOMRect;
    document.body.append(section);
  });
  new Function(LANGUAGE_TOGGLE_SCRIPT)();
  return () => document.querySelector("a")!.getAttribute("href");
}

describe("reading the section from the URL fragment", () => {
  const errors: unknown[] = [];
  window.addEventListener("error", (event) => errors.push(event.error));

  afterEach(() => {
    window.location.hash = "";
    document.body.innerHTML = "";
    errors.length = 0;
  });

  it("decodes what it can and keeps the rest as it is, never throwing", () => {
    const href = page(["监督", "%", "%E4%B8", "100%"]);
    for (const [hash, id] of [["%E7%9B%91%E7%9D%A3", "监督"], ["%", "%"], ["%E4%B8", "%E4%B8"], ["100%25", "100%"]] as const) {
      window.location.hash = hash;
      window.dispatchEvent(new HashChangeEvent("hashchange"));
      expect(href(), hash).toBe(`/en/reports/x#${id}`);
    }
    expect(errors).toEqual([]);
  });

  it("survives a malformed fragment such as #% or #%E4%B8 in the address bar", () => {
    const href = page(["oversight"]);
    for (const hash of ["#%", "#%E4%B8", "#%%%"]) {
      window.location.hash = hash;
      window.dispatchEvent(new Event("scroll"));
      expect(href()).toBe("/en/reports/x");
    }
    expect(errors).toEqual([]);
  });
});
