import { sql, type Transaction } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { GroupCommit, type WriteOptions } from "@/lib/comments/store/group-commit";
import { GroupRates, groupRateRead } from "@/lib/comments/store/group-rates";
import type { CommentsDatabase } from "@/lib/comments/store/schema";
import { sqliteDialect } from "@/lib/comments/store/sqlite-dialect";

/** Group commit on its own (lib/comments/store/group-commit.ts), over an in-memory SQLite database. */
class Refused extends Error {}

const dialects: ReturnType<typeof sqliteDialect>[] = [];
afterEach(async () => {
  for (const dialect of dialects.splice(0)) await dialect.db.destroy();
});

async function setUp() {
  const dialect = sqliteDialect(":memory:");
  dialects.push(dialect);
  await sql`CREATE TABLE t (v TEXT NOT NULL)`.execute(dialect.db);
  const taken: string[][] = [];
  const flights: number[] = [];
  const commits = new GroupCommit(dialect.db, {
    maxGroup: 64,
    lanes: 1,
    locks: (names) => {
      if (names.length > 0) taken.push([...names]);
      return undefined;
    },
    inOneFlight: (trx, statements) => {
      if (statements.length > 0) flights.push(statements.length);
      return dialect.inOneFlight(trx, statements);
    },
    committed: () => {},
    maxAttempts: 3,
    isRetryable: () => false,
    flightCommits: false,
    hooks: { reads: () => [], open: () => undefined, close: async () => {}, quiet: () => true },
    durable: () => dialect.durable(),
  });
  const insert = (trx: Transaction<CommentsDatabase>, v: string) => sql`INSERT INTO t (v) VALUES (${v})`.execute(trx);
  const stored = async () => (await sql<{ v: string }>`SELECT v FROM t ORDER BY v`.execute(dialect.db)).rows.map((row) => row.v);
  /** A planned insert of `v` (NULL when v is null: the column refuses it), answering v once its statement is answered. */
  const plannedInsert = (v: string | null, options: WriteOptions) =>
    commits.runPlanned(() => ({ statement: sql`INSERT INTO t (v) VALUES (${v}) RETURNING v`.compile(dialect.db), finish: async (_trx, answer) => (answer.rows[0] as { v: string }).v }), options);
  return { commits, insert, stored, taken, flights, plannedInsert };
}

describe("group commit", () => {
  it("keeps the other writes of a group when a write without a savepoint fails after writing, and fails only that one", async () => {
    const { commits, insert, stored } = await setUp();
    const clean = { cleanRefusal: (error: unknown) => error instanceof Refused };
    const results = await Promise.allSettled([
      commits.run((trx) => insert(trx, "a"), clean),
      commits.run(async (trx) => {
        await insert(trx, "b");
        throw new Error("the database refused the second statement");
      }, clean),
      commits.run((trx) => insert(trx, "c")),
    ]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toHaveProperty("message", "the database refused the second statement");
    // b's row went with the rolled-back group; a and c were written again and committed.
    expect(await stored()).toEqual(["a", "c"]);
  });

  it("keeps the group as it is when a write without a savepoint refuses before writing", async () => {
    const { commits, insert, stored } = await setUp();
    const clean = { cleanRefusal: (error: unknown) => error instanceof Refused };
    const results = await Promise.allSettled([
      commits.run((trx) => insert(trx, "a"), clean),
      commits.run(async () => {
        throw new Refused("duplicate");
      }, clean),
      commits.run((trx) => insert(trx, "c"), clean),
    ]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(Refused);
    expect(await stored()).toEqual(["a", "c"]);
  });

  it("sends the statements of planned writes next to each other in one flight, in the group's order, each finished with its own answer", async () => {
    const { commits, insert, stored, flights, plannedInsert } = await setUp();
    const clean = { cleanRefusal: (error: unknown) => error instanceof Refused };
    const results = await Promise.all([
      plannedInsert("a", clean),
      plannedInsert("b", clean),
      plannedInsert("c", clean),
      // A write that is not planned runs between flights, in its place.
      commits.run(async (trx) => (await insert(trx, "d"), "d"), clean),
      plannedInsert("e", clean),
    ]);
    expect(results).toEqual(["a", "b", "c", "d", "e"]);
    expect(flights).toEqual([3, 1]);
    expect(await stored()).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("fails only the planned write whose statement failed; the others of its flight are stored (in the next group)", async () => {
    const { stored, flights, plannedInsert } = await setUp();
    const clean = { cleanRefusal: (error: unknown) => error instanceof Refused };
    const results = await Promise.allSettled([plannedInsert("a", clean), plannedInsert(null, clean), plannedInsert("c", clean)]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toHaveProperty("code", "SQLITE_CONSTRAINT_NOTNULL");
    expect(flights).toEqual([3, 2]);
    expect(await stored()).toEqual(["a", "c"]);
  });

  it("sends nothing for a planned write refused when it is planned, and keeps the rest of its flight", async () => {
    const { commits, stored, flights, plannedInsert } = await setUp();
    const clean = { cleanRefusal: (error: unknown) => error instanceof Refused };
    const results = await Promise.allSettled([
      plannedInsert("a", clean),
      commits.runPlanned(() => {
        throw new Refused("rate limited");
      }, clean),
      plannedInsert("c", clean),
    ]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(Refused);
    expect(flights).toEqual([2]);
    expect(await stored()).toEqual(["a", "c"]);
  });

  it("rolls back a write with a savepoint alone, whatever it throws", async () => {
    const { commits, insert, stored } = await setUp();
    const results = await Promise.allSettled([
      commits.run((trx) => insert(trx, "a")),
      commits.run(async (trx) => {
        await insert(trx, "b");
        throw new Error("no");
      }),
      commits.run((trx) => insert(trx, "c")),
    ]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(await stored()).toEqual(["a", "c"]);
  });

  it("takes the named locks of a whole group in one call, each name once", async () => {
    const { commits, insert, taken } = await setUp();
    await Promise.all([
      commits.run((trx) => insert(trx, "a"), { locks: ["dup:r:1", "rate:comment:r:1"] }),
      commits.run((trx) => insert(trx, "b"), { locks: ["dup:r:1", "rate:comment:r:2"] }),
    ]);
    expect(taken).toHaveLength(1);
    expect([...taken[0]!].sort()).toEqual(["dup:r:1", "rate:comment:r:1", "rate:comment:r:2"]);
  });
});

describe("a group's rate limits", () => {
  const rules = [{ limit: 2, windowMs: 60_000 }];
  const now = 1_000_000;

  it("counts the events read for the group and those of the writes before, and records only allowed writes", () => {
    const rates = new GroupRates([{ key: "r:1", at: now - 30_000 }]);
    expect(rates.take({ checks: [{ key: "r:1", rules }], now }).decision).toEqual({ allowed: true });
    // The window holds the stored event and the first write's: the third is refused until the stored one leaves it.
    expect(rates.take({ checks: [{ key: "r:1", rules }], now: now + 1 }).decision).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(rates.take({ checks: [{ key: "r:2", rules }], now }).decision).toEqual({ allowed: true });
    expect(rates.events).toEqual([
      { key: "r:1", at: now, expiresAt: now + 60_000 },
      { key: "r:2", at: now, expiresAt: now + 60_000 },
    ]);
  });

  it("takes back the events of a write rolled back", () => {
    const rates = new GroupRates([]);
    rates.take({ checks: [{ key: "r:1", rules }], now });
    const second = rates.take({ checks: [{ key: "r:1", rules }], now });
    expect(second.decision.allowed).toBe(true);
    second.undo();
    expect(rates.events).toHaveLength(1);
    expect(rates.take({ checks: [{ key: "r:1", rules }], now }).decision.allowed).toBe(true);
  });

  it("counts a post's stored row once, and a post of the group under another key of the same row (the address key rotated) too", () => {
    const check = (key: string) => ({ key, rules, rows: { column: "ip_hash" as const, value: "ip-1" } });
    // One post stored earlier (its row) and one probe (its event) under today's key: the limit of 2 is reached.
    const full = new GroupRates([{ key: "row:ip_hash:ip-1", at: now - 1_000 }, { key: "a:today", at: now - 500 }]);
    expect(full.take({ checks: [check("a:today")], now }).decision.allowed).toBe(false);
    const rates = new GroupRates([{ key: "row:ip_hash:ip-1", at: now - 1_000 }]);
    const first = rates.take({ checks: [check("a:yesterday")], now });
    expect(first.decision.allowed).toBe(true);
    first.stored(() => true);
    expect(rates.events).toEqual([]);
    expect(rates.take({ checks: [check("a:today")], now: now + 1 }).decision).toEqual({ allowed: false, retryAfterSeconds: 59 });
  });

  it("reads every key the group names, from the earliest moment any rule looks back to", () => {
    expect(
      groupRateRead([
        { checks: [{ key: "r:1", rules }], now },
        { checks: [{ key: "r:1", rules }, { key: "a:1", rules: [{ limit: 5, windowMs: 3_600_000 }] }], now: now + 5 },
      ]),
    ).toEqual({ keys: ["r:1", "a:1"], after: now + 5 - 3_600_000 });
    expect(groupRateRead([])).toBeUndefined();
  });
});
