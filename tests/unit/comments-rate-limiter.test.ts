import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CommentStore } from "@/lib/comments/store/comment-store";
import { decideRate, RateLimiter, type RateRule } from "@/lib/comments/identity/rate-limiter";
import { openSqliteCommentStore } from "@/lib/comments/store/open-comment-store";

/**
 * The limiter keeps its events in the comment store (here an in-memory SQLite
 * one; the store suite repeats the essentials against PostgreSQL), so limits
 * hold across app instances.
 */
describe("rate limiter", () => {
  let store: CommentStore;
  beforeEach(() => {
    store = openSqliteCommentStore(":memory:");
  });
  afterEach(() => store.close());

  const limiter = (rules: RateRule[], bucket = "comment") => new RateLimiter(store, bucket, rules);

  it("allows up to the limit in a sliding window, then says when to retry", async () => {
    const l = limiter([{ limit: 2, windowMs: 60_000 }]);
    expect(await l.take(["r"], 0)).toEqual({ allowed: true });
    expect(await l.take(["r"], 10_000)).toEqual({ allowed: true });
    expect(await l.take(["r"], 20_000)).toEqual({ allowed: false, retryAfterSeconds: 40 });
    // The first event leaves the window at 60 s.
    expect(await l.take(["r"], 60_001)).toEqual({ allowed: true });
    expect(await l.take(["r"], 60_002)).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it("applies every rule: per minute and per hour", async () => {
    const l = limiter([
      { limit: 5, windowMs: 60_000 },
      { limit: 6, windowMs: 3_600_000 },
    ]);
    for (let i = 0; i < 5; i++) expect((await l.take(["r"], i)).allowed).toBe(true);
    expect((await l.take(["r"], 10)).allowed).toBe(false);
    expect((await l.take(["r"], 70_000)).allowed).toBe(true);
    expect(await l.take(["r"], 140_000)).toEqual({ allowed: false, retryAfterSeconds: 3_460 });
  });

  it("counts an event against every key, and refuses when any key is full", async () => {
    const l = limiter([{ limit: 1, windowMs: 60_000 }]);
    expect((await l.take(["reader-a", "ip-1"], 0)).allowed).toBe(true);
    expect((await l.take(["reader-b", "ip-1"], 1)).allowed).toBe(false);
    expect((await l.take(["reader-b", "ip-2"], 2)).allowed).toBe(true);
  });

  it("does not count refused attempts", async () => {
    const l = limiter([{ limit: 1, windowMs: 1_000 }]);
    await l.take(["r"], 0);
    for (let t = 100; t < 1_000; t += 100) expect((await l.take(["r"], t)).allowed).toBe(false);
    expect((await l.take(["r"], 1_000)).allowed).toBe(true);
  });

  it("turns a rule off with a limit of 0", async () => {
    const l = limiter([{ limit: 0, windowMs: 60_000 }]);
    for (let i = 0; i < 200; i++) expect((await l.take(["r"], i)).allowed).toBe(true);
  });

  it("keeps posting and liking apart", async () => {
    const posts = limiter([{ limit: 1, windowMs: 60_000 }], "comment");
    const likes = limiter([{ limit: 1, windowMs: 60_000 }], "like");
    expect((await posts.take(["r"], 0)).allowed).toBe(true);
    expect((await likes.take(["r"], 0)).allowed).toBe(true);
    expect((await posts.take(["r"], 1)).allowed).toBe(false);
  });

  it("shares limits between two limiters on one store (two app instances)", async () => {
    const a = limiter([{ limit: 3, windowMs: 60_000 }]);
    const b = limiter([{ limit: 3, windowMs: 60_000 }]);
    expect((await a.take(["r"], 0)).allowed).toBe(true);
    expect((await b.take(["r"], 1)).allowed).toBe(true);
    expect((await a.take(["r"], 2)).allowed).toBe(true);
    expect(await b.take(["r"], 3)).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });
});

describe("rate decision", () => {
  it("finds the retry time from unsorted events of several keys", () => {
    const rules = [{ limit: 2, windowMs: 10_000 }];
    const times = new Map([
      ["a", [9_000, 1_000]],
      ["b", [5_000]],
    ]);
    expect(decideRate(times, rules, 9_500)).toEqual({ allowed: false, retryAfterSeconds: 2 });
    expect(decideRate(times, rules, 11_001)).toEqual({ allowed: true });
  });
});
