// @vitest-environment jsdom
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CommentCount } from "@/components/comments/comment-count";
import { COMMENT_COUNT_SCRIPT } from "@/lib/comments/comment-count-script";
import type { Lang } from "@/lib/i18n/languages";

/** A list page's count links as the server renders them, then the script run over them with `answer` as the API. */
async function run(lang: Lang, slugs: string[], answer: (url: string) => Promise<Response>) {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.body.innerHTML = slugs.map((slug) => `<p>${renderToStaticMarkup(<CommentCount lang={lang} slug={slug} />)}</p>`).join("");
  const fetch = vi.fn(answer);
  vi.stubGlobal("fetch", fetch);
  new Function(COMMENT_COUNT_SCRIPT)();
  await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
  await new Promise((resolve) => setTimeout(resolve, 0));
  const links = [...document.querySelectorAll<HTMLAnchorElement>("a.comment-count")];
  return { fetch, links, shown: links.map((a) => (a.hidden ? null : a.textContent)) };
}
const json = (body: unknown, status = 200) => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }));

afterEach(() => vi.unstubAllGlobals());

describe("comment counts on a list page, without React", () => {
  it("is a hidden link to the report's comments until its number arrives, and stays so without JavaScript", () => {
    const html = renderToStaticMarkup(<CommentCount lang="en" slug="chengyang-rule-of-law" />);
    expect(html).toContain('href="/en/reports/chengyang-rule-of-law#comments"');
    expect(html).toContain("hidden");
    expect(html).not.toMatch(/>\s*\d/);
  });

  it("fills each link with its count in the page's language and plural form, in one request", async () => {
    const en = await run("en", ["a", "b", "c", "a"], () => json({ counts: { a: 1, b: 3, c: 0 } }));
    expect(en.shown).toEqual(["1 comment", "3 comments", "0 comments", "1 comment"]);
    expect(en.fetch).toHaveBeenCalledTimes(1);
    expect(en.fetch.mock.calls[0]![0]).toBe("/api/comment-counts?slugs=a,b,c");
    const zh = await run("zh", ["a", "b"], () => json({ counts: { a: 1, b: 12 } }));
    expect(zh.shown).toEqual(["1条评论", "12条评论"]);
  });

  it("asks for at most 100 reports a request, as the API allows", async () => {
    const slugs = Array.from({ length: 150 }, (_, i) => `r${i}`);
    const { fetch, shown } = await run("en", slugs, (url) => json({ counts: Object.fromEntries(new URL(url, "http://x").searchParams.get("slugs")!.split(",").map((s) => [s, 2])) }));
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(fetch.mock.calls.map(([url]) => new URL(url, "http://x").searchParams.get("slugs")!.split(",").length)).toEqual([100, 50]);
    await vi.waitFor(() => expect(document.querySelectorAll("a.comment-count:not([hidden])")).toHaveLength(150));
    expect(shown.length).toBe(150);
  });

  it("leaves the links hidden when the API fails, refuses, or answers without a number", async () => {
    expect((await run("en", ["a"], () => Promise.reject(new TypeError("offline")))).shown).toEqual([null]);
    expect((await run("en", ["a"], () => json({ error: { code: "comments_unavailable" } }, 503))).shown).toEqual([null]);
    expect((await run("en", ["a", "b"], () => json({ counts: { a: "<b>9</b>", b: null } }))).shown).toEqual([null, null]);
    expect((await run("en", ["a"], () => Promise.resolve(new Response("<html>", { status: 200 })))).shown).toEqual([null]);
  });

  it("puts the number in as text: nothing in an answer becomes markup", async () => {
    const { links } = await run("en", ["a"], () => json({ counts: { a: 5, "<img src=x onerror=alert(1)>": 1 } }));
    expect(links[0]!.textContent).toBe("5 comments");
    expect(document.querySelector("img")).toBeNull();
  });
});
