// @vitest-environment jsdom
import fs from "node:fs";
import path from "node:path";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CommentView } from "@/components/comments/comment-view";
import { CommentsSection } from "@/components/comments/comments-section";
import { I18nProvider } from "@/components/i18n-provider";
import type { ApiComment, CommentListResponse } from "@/lib/comments/comment-api-types";

const SLUG = "chengyang-rule-of-law";

function comment(id: string, text: string, extra: Partial<ApiComment> = {}): ApiComment {
  return { id, nickname: null, text, createdAt: new Date(Date.now() - 3 * 60_000).toISOString(), likes: 0, replies: [], replyCount: extra.replies?.length ?? 0, ...extra };
}

function page(comments: ApiComment[], extra: Partial<CommentListResponse> = {}): CommentListResponse {
  return { comments, total: comments.length, participants: comments.length, page: 1, pageSize: 10, hasMore: false, ...extra };
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  fetchMock = vi.fn();
  vi.stubGlobal("fetch", fetchMock);
  window.localStorage.clear();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderSection(lang: "zh" | "en" = "zh") {
  return render(
    <I18nProvider lang={lang}>
      <CommentsSection lang={lang} slug={SLUG} />
    </I18nProvider>,
  );
}

describe("CommentsSection", () => {
  it("invites the first comment when there is none", async () => {
    fetchMock.mockImplementation(async () => json(page([])));
    renderSection();
    expect(await screen.findByText("还没有评论,快来抢沙发吧!")).toBeTruthy();
    expect(screen.getByText("0人参与,0条评论")).toBeTruthy();
    expect(screen.getByRole("heading", { name: "评论一下" })).toBeTruthy();
    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual([`/api/reports/${SLUG}/comments?sort=hot&page=1`, `/api/reports/${SLUG}/comments?sort=new&page=1`]);
  });

  it("shows both lists with nickname, anonymous name, relative time and line breaks", async () => {
    const items = [comment("2", "第一行\n第二行", { nickname: "城阳读者" }), comment("1", "匿名的话")];
    fetchMock.mockImplementation(async () => json(page(items, { participants: 2, total: 2 })));
    renderSection();
    const newest = await screen.findByRole("region", { name: "最新评论" });
    const hottest = screen.getByRole("region", { name: "最热评论" });
    for (const region of [newest, hottest]) {
      expect(within(region).getByText("城阳读者")).toBeTruthy();
      expect(within(region).getByText("匿名网友")).toBeTruthy();
      expect(within(region).getAllByText("3分钟前")[0]!.tagName).toBe("TIME");
      expect(within(region).getByText((_, el) => el?.tagName === "P" && el.textContent === "第一行\n第二行")).toBeTruthy();
    }
    expect(screen.getByText("2人参与,2条评论")).toBeTruthy();
  });

  it("posts a comment, shows it at once and clears the box", async () => {
    fetchMock.mockImplementation(async (url: string, init?: RequestInit) => {
      if (init?.method === "POST") return json({ comment: comment("9", JSON.parse(String(init.body)).text, { createdAt: new Date().toISOString() }) }, 201);
      return json(page([comment("1", "old")]));
    });
    renderSection();
    await screen.findByRole("region", { name: "最新评论" });
    fireEvent.change(screen.getByLabelText("评论内容"), { target: { value: "新评论" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "发表评论" })));
    const newest = screen.getByRole("region", { name: "最新评论" });
    await waitFor(() => expect(within(newest).getByText("新评论")).toBeTruthy());
    expect(within(newest).getAllByRole("article")[0]!.textContent).toContain("新评论");
    expect((screen.getByLabelText("评论内容") as HTMLTextAreaElement).value).toBe("");
    const post = fetchMock.mock.calls.find(([, init]) => init?.method === "POST")!;
    expect(JSON.parse(post[1].body)).toEqual({ nickname: "", text: "新评论", website: "" });
  });

  it("opens a long thread with View all N replies, page by page, and says when that fails", async () => {
    const replies = Array.from({ length: 4 }, (_, i) => comment(`r${i}`, `reply ${i}`));
    const thread = comment("1", "busy thread", { replies: replies.slice(0, 3), replyCount: 4 });
    let failReplies = true;
    fetchMock.mockImplementation(async (url: string) => {
      if (url.includes("/replies")) {
        if (failReplies) return json({ error: { code: "comments_unavailable", message: "down" } }, 503, { "retry-after": "10" });
        const pageNo = Number(new URL(url, "http://x").searchParams.get("page"));
        return json({ replies: pageNo === 1 ? replies.slice(0, 2) : replies.slice(2), replyCount: 4, page: pageNo, pageSize: 2, hasMore: pageNo === 1 });
      }
      return json(page([thread], { total: 5 }));
    });
    renderSection("en");
    const newest = await screen.findByRole("region", { name: "Newest" });
    const shown = () => within(newest).getAllByText(/^reply \d$/).map((el) => el.textContent);
    expect(shown()).toEqual(["reply 0", "reply 1", "reply 2"]);
    await act(async () => fireEvent.click(within(newest).getByRole("button", { name: "View all 4 replies" })));
    expect(await screen.findByText("Comments are unavailable right now. Please try again in a little while; your text is still here.")).toBeTruthy();
    failReplies = false;
    await act(async () => fireEvent.click(within(newest).getByRole("button", { name: "View all 4 replies" })));
    await act(async () => fireEvent.click(await within(newest).findByRole("button", { name: "More replies" })));
    await waitFor(() => expect(shown()).toEqual(["reply 0", "reply 1", "reply 2", "reply 3"]));
    expect(within(newest).queryByRole("button", { name: /More replies|View all/ })).toBeNull();
    expect(fetchMock.mock.calls.map(([url]) => url)).toContain("/api/comments/1/replies?page=2");
  });

  it("says the comment awaits review under pre-moderation", async () => {
    fetchMock.mockImplementation(async (_url: string, init?: RequestInit) => (init?.method === "POST" ? json({ status: "pending" }, 202) : json(page([]))));
    renderSection();
    await screen.findByText("还没有评论,快来抢沙发吧!");
    fireEvent.change(screen.getByLabelText("评论内容"), { target: { value: "待审" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "发表评论" })));
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("提交成功,审核通过后显示"));
  });

  it("shows the newsroom's official reply with its badge in place of a name", async () => {
    const reply = comment("2", "感谢关注,数据来自法院年度报告。", { official: true });
    fetchMock.mockImplementation(async () => json(page([comment("1", "数据出处?", { replies: [reply], replyCount: 1 })], { total: 2 })));
    renderSection();
    const newest = await screen.findByRole("region", { name: "最新评论" });
    const replyArticle = within(newest).getByText("感谢关注,数据来自法院年度报告。").closest("article")!;
    expect(within(replyArticle).getByText("官方回复").tagName).toBe("STRONG");
    expect(within(replyArticle).queryByText("匿名网友")).toBeNull();
  });

  it("says comments are closed, without a form or reply buttons, when the list says so", async () => {
    fetchMock.mockImplementation(async () => json(page([comment("1", "旧评论")], { closed: true })));
    renderSection("en");
    expect(await screen.findByText("Comments on this report are closed")).toBeTruthy();
    expect(screen.queryByLabelText("Your comment")).toBeNull();
    expect(screen.queryByRole("button", { name: /^Reply/ })).toBeNull();
  });

  it("tells a banned reader why the post was refused", async () => {
    fetchMock.mockImplementation(async (_url: string, init?: RequestInit) => (init?.method === "POST" ? json({ error: { code: "reader_banned", message: "banned" } }, 403) : json(page([]))));
    renderSection();
    await screen.findByText("还没有评论,快来抢沙发吧!");
    fireEvent.change(screen.getByLabelText("评论内容"), { target: { value: "还想说" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "发表评论" })));
    expect(await screen.findByText("你已被暂停发表评论和点赞。")).toBeTruthy();
  });

  it("turns error codes into localized messages and keeps the text", async () => {
    let answer = json({ error: { code: "rate_limited", message: "Too many" } }, 429, { "retry-after": "42" });
    fetchMock.mockImplementation(async (_url: string, init?: RequestInit) => (init?.method === "POST" ? answer : json(page([]))));
    renderSection("en");
    await screen.findByText("No comments yet. Be the first!");
    const box = screen.getByLabelText("Your comment") as HTMLTextAreaElement;
    fireEvent.change(box, { target: { value: "keep me" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Post comment" })));
    expect(await screen.findByText("Too many attempts. Please try again in 42 seconds.")).toBeTruthy();
    expect(box.value).toBe("keep me");

    answer = new Response("<html>Bad gateway</html>", { status: 502 });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Post comment" })));
    expect(await screen.findByText("Something went wrong on our side. Please try again later; your text is still here.")).toBeTruthy();
    expect(box.value).toBe("keep me");

    fetchMock.mockImplementation(async (_url: string, init?: RequestInit) => {
      if (init?.method === "POST") throw new TypeError("Failed to fetch");
      return json(page([]));
    });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Post comment" })));
    expect(await screen.findByText(/Could not reach the server/)).toBeTruthy();
    expect(box.value).toBe("keep me");
  });

  it("says comments are unavailable while the database is down, and shows them after a retry", async () => {
    const down = () => json({ error: { code: "comments_unavailable", message: "down" } }, 503, { "retry-after": "10" });
    fetchMock.mockImplementation(async (_url: string, init?: RequestInit) => (init?.method === "POST" ? down() : down()));
    renderSection();
    expect((await screen.findByText(/评论暂时无法加载,请稍后再试。文章不受影响。/)).getAttribute("role")).toBe("alert");
    expect(screen.queryByText("评论加载失败。")).toBeNull();
    // Posting says the same, and keeps the text.
    const box = screen.getByLabelText("评论内容") as HTMLTextAreaElement;
    fireEvent.change(box, { target: { value: "等数据库回来" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "发表评论" })));
    expect(await screen.findByText("评论系统暂时不可用,请稍后再试;你写的内容还在。")).toBeTruthy();
    expect(box.value).toBe("等数据库回来");

    fetchMock.mockImplementation(async () => json(page([comment("1", "数据库回来了")])));
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "重试" })));
    expect((await screen.findAllByText("数据库回来了")).length).toBeGreaterThan(0);
    expect(screen.queryByText(/评论暂时无法加载/)).toBeNull();
  });

  it("keeps the generic message for other load failures", async () => {
    fetchMock.mockImplementation(async () => json({ error: { code: "internal_error", message: "bug" } }, 500));
    renderSection("en");
    expect(await screen.findByText(/Could not load the comments\./)).toBeTruthy();
    expect(screen.queryByText(/unavailable right now/)).toBeNull();
  });

  it("checks length before sending", async () => {
    fetchMock.mockImplementation(async () => json(page([])));
    renderSection();
    await screen.findByText("还没有评论,快来抢沙发吧!");
    fireEvent.change(screen.getByLabelText("评论内容"), { target: { value: "   " } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "发表评论" })));
    expect(screen.getByText("请填写评论内容。")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("昵称"), { target: { value: "名".repeat(25) } });
    fireEvent.change(screen.getByLabelText("评论内容"), { target: { value: "ok" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "发表评论" })));
    expect(screen.getByText("昵称不能超过24个字。")).toBeTruthy();
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === "POST")).toBe(false);
  });

  it("loads more until there is no more", async () => {
    const all = Array.from({ length: 25 }, (_, i) => comment(String(100 - i), `c${i}`));
    fetchMock.mockImplementation(async (url: string) => {
      const p = Number(new URL(url, "http://x").searchParams.get("page"));
      return json({ ...page(all.slice((p - 1) * 10, p * 10)), page: p, total: 25, participants: 25, hasMore: p * 10 < 25 });
    });
    renderSection();
    const newest = await screen.findByRole("region", { name: "最新评论" });
    expect(within(newest).getAllByRole("article")).toHaveLength(10);
    expect(within(newest).getByText("已有25人参与,")).toBeTruthy();
    await act(async () => fireEvent.click(within(newest).getByRole("button", { name: "点击查看更多精彩评论" })));
    await waitFor(() => expect(within(newest).getAllByRole("article")).toHaveLength(20));
    await act(async () => fireEvent.click(within(newest).getByRole("button", { name: "点击查看更多精彩评论" })));
    await waitFor(() => expect(within(newest).getAllByRole("article")).toHaveLength(25));
    expect(within(newest).queryByRole("button", { name: "点击查看更多精彩评论" })).toBeNull();
  });

  it("likes in one list and shows it in the other", async () => {
    fetchMock.mockImplementation(async (_url: string, init?: RequestInit) => (init?.method === "POST" ? json({ likes: 4 }) : json(page([comment("5", "like me", { likes: 3 })]))));
    renderSection();
    const newest = await screen.findByRole("region", { name: "最新评论" });
    const like = within(newest).getByRole("button", { name: /赞/ });
    expect(like.getAttribute("aria-pressed")).toBe("false");
    await act(async () => fireEvent.click(like));
    await waitFor(() => expect(like.getAttribute("aria-pressed")).toBe("true"));
    expect(like.textContent).toMatch(/4$/);
    expect(within(screen.getByRole("region", { name: "最热评论" })).getByRole("button", { name: /赞/ }).textContent).toMatch(/4$/);
    expect(JSON.parse(window.localStorage.getItem("comments-liked")!)).toEqual(["5"]);
  });

  it("links to the server-rendered comments page for readers without JavaScript, and never says “loading” there", () => {
    const html = renderToStaticMarkup(
      <I18nProvider lang="zh">
        <CommentsSection lang="zh" slug={SLUG} />
      </I18nProvider>,
    );
    expect(html).toMatch(new RegExp(`<noscript>.*<a href="/zh/reports/${SLUG}/comments">打开评论页,阅读和发表评论</a>.*</noscript>`));
    expect(html).not.toContain("正在加载评论");
    // The box itself is a plain form that works without JavaScript.
    expect(html).toContain(`action="/api/reports/${SLUG}/comments/form" method="post"`);
  });
});

describe("CommentView", () => {
  it("renders HTML and script payloads as text, never as markup", () => {
    const payload = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><a href="javascript:alert(1)">x</a>`;
    const { container } = render(<CommentView comment={comment("1", payload, { nickname: "<b>nick</b>" })} lang="en" now={new Date()} anonymousLabel="Anonymous" justNowLabel="just now" officialLabel="Official reply" />);
    expect(container.querySelector("img, script, a, b")).toBeNull();
    expect(container.querySelector("p")!.textContent).toBe(payload);
    expect(container.querySelector("bdi")!.textContent).toBe("<b>nick</b>");
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it("no comments code writes raw HTML", () => {
    const files = [...fs.readdirSync("components/comments").map((f) => path.join("components/comments", f)), "app/[lang]/reports/[slug]/comments/page.tsx"];
    for (const file of files) expect(fs.readFileSync(file, "utf8"), file).not.toMatch(/dangerouslySetInnerHTML|innerHTML/);
  });
});
