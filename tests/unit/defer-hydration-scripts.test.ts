// @vitest-environment jsdom
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
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

/** A report page: marked to hydrate on demand, with the comments placeholder as its trigger (or without one), and Next's React data and body script. */
function reportPage(body: string): string {
  return PAGE.replace("/_next/static/chunks/a.js", "/_next/static/chunks/d.js").replace(
    '<body><p>正文</p><script>self.__next_f.push([1,"x"])</script>',
    `<body><article data-hydrate="on-demand"><p>正文</p>${body}</article>` +
      '<script>(self.__next_f=self.__next_f||[]).push([0])</script><script nonce="abc">self.__next_f.push([1,"1:\\"$Sreact.fragment\\"\\n"])</script>' +
      '<script src="/_next/static/chunks/d.js" nonce="abc" async=""></script><script>self.__next_f.push([1,"2:[\\u003cb\\u003e)\\n"])</script>',
  );
}
const TRIGGER = '<section id="comments" data-hydrate-trigger="#comment"><a href="/zh/reports/x/comments">评论</a></section>';

/** Window listeners of earlier loaders, removed after each test so that they hear no later test's events. */
const windowListeners: [string, EventListenerOrEventListenerObject][] = [];
const addWindowListener = window.addEventListener.bind(window);
afterEach(() => {
  for (const [type, listener] of windowListeners.splice(0)) window.removeEventListener(type, listener);
  delete (window as unknown as { __next_f?: unknown[] }).__next_f;
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** Runs a page's loader in jsdom with a stubbed IntersectionObserver; returns what it added and how to drive it. */
function runLoader(html: string, { hash = "" } = {}) {
  const loader = /<script>(\(function\(s\)[\s\S]*?)<\/script>/.exec(html)![1]!;
  const observed: { callback: IntersectionObserverCallback; targets: Element[]; disconnected: boolean }[] = [];
  vi.stubGlobal(
    "IntersectionObserver",
    class {
      entry: (typeof observed)[number];
      constructor(callback: IntersectionObserverCallback) {
        this.entry = { callback, targets: [], disconnected: false };
        observed.push(this.entry);
      }
      observe(target: Element) {
        this.entry.targets.push(target);
      }
      disconnect() {
        this.entry.disconnected = true;
      }
    },
  );
  vi.spyOn(window, "requestAnimationFrame").mockImplementation((callback) => (callback(0), 0));
  vi.spyOn(window, "addEventListener").mockImplementation((type: string, listener: EventListenerOrEventListenerObject) => {
    windowListeners.push([type, listener]);
    addWindowListener(type, listener);
  });
  Object.defineProperty(document, "readyState", { value: "interactive", configurable: true });
  history.replaceState(null, "", `/zh/reports/x${hash}`);
  document.head.innerHTML = "";
  document.body.innerHTML = html.slice(html.indexOf("<body>") + 6, html.indexOf("</body>"));
  new Function(loader)();
  const added = () => [...document.head.querySelectorAll("script")].map((s) => s.getAttribute("src"));
  const intersect = (isIntersecting: boolean) => {
    for (const o of observed) o.callback(o.targets.map((target) => ({ target, isIntersecting }) as IntersectionObserverEntry), {} as IntersectionObserver);
  };
  return { added, observed, intersect };
}

describe("deferHydrationScripts on a page that hydrates on demand", () => {
  it("loads nothing during the page load: not after the first frame, not while the comments are far away", async () => {
    const { added, observed, intersect } = runLoader(deferHydrationScripts(reportPage(TRIGGER)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(added()).toEqual([]);
    expect(observed).toHaveLength(1);
    expect(observed[0]!.targets.map((t) => t.id)).toEqual(["comments"]);
    intersect(false);
    expect(added()).toEqual([]);
  });

  it("loads Next's scripts, in order and once, when the reader nears the comments", () => {
    const { added, observed, intersect } = runLoader(deferHydrationScripts(reportPage(TRIGGER)));
    intersect(true);
    intersect(true);
    expect(added()).toEqual(["/_next/static/chunks/b.js", "/_next/static/chunks/c.js", "/_next/static/chunks/d.js"]);
    expect(observed[0]!.disconnected).toBe(true);
  });

  it("loads them at once for a link to the comments or to one comment, and when focus moves into them", () => {
    expect(runLoader(deferHydrationScripts(reportPage(TRIGGER)), { hash: "#comments" }).added()).toHaveLength(3);
    expect(runLoader(deferHydrationScripts(reportPage(TRIGGER)), { hash: "#comment-42" }).added()).toHaveLength(3);
    const { added } = runLoader(deferHydrationScripts(reportPage(TRIGGER)), { hash: "#oversight" });
    expect(added()).toEqual([]);
    document.querySelector("#comments a")!.dispatchEvent(new FocusEvent("focusin", { bubbles: true }));
    expect(added()).toHaveLength(3);
  });

  it("loads them when the reader follows a link to the comments later", () => {
    const { added } = runLoader(deferHydrationScripts(reportPage(TRIGGER)));
    history.replaceState(null, "", "/zh/reports/x#comments");
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    expect(added()).toHaveLength(3);
  });

  it("hands Next its React data, in order, before adding the scripts (the body's too)", () => {
    const html = deferHydrationScripts(reportPage(TRIGGER));
    expect(html).not.toContain("self.__next_f.push(");
    expect(html).not.toContain('<script src="/_next/static/chunks/d.js"');
    expect(html).not.toContain('<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/a.js"');
    const { added, intersect } = runLoader(html);
    expect((window as unknown as { __next_f?: unknown[] }).__next_f).toBeUndefined();
    intersect(true);
    expect((window as unknown as { __next_f: unknown[] }).__next_f).toEqual([[0], [1, '1:"$Sreact.fragment"\n'], [1, "2:[<b>)\n"]]);
    expect(added()).toEqual(["/_next/static/chunks/b.js", "/_next/static/chunks/c.js", "/_next/static/chunks/d.js"]);
  });

  it("never boots React on a page with nothing that needs it (a section, 中英对照, a list): no loader, no scripts, no React data", () => {
    const html = deferHydrationScripts(reportPage(""));
    for (const gone of ["_next/static/chunks/b.js", "_next/static/chunks/d.js", "__next_f", "next-flight-data", "IntersectionObserver", 'rel="preload" as="script"']) {
      expect(html, gone).not.toContain(gone);
    }
    // Everything else stays: the page's own inline scripts, the noModule fallback, the text.
    for (const kept of ["<script>(function(){})()</script>", '<script src="/_next/static/chunks/p.js" noModule=""></script>', "<p>正文</p>"]) expect(html).toContain(kept);
    expect(html.length).toBeLessThan(reportPage("").length);
  });

  it("serves a page whose React data is not as Next writes it the usual way, never half-moved", () => {
    for (const odd of ['<script>self.__next_f.push([1,"x"]+alert(1))</script>', '<script>self.__next_f.push([1,"</script>"])</script>']) {
      const page = reportPage(TRIGGER).replace("</article>", `</article>${odd}`);
      const html = deferHydrationScripts(page);
      expect(html).toContain("requestAnimationFrame");
      expect(html).not.toContain("next-flight-data");
      expect(html).toContain('self.__next_f.push([1,"1:');
    }
  });

  it("only a marker in the page's body counts, and the loader stays an inline script the policy hashes", () => {
    const loaderOf = (page: string) => /<script>(\(function\(s\)[\s\S]*?)<\/script>/.exec(deferHydrationScripts(page))![1]!;
    const inHead = PAGE.replace("<title>t</title>", '<title>data-hydrate="on-demand"</title>');
    expect(loaderOf(inHead)).toBe(loaderOf(PAGE));
    expect(loaderOf(reportPage(TRIGGER))).not.toBe(loaderOf(PAGE));
    const html = deferHydrationScripts(reportPage(TRIGGER));
    const loader = loaderOf(reportPage(TRIGGER));
    expect(inlineScriptHashes(html)).toContain(`'sha256-${createHash("sha256").update(loader, "utf8").digest("base64")}'`);
  });
});
