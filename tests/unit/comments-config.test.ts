import path from "node:path";
import { describe, expect, it } from "vitest";
import { CommentsConfigError, parseCommentsConfig } from "@/lib/comments/comments-config";

describe("comments settings from the environment", () => {
  it("has safe defaults", () => {
    expect(parseCommentsConfig({}, "/srv/site")).toEqual({
      database: { kind: "sqlite", path: path.join("/srv/site", "data", "comments.db") },
      moderation: "pre",
      limits: {
        commentsPerMinute: 5,
        commentsPerHour: 30,
        likesPerMinute: 60,
        addressCommentsPerMinute: 10,
        addressCommentsPerHour: 60,
        addressLikesPerMinute: 120,
        reportCommentsPerMinute: 60,
        readerReportsPerHour: 20,
        signInsPerName: 5,
        signInsPerAddress: 20,
      },
      reportsToHide: 3,
      alerts: { webhookUrl: null, wecomUrl: null, email: null, intervalSeconds: 300, consoleUrl: null },
      maxRepliesPerThread: 200,
      addressRetentionDays: 30,
      adminToken: null,
      secret: null,
      secretFile: path.join("/srv/site", "data", "comments-secret.key"),
      trustProxy: false,
      trustedHops: 0,
      siteOrigin: null,
    });
  });

  it("reads every variable", () => {
    const config = parseCommentsConfig(
      {
        COMMENTS_DB: "tmp/c.db",
        COMMENTS_MODERATION: "post",
        COMMENTS_LIMIT_PER_MINUTE: "0",
        COMMENTS_LIMIT_PER_HOUR: "100",
        LIKES_LIMIT_PER_MINUTE: "7",
        COMMENTS_ADDRESS_LIMIT_PER_MINUTE: "1",
        COMMENTS_ADDRESS_LIMIT_PER_HOUR: "2",
        LIKES_ADDRESS_LIMIT_PER_MINUTE: "3",
        COMMENTS_REPORT_LIMIT_PER_MINUTE: "4",
        COMMENTS_READER_REPORTS_PER_HOUR: "5",
        COMMENTS_REPORTS_TO_HIDE: "0",
        COMMENTS_SIGNIN_LIMIT: "8",
        COMMENTS_SIGNIN_ADDRESS_LIMIT: "9",
        COMMENTS_MAX_REPLIES: "50",
        COMMENTS_ADDRESS_RETENTION_DAYS: "7",
        COMMENTS_ADMIN_TOKEN: " secret ",
        COMMENTS_SECRET: "k".repeat(32),
        TRUST_PROXY: "2",
        SITE_URL: "https://news.example.org/zh",
      },
      "/srv/site",
    );
    expect(config).toEqual({
      database: { kind: "sqlite", path: "/srv/site/tmp/c.db" },
      moderation: "post",
      limits: {
        commentsPerMinute: 0,
        commentsPerHour: 100,
        likesPerMinute: 7,
        addressCommentsPerMinute: 1,
        addressCommentsPerHour: 2,
        addressLikesPerMinute: 3,
        reportCommentsPerMinute: 4,
        readerReportsPerHour: 5,
        signInsPerName: 8,
        signInsPerAddress: 9,
      },
      reportsToHide: 0,
      alerts: { webhookUrl: null, wecomUrl: null, email: null, intervalSeconds: 300, consoleUrl: "https://news.example.org/admin" },
      maxRepliesPerThread: 50,
      addressRetentionDays: 7,
      adminToken: "secret",
      secret: "k".repeat(32),
      secretFile: "/srv/site/tmp/comments-secret.key",
      trustProxy: true,
      trustedHops: 2,
      siteOrigin: "https://news.example.org",
    });
  });

  it("treats empty values as unset (an empty admin token keeps the API off)", () => {
    expect(parseCommentsConfig({ COMMENTS_ADMIN_TOKEN: "  ", COMMENTS_DB: "" }, "/x")).toMatchObject({ adminToken: null, database: { kind: "sqlite", path: "/x/data/comments.db" } });
  });

  it("chooses PostgreSQL when DATABASE_URL is set, SQLite otherwise", () => {
    const url = "postgres://news:secret@db.internal:5432/news";
    expect(parseCommentsConfig({ DATABASE_URL: url, COMMENTS_DB: "ignored.db" }, "/x").database).toEqual({ kind: "postgres", url });
    expect(parseCommentsConfig({ DATABASE_URL: "postgresql://db/news" }).database).toEqual({ kind: "postgres", url: "postgresql://db/news" });
    expect(parseCommentsConfig({ DATABASE_URL: " " }, "/x").database).toEqual({ kind: "sqlite", path: "/x/data/comments.db" });
  });

  it("refuses a DATABASE_URL that is not PostgreSQL, without echoing its password", () => {
    expect(() => parseCommentsConfig({ DATABASE_URL: "mysql://u:hunter2@db/news" })).toThrow(/DATABASE_URL must be a PostgreSQL URL.*mysql/);
    expect(() => parseCommentsConfig({ DATABASE_URL: "mysql://u:hunter2@db/news" })).not.toThrow(/hunter2/);
    expect(() => parseCommentsConfig({ DATABASE_URL: "data/comments.db" })).toThrow(/DATABASE_URL/);
    expect(() => parseCommentsConfig({ DATABASE_URL: "postgres://[oops" })).toThrow(/DATABASE_URL is not a well-formed URL/);
  });

  it("refuses malformed values, naming the variable", () => {
    expect(() => parseCommentsConfig({ COMMENTS_MODERATION: "later" })).toThrow(/COMMENTS_MODERATION/);
    expect(() => parseCommentsConfig({ COMMENTS_LIMIT_PER_MINUTE: "-1" })).toThrow(/COMMENTS_LIMIT_PER_MINUTE/);
    expect(() => parseCommentsConfig({ LIKES_LIMIT_PER_MINUTE: "lots" })).toThrow(CommentsConfigError);
    expect(() => parseCommentsConfig({ TRUST_PROXY: "yes" })).toThrow(/TRUST_PROXY/);
    expect(() => parseCommentsConfig({ COMMENTS_SECRET: "short" })).toThrow(/COMMENTS_SECRET must be at least 32/);
    expect(() => parseCommentsConfig({ SITE_URL: "news.example.org" })).toThrow(/SITE_URL/);
  });
});
