// @vitest-environment jsdom
import { describe, expect, it, vi } from "vitest";
import { deferHydrationScripts } from "@/lib/server/defer-hydration-scripts";
import { inlineScriptHashes } from "@/lib/server/content-security-policy";

const PAGE =
  '<!DOCTYPE html><html lang="zh-CN"><head><meta charSet="utf-8"/><style>p{}</style>' +
  '<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/a.js"/>' +
  '<script src="/_next/static/chunks/b.js" async=""></script><script src="/_next/static/chunks/c.js" async="" nonce="abc"></script>' +
  '<title>t</title><script>(function(){})()</script><script src="/_next/static/chunks/p.js" noModule=""></script></head>' +
  '<body><p>正文</p><script>self.__next_f.push([1,"x"])</script></body></html>';

describe("deferHydrationScripts", () => {
  it("replaces Next's head scripts by one loader in their place, and leaves everything else as it was", () => {
    const html = deferHydrationScripts(PAGE);
    expect(html).not.toContain('<script src="/_next/static/chunks/b.js"');
    expect(html).not.toContain('<script src="/_next/static/chunks/c.js"');
    expect(html).toContain('["/_next/static/chunks/b.js","/_next/static/chunks/c.js"]');
    // The preload, the noModule fallback, other inline scripts and the body are untouched.
    for (const kept of ['<link rel="preload" as="script"', '<script src="/_next/static/chunks/p.js" noModule=""></script>', "<script>(function(){})()</script>", '<body><p>正文</p><script>self.__next_f.push([1,"x"])</script></body>']) {
      expect(html).toContain(kept);
    }
    expect(html.indexOf("<title>")).toBeGreaterThan(html.indexOf("/_next/static/chunks/c.js"));
    // The loader is an inline script like the others: the page's policy allows it by hash.
    expect(inlineScriptHashes(html)).toHaveLength(inlineScriptHashes(PAGE).length + 1);
  });

  it("the loader adds the same scripts, in order, after the document is parsed and a frame is drawn", async () => {
    const html = deferHydrationScripts(PAGE);
    const loader = /<script>(\(function\(s\)[\s\S]*?)<\/script>/.exec(html)![1]!;
    const frames: FrameRequestCallback[] = [];
    vi.spyOn(window, "requestAnimationFrame").mockImplementation((callback) => frames.push(callback));
    Object.defineProperty(document, "readyState", { value: "loading", configurable: true });
    document.head.innerHTML = "";
    new Function(loader)();
    const added = () => [...document.head.querySelectorAll("script")].map((s) => s.getAttribute("src"));
    expect(added()).toEqual([]);
    document.dispatchEvent(new Event("DOMContentLoaded"));
    expect(added()).toEqual([]);
    expect(frames).toHaveLength(1);
    frames[0]!(0);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(added()).toEqual(["/_next/static/chunks/b.js", "/_next/static/chunks/c.js"]);
    expect([...document.head.querySelectorAll("script")].every((s) => s.async)).toBe(true);
  });

  it("leaves pages without Next's scripts, and scripts from anywhere else, as they are", () => {
    const foreign = '<html><head><script src="https://cdn.example/x.js" async=""></script><script src="/_next/static/a.js?x=1&quot;onload=&quot;" async=""></script></head><body></body></html>';
    expect(deferHydrationScripts(foreign)).toBe(foreign);
    expect(deferHydrationScripts("<p>no head</p>")).toBe("<p>no head</p>");
    const inBody = '<html><head></head><body><script src="/_next/static/chunks/b.js" async=""></script></body></html>';
    expect(deferHydrationScripts(inBody)).toBe(inBody);
  });
});
