// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { useTemporaryContentCache } from "../temporary-content-cache";
import { searchPageHtml } from "@/lib/search/search-page-html";
import { parseSearchQuery } from "@/lib/search/search-query";
import { SEARCH_SLOT } from "@/lib/search/search-slot";
import { searchSite } from "@/lib/search/site-search";
import { searchPageBytes, searchPageDocument, splitShell, type SearchShell } from "@/lib/server/search-page-handler";

/** The search page's per-request part, over the real content (the Chengyang report), with an index of this run's own. */
useTemporaryContentCache("search-page-");

const page = (lang: "zh" | "en", q: string, p = 1) => {
  const query = parseSearchQuery(q);
  return searchPageHtml(lang, query, searchSite(lang, query, p));
};

/** What a reader's browser would parse: the slot's HTML in a document. */
const parse = (html: string) => new DOMParser().parseFromString(`<!doctype html><body>${html}`, "text/html");

describe("the search page's results HTML", () => {
  it("lists sections with the match marked, each linking straight to its section", () => {
    const doc = parse(page("zh", "调解"));
    expect(doc.querySelector('[role="status"]')!.textContent).toContain("“调解”的搜索结果");
    const first = doc.querySelector(".search-result")!;
    expect(first.querySelector("mark")!.textContent).toBe("调解");
    expect(first.querySelector("a")!.getAttribute("href")).toMatch(/^\/zh\/reports\/chengyang-rule-of-law#[a-z0-9-]+$/);
    expect(first.querySelector(".search-result-snippet")!.getAttribute("lang")).toBe("zh-CN");
    expect((doc.querySelector("#search-page-q") as HTMLInputElement).value).toBe("调解");
  });

  it("shows what the reader typed as text only: markup, quotes and attribute breakers never become elements or attributes", () => {
    for (const q of ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' autofocus onfocus='alert(1)", "&lt;b&gt; & 法治"]) {
      const html = page("en", q);
      expect(html, q).not.toMatch(/<script|<img/i);
      const doc = parse(html);
      expect(doc.querySelectorAll("script, img, [onerror], [onfocus], [autofocus]").length, q).toBe(0);
      expect((doc.querySelector("#search-page-q") as HTMLInputElement).value, q).toBe(parseSearchQuery(q).text);
      expect(doc.querySelectorAll("input").length, q).toBe(1);
      expect(doc.querySelector('[role="status"]')!.textContent, q).toContain(parseSearchQuery(q).text);
    }
  });

  it("says what to do for an empty query, no results, a query too long or with control characters", () => {
    expect(parse(page("en", "")).querySelector('[role="status"]')!.textContent).toMatch(/Type a word to search for/);
    expect(parse(page("en", "xylophonequartz")).querySelector('[role="status"]')!.textContent).toBe("No reports contain “xylophonequartz”. Try another word, or check the spelling.");
    expect(parse(page("zh", "法".repeat(3000))).body.textContent).toContain("搜索词太长");
    expect(parse(page("en", "law\u0000\u202E")).body.textContent).toContain("cannot be read");
  });

  it("counts in the reader's language, singular and plural", () => {
    const query = parseSearchQuery("law");
    const found = searchSite("en", query, 1);
    const one = { ...found, results: found.results.slice(0, 1), total: 1, pageCount: 1 };
    expect(parse(searchPageHtml("en", query, one)).querySelector('[role="status"]')!.textContent).toBe("1 result for “law”");
    expect(parse(searchPageHtml("en", query, { ...one, total: 7 })).querySelector('[role="status"]')!.textContent).toBe("7 results for “law”");
    expect(parse(searchPageHtml("en", query, { ...one, total: 1000 })).querySelector('[role="status"]')!.textContent).toBe("999+ results for “law”");
    expect(parse(searchPageHtml("en", query, one)).querySelector(".search-result-section")!.textContent).toMatch(/^(In: .+|Introduction)$/);
  });

  it("pages through many results with plain links keeping the query", () => {
    // One report has too few sections for two pages: its results, as page 2 of 5 of a larger archive.
    const query = parseSearchQuery("law");
    const found = { ...searchSite("en", query, 1), page: 2, pageCount: 5 };
    const nav = parse(searchPageHtml("en", query, found)).querySelector("nav.pagination")!;
    expect(nav.querySelector(".pagination-status")!.textContent).toBe("Page 2 of 5");
    expect(nav.querySelector('[aria-current="page"]')!.textContent).toBe("2");
    expect(nav.querySelector('a[rel="prev"]')!.getAttribute("href")).toBe("/en/search?q=law");
    expect(nav.querySelector('a[rel="next"]')!.getAttribute("href")).toBe("/en/search?q=law&page=3");
    expect([...nav.querySelectorAll("li")].map((li) => li.textContent)).toEqual(["Previous page", "1", "2", "3", "4", "5", "Next page"]);
  });
});

describe("the search page's shell", () => {
  const shell: SearchShell = { ...splitShell(`<html><body><header></header><main>${SEARCH_SLOT.html}</main><script>x</script></body></html>`), contentSecurityPolicy: "", vary: "" };

  it("puts one query's results into the slot and keeps the rest of the page as built", () => {
    const html = searchPageDocument(shell, "zh", new URLSearchParams(`q=${encodeURIComponent("调解")}&q=other&page=2`));
    expect(html.startsWith(`<html><body><header></header><main>${SEARCH_SLOT.open}<h1`)).toBe(true);
    expect(html.endsWith(`</div></main><script>x</script></body></html>`)).toBe(true);
    expect(parse(html).querySelector("#search-page-q")!.getAttribute("value")).toBe("调解");
    expect(searchPageBytes(shell, "zh", new URLSearchParams(`q=${encodeURIComponent("调解")}`)).toString("utf8")).toBe(html);
  });

  it("refuses a shell without exactly one empty slot (a changed page), rather than serve a page without results", () => {
    expect(() => splitShell("<html><body><main></main></body></html>")).toThrow(/slot/);
    expect(() => splitShell(`${SEARCH_SLOT.html}${SEARCH_SLOT.html}`)).toThrow(/slot/);
  });
});

describe("the search page in the server entry, attacked from outside", () => {
  it("fills the results however a client forges the header the entry fetches its own shell with", async () => {
    const http = await import("node:http");
    const { searchPageHandler } = await import("@/lib/server/search-page-handler");
    const handler = searchPageHandler({ dev: false });
    // Stands in for Next: whatever reaches it gets the empty shell.
    const server = http.createServer(async (req, res) => {
      if (await handler(req, res)) return;
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.setHeader("Content-Security-Policy", "script-src 'self'");
      res.end(`<!DOCTYPE html><html><body><header>site</header>${SEARCH_SLOT.html}<footer>site</footer></body></html>`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      for (const forged of ["", "x", "00000000-0000-0000-0000-000000000000", "a".repeat(4_000)]) {
        const response = await fetch(`http://127.0.0.1:${port}/zh/search?q=${encodeURIComponent("法治")}`, { headers: { "x-search-shell": forged } });
        expect(response.status).toBe(200);
        const html = await response.text();
        // Results in the slot, never the bare shell that Next would have served.
        expect(html).toContain("<mark>");
        expect(html).not.toContain(SEARCH_SLOT.html);
      }
    } finally {
      server.close();
    }
  });
});
