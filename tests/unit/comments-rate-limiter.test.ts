import { describe, expect, it } from "vitest";
import { RateLimiter } from "@/lib/comments/rate-limiter";

describe("rate limiter", () => {
  it("allows up to the limit in a sliding window, then says when to retry", () => {
    const limiter = new RateLimiter([{ limit: 2, windowMs: 60_000 }]);
    expect(limiter.take(["r"], 0)).toEqual({ allowed: true });
    expect(limiter.take(["r"], 10_000)).toEqual({ allowed: true });
    expect(limiter.take(["r"], 20_000)).toEqual({ allowed: false, retryAfterSeconds: 40 });
    // The first event leaves the window at 60 s.
    expect(limiter.take(["r"], 60_001)).toEqual({ allowed: true });
    expect(limiter.take(["r"], 60_002)).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it("applies every rule: per minute and per hour", () => {
    const limiter = new RateLimiter([
      { limit: 5, windowMs: 60_000 },
      { limit: 6, windowMs: 3_600_000 },
    ]);
    for (let i = 0; i < 5; i++) expect(limiter.take(["r"], i).allowed).toBe(true);
    expect(limiter.take(["r"], 10).allowed).toBe(false);
    expect(limiter.take(["r"], 70_000).allowed).toBe(true);
    const refused = limiter.take(["r"], 140_000);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 3_460 });
  });

  it("counts an event against every key, and refuses when any key is full", () => {
    const limiter = new RateLimiter([{ limit: 1, windowMs: 60_000 }]);
    expect(limiter.take(["reader-a", "ip-1"], 0).allowed).toBe(true);
    expect(limiter.take(["reader-b", "ip-1"], 1).allowed).toBe(false);
    expect(limiter.take(["reader-b", "ip-2"], 2).allowed).toBe(true);
  });

  it("does not count refused attempts", () => {
    const limiter = new RateLimiter([{ limit: 1, windowMs: 1_000 }]);
    limiter.take(["r"], 0);
    for (let t = 100; t < 1_000; t += 100) expect(limiter.take(["r"], t).allowed).toBe(false);
    expect(limiter.take(["r"], 1_000).allowed).toBe(true);
  });

  it("turns a rule off with a limit of 0", () => {
    const limiter = new RateLimiter([{ limit: 0, windowMs: 60_000 }]);
    for (let i = 0; i < 1_000; i++) expect(limiter.take(["r"], i).allowed).toBe(true);
  });
});
