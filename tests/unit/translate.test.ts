import { describe, expect, it } from "vitest";
import { RESOURCES } from "@/lib/i18n/resources";
import { translate } from "@/lib/i18n/translate";

describe("translate (client strings without i18next)", () => {
  const comments = { zh: RESOURCES.zh.comments, en: RESOURCES.en.comments };

  it("picks the plural form for the count, as i18next does", () => {
    expect(translate(comments.en, "en", "commentCount", { count: 1 })).toBe("1 comment");
    expect(translate(comments.en, "en", "commentCount", { count: 3 })).toBe("3 comments");
    expect(translate(comments.zh, "zh-CN", "commentCount", { count: 1 })).toBe("1条评论");
  });

  it("fills placeholders, reads nested keys, and keeps a placeholder with no value visible", () => {
    expect(translate(comments.zh, "zh-CN", "errors.rate_limited", { seconds: 42 })).toBe("操作太频繁,请42秒后再试。");
    expect(translate(comments.zh, "zh-CN", "charCount", { count: 3, max: 1000 })).toBe("3/1000字");
    expect(translate({ a: "x {{missing}}" }, "en", "a")).toBe("x {{missing}}");
  });

  it("never runs or interprets a value: reader text is inserted as text", () => {
    expect(translate({ reply: "回复 {{nickname}}" }, "zh-CN", "reply", { nickname: "{{x}}<b>$&</b>" })).toBe("回复 {{x}}<b>$&</b>");
  });

  it("shows the key itself when a string is missing, never crashes", () => {
    expect(translate(comments.en, "en", "no.such.key")).toBe("no.such.key");
    expect(translate(undefined, "en", "heading")).toBe("heading");
  });
});
