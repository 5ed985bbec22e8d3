import path from "node:path";
import { describe, expect, it } from "vitest";
import { CommentsConfigError, parseCommentsConfig } from "@/lib/comments/comments-config";

describe("comments settings from the environment", () => {
  it("has safe defaults", () => {
    expect(parseCommentsConfig({}, "/srv/site")).toEqual({
      dbPath: path.join("/srv/site", "data", "comments.db"),
      moderation: "post",
      limits: { commentsPerMinute: 5, commentsPerHour: 30, likesPerMinute: 60 },
      adminToken: null,
      ipHashSalt: null,
      trustProxy: false,
      siteOrigin: null,
    });
  });

  it("reads every variable", () => {
    const config = parseCommentsConfig(
      {
        COMMENTS_DB: "tmp/c.db",
        COMMENTS_MODERATION: "pre",
        COMMENTS_LIMIT_PER_MINUTE: "0",
        COMMENTS_LIMIT_PER_HOUR: "100",
        LIKES_LIMIT_PER_MINUTE: "7",
        COMMENTS_ADMIN_TOKEN: " secret ",
        IP_HASH_SALT: "salt",
        TRUST_PROXY: "1",
        SITE_URL: "https://news.example.org/zh",
      },
      "/srv/site",
    );
    expect(config).toEqual({
      dbPath: "/srv/site/tmp/c.db",
      moderation: "pre",
      limits: { commentsPerMinute: 0, commentsPerHour: 100, likesPerMinute: 7 },
      adminToken: "secret",
      ipHashSalt: "salt",
      trustProxy: true,
      siteOrigin: "https://news.example.org",
    });
  });

  it("treats empty values as unset (an empty admin token keeps the API off)", () => {
    expect(parseCommentsConfig({ COMMENTS_ADMIN_TOKEN: "  ", COMMENTS_DB: "" }, "/x")).toMatchObject({ adminToken: null, dbPath: "/x/data/comments.db" });
  });

  it("refuses malformed values, naming the variable", () => {
    expect(() => parseCommentsConfig({ COMMENTS_MODERATION: "later" })).toThrow(/COMMENTS_MODERATION/);
    expect(() => parseCommentsConfig({ COMMENTS_LIMIT_PER_MINUTE: "-1" })).toThrow(/COMMENTS_LIMIT_PER_MINUTE/);
    expect(() => parseCommentsConfig({ LIKES_LIMIT_PER_MINUTE: "lots" })).toThrow(CommentsConfigError);
    expect(() => parseCommentsConfig({ TRUST_PROXY: "yes" })).toThrow(/TRUST_PROXY/);
    expect(() => parseCommentsConfig({ SITE_URL: "news.example.org" })).toThrow(/SITE_URL/);
  });
});
