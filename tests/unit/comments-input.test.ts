import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/comments/http/api-error";
import { charCount, normalizeCommentText, normalizeNickname, parseCommentInput, parseCommentJson } from "@/lib/comments/comment-input";
import { NASTY_STRINGS } from "./comments-nasty-strings";

function errorCode(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof ApiError) return error.code;
    throw error;
  }
}

describe("comment text normalization", () => {
  it("composes to NFC, after removing what sat between base and mark", () => {
    expect(normalizeCommentText("e\u0301")).toBe("\u00E9");
    expect(normalizeCommentText("e\u0000\u0301")).toBe("\u00E9");
  });

  it("keeps line breaks, unifying their forms, and strips other controls", () => {
    expect(normalizeCommentText("a\r\nb\rc\u2028d\ne")).toBe("a\nb\nc\nd\ne");
    expect(normalizeCommentText("a\u0000b\u0007c\u001Bd\u007Fe\u0085f")).toBe("abcdef");
    expect(normalizeCommentText("a\tb")).toBe("a b");
  });

  it("removes bidi overrides and isolates but keeps right-to-left text", () => {
    expect(normalizeCommentText("\u202Egnp.exe\u202C")).toBe("gnp.exe");
    expect(normalizeCommentText("\u2067مرحبا\u2069")).toBe("مرحبا");
  });

  it("collapses runs of blank lines to one and trims the ends", () => {
    expect(normalizeCommentText("\n\n a\n\n\n\nb \n \n\nc  \n")).toBe("a\n\nb \n\nc");
    expect(normalizeCommentText("a\n\nb")).toBe("a\n\nb");
  });

  it("refuses lone surrogates instead of guessing", () => {
    expect(normalizeCommentText("a\uD800b")).toBeNull();
    expect(normalizeCommentText("\uDC00")).toBeNull();
    expect(normalizeCommentText("\uD83D\uDE00")).toBe("😀");
  });

  it("is idempotent on every nasty string", () => {
    for (const raw of NASTY_STRINGS) {
      const once = normalizeCommentText(raw);
      if (once !== null) expect(normalizeCommentText(once), JSON.stringify(raw)).toBe(once);
    }
  });

  it("makes nicknames a single line", () => {
    expect(normalizeNickname(" 城阳\n读者\t甲 ")).toBe("城阳 读者 甲");
  });

  it("counts code points, so emoji and rare Han count once", () => {
    expect(charCount("😀𠀋a")).toBe(3);
  });
});

describe("parsing a new comment", () => {
  it("returns the normalized fields", () => {
    expect(parseCommentInput({ nickname: "  名字 ", text: " 正文 ", parentId: "12" })).toEqual({ nickname: "名字", text: "正文", parentId: "12" });
    expect(parseCommentInput({ text: "x", parentId: 7 })).toEqual({ nickname: null, text: "x", parentId: "7" });
    expect(parseCommentInput({ text: "x", nickname: "\u200B " })).toMatchObject({ nickname: null });
  });

  it("names each problem with its code", () => {
    expect(errorCode(() => parseCommentJson("text"))).toBe("invalid_body");
    expect(errorCode(() => parseCommentJson({ text: ["a"] }))).toBe("invalid_body");
    expect(errorCode(() => parseCommentInput({ text: "" }))).toBe("text_required");
    expect(errorCode(() => parseCommentInput({ text: "\u200B\uFEFF \u3000" }))).toBe("text_required");
    expect(errorCode(() => parseCommentInput({ text: "a".repeat(1001) }))).toBe("text_too_long");
    expect(errorCode(() => parseCommentInput({ text: "a", nickname: "n".repeat(25) }))).toBe("nickname_too_long");
    expect(errorCode(() => parseCommentInput({ text: "a\uD800" }))).toBe("invalid_text");
    expect(errorCode(() => parseCommentInput({ text: "a", nickname: "\uDC00" }))).toBe("invalid_text");
    expect(errorCode(() => parseCommentInput({ text: "a", parentId: "0" }))).toBe("invalid_parent");
    expect(errorCode(() => parseCommentInput({ text: "a", parentId: 1.5 }))).toBe("invalid_parent");
    expect(errorCode(() => parseCommentInput({ text: "a", parentId: { id: 1 } }))).toBe("invalid_parent");
    expect(errorCode(() => parseCommentInput({ text: "a", honeypot: "http://x" }))).toBe("spam_rejected");
  });

  it("measures the limit after trimming and normalizing", () => {
    expect(parseCommentInput({ text: `  ${"a".repeat(1000)}  ` }).text).toHaveLength(1000);
    expect(parseCommentInput({ text: "e\u0301".repeat(1000) }).text).toBe("\u00E9".repeat(1000));
  });
});
