// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ArticleByline } from "@/components/article-byline";
import { Breadcrumb } from "@/components/breadcrumb";
import { I18nProvider } from "@/components/i18n-provider";
import { LanguageToggle } from "@/components/language-toggle";
import { TableOfContents } from "@/components/table-of-contents";
import { LANGUAGE_TOGGLE_SCRIPT } from "@/lib/i18n/language-toggle-script";

let pathname = "/zh/reports/chengyang-rule-of-law";
vi.mock("next/navigation", () => ({ usePathname: () => pathname }));

afterEach(() => {
  cleanup();
  document.body.innerHTML = "";
  window.location.hash = "";
});

describe("Breadcrumb", () => {
  it("reads 我的位置:首页 > 法治政府 > 文章详情 in Chinese, with links home and to the category", () => {
    render(<Breadcrumb lang="zh" category="rule-of-law" />);
    const nav = screen.getByRole("navigation", { name: "我的位置" });
    expect(within(nav).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["首页", "法治政府", "文章详情"]);
    expect(within(nav).getByRole("link", { name: "首页" }).getAttribute("href")).toBe("/zh");
    expect(within(nav).getByRole("link", { name: "法治政府" }).getAttribute("href")).toBe("/zh/categories/rule-of-law");
    expect(within(nav).getByText("文章详情").getAttribute("aria-current")).toBe("page");
  });

  it("reads You are here: Home > Rule of law > Article in English", () => {
    render(<Breadcrumb lang="en" category="rule-of-law" />);
    const nav = screen.getByRole("navigation", { name: "You are here" });
    expect(within(nav).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["Home", "Rule of law", "Article"]);
    expect(within(nav).getByRole("link", { name: "Home" }).getAttribute("href")).toBe("/en");
    expect(within(nav).getByRole("link", { name: "Rule of law" }).getAttribute("href")).toBe("/en/categories/rule-of-law");
  });
});

describe("TableOfContents", () => {
  it("links to every section in order", () => {
    const sections = [
      { id: "functions", title: "政府职能依法全面履行" },
      { id: "oversight", title: "行政权力制约监督科学有效" },
    ];
    render(<TableOfContents lang="zh" sections={sections} />);
    const links = within(screen.getByRole("navigation", { name: "本文目录" })).getAllByRole("link");
    expect(links.map((a) => [a.textContent, a.getAttribute("href")])).toEqual([
      ["政府职能依法全面履行", "#functions"],
      ["行政权力制约监督科学有效", "#oversight"],
    ]);
  });
});

describe("LanguageToggle", () => {
  beforeEach(() => {
    pathname = "/zh/reports/chengyang-rule-of-law";
    document.cookie = "lang=; max-age=0; path=/";
  });

  // The toggle's behaviour is the page's script (it installs its listeners once, as on a page).
  const renderToggle = (lang: "zh" | "en") => {
    new Function(LANGUAGE_TOGGLE_SCRIPT)();
    return render(
      <I18nProvider lang={lang}>
        <LanguageToggle lang={lang} />
      </I18nProvider>,
    );
  };

  const section = (id: string, top: number) => {
    const el = document.createElement("section");
    el.dataset.sectionId = id;
    el.getBoundingClientRect = () => ({ top, bottom: top + 500 }) as DOMRect;
    document.body.append(el);
  };

  it("links to the same page in the other language, and marks the current one", () => {
    renderToggle("zh");
    const link = screen.getByRole("link", { name: "English" });
    expect(link.getAttribute("href")).toBe("/en/reports/chengyang-rule-of-law");
    expect(link.getAttribute("hreflang")).toBe("en");
    expect(screen.getByText("中文").getAttribute("aria-current")).toBe("true");
  });

  it("carries the section the reader is in", () => {
    section("functions", -900);
    section("enforcement", -40);
    section("oversight", 700);
    renderToggle("zh");
    act(() => {
      fireEvent.scroll(window);
    });
    expect(screen.getByRole("link", { name: "English" }).getAttribute("href")).toBe("/en/reports/chengyang-rule-of-law#enforcement");
  });

  it("remembers the choice in a cookie when followed", () => {
    pathname = "/en";
    renderToggle("en");
    const link = screen.getByRole("link", { name: "中文" });
    link.addEventListener("click", (event) => event.preventDefault());
    fireEvent.click(link);
    expect(document.cookie).toContain("lang=zh");
    expect(link.getAttribute("href")).toBe("/zh");
  });
  it("offers 中英对照 as a third mode for a report with English", () => {
    renderToggle("zh");
    const links = within(screen.getByRole("navigation", { name: "阅读语言" })).getAllByRole("listitem");
    expect(links.map((li) => li.textContent)).toEqual(["中文", "English", "中英对照"]);
    const bilingual = screen.getByRole("link", { name: "中英对照" });
    expect(bilingual.getAttribute("href")).toBe("/zh/reports/chengyang-rule-of-law/bilingual");
    expect(bilingual.getAttribute("lang")).toBe("zh-CN");
  });

  it("on the bilingual page marks Bilingual as current and leads to each language at the section in view", () => {
    pathname = "/en/reports/chengyang-rule-of-law/bilingual";
    section("functions", -900);
    section("oversight", -10);
    renderToggle("en");
    act(() => {
      fireEvent.scroll(window);
    });
    expect(screen.getByText("Bilingual").getAttribute("aria-current")).toBe("true");
    expect(screen.getByRole("link", { name: "中文" }).getAttribute("href")).toBe("/zh/reports/chengyang-rule-of-law#oversight");
    expect(screen.getByRole("link", { name: "English" }).getAttribute("href")).toBe("/en/reports/chengyang-rule-of-law#oversight");
  });

  it("from a section URL, leads to the bilingual page at that section", () => {
    pathname = "/zh/reports/chengyang-rule-of-law/oversight";
    renderToggle("zh");
    expect(screen.getByRole("link", { name: "中英对照" }).getAttribute("href")).toBe("/zh/reports/chengyang-rule-of-law/bilingual#oversight");
    expect(screen.getByRole("link", { name: "English" }).getAttribute("href")).toBe("/en/reports/chengyang-rule-of-law/oversight");
  });

  it("does not remember the bilingual mode as a language", () => {
    renderToggle("zh");
    const link = screen.getByRole("link", { name: "中英对照" });
    link.addEventListener("click", (event) => event.preventDefault());
    fireEvent.click(link);
    expect(document.cookie).not.toContain("lang=");
  });
});

describe("ArticleByline dates", () => {
  const meta = { slug: "r", lang: "zh" as const, title: "标题", summary: "摘要", date: "2026-11-26", source: "青岛财经日报", category: "rule-of-law", draft: false };

  it("labels the date as this site's, never as the source's", () => {
    const { container } = render(<ArticleByline lang="zh" meta={meta} path="/zh/reports/r" />);
    expect(container.textContent).toContain("本站发布于 2026年11月26日");
    expect(container.textContent).not.toMatch(/(^|[^站])发布于/);
    expect(container.textContent).not.toContain("原文发表于");
  });

  it("shows the source's own date beside the source when an editor gives it", () => {
    render(<ArticleByline lang="en" meta={{ ...meta, originalDate: "2026-11-25" }} path="/en/reports/r" />);
    const original = screen.getByText(/^Originally published/);
    expect(original.getAttribute("datetime")).toBe("2026-11-25");
    expect(original.closest(".article-meta")?.textContent).toContain("来源:青岛财经日报");
    expect(screen.getByText(/^Posted on this site/).getAttribute("datetime")).toBe("2026-11-26");
  });
});
