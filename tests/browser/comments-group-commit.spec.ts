import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { freePort, LIMITS_OFF, POST_MODERATION, siteServerArgs, TEST_COMMENTS_SECRET } from "../next-server";
import { createTestSchema, POSTGRES_SKIP_REASON, REQUIRE_POSTGRES, TEST_DATABASE_URL, withClient, type TestSchema } from "../postgres-test-db";

/**
 * Group commit (lib/comments/store/group-commit.ts) under kill -9, on both
 * backends: bursts of concurrent posts are each stored exactly once, and every
 * post that got a 201 is still there after the process is killed mid-burst.
 */
const ROOT = path.resolve(__dirname, "../..");
const SLUG = "chengyang-rule-of-law";
const BURST = 100;

test.describe.configure({ mode: "serial" });

interface Server {
  child: ChildProcess;
  base: string;
  exited: Promise<void>;
}

async function startServer(databaseEnv: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, siteServerArgs(port), {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", ...databaseEnv, ...LIMITS_OFF, ...POST_MODERATION, COMMENTS_SECRET: TEST_COMMENTS_SECRET },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/ping`)).ok) return { child, base, exited };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error("the server did not answer within 60 s");
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function post(base: string, text: string): Promise<Response> {
  return fetch(`${base}/api/reports/${SLUG}/comments`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ text }),
  });
}

/** Posts a burst at once; the texts that got a 201 with their ids (a cut-off answer is not an acknowledgement). */
async function burst(base: string, label: string): Promise<Map<string, string>> {
  const acknowledged = new Map<string, string>();
  await Promise.all(
    Array.from({ length: BURST }, async (_, i) => {
      const text = `${label} ${i}`;
      try {
        const response = await post(base, text);
        if (response.status !== 201) return;
        const { comment } = (await response.json()) as { comment: { id: string } };
        acknowledged.set(text, comment.id);
      } catch {
        // the server died under this request
      }
    }),
  );
  return acknowledged;
}

interface Backend {
  name: string;
  env(): Promise<Record<string, string>>;
  /** Every stored text and how many times, read from the database itself. */
  stored(): Promise<Map<string, number>>;
  cleanup(): Promise<void>;
}

function sqliteBackend(): Backend {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "group-commit-"));
  const file = path.join(dir, "comments.db");
  return {
    name: "SQLite",
    env: async () => ({ COMMENTS_DB: file }),
    async stored() {
      const db = new Database(file, { readonly: true });
      try {
        const rows = db.prepare("SELECT text, count(*) AS n FROM comments GROUP BY text").all() as { text: string; n: number }[];
        return new Map(rows.map((row) => [row.text, row.n]));
      } finally {
        db.close();
      }
    },
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresBackend(): Backend {
  let schema: TestSchema | undefined;
  return {
    name: "PostgreSQL",
    async env() {
      schema ??= await createTestSchema();
      return { DATABASE_URL: schema.url };
    },
    async stored() {
      const rows = await withClient(TEST_DATABASE_URL!, (client) => client.query<{ text: string; n: string }>(`SELECT text, count(*) AS n FROM ${schema!.schema}.comments GROUP BY text`));
      return new Map(rows.rows.map((row) => [row.text, Number(row.n)]));
    },
    cleanup: async () => schema?.drop(),
  };
}

for (const make of [sqliteBackend, postgresBackend]) {
  const isPostgres = make === postgresBackend;
  test(`${isPostgres ? "PostgreSQL" : "SQLite"}: concurrent bursts are stored exactly once, and every 201 survives kill -9 mid-burst`, async () => {
    test.skip(isPostgres && !TEST_DATABASE_URL && !REQUIRE_POSTGRES, `needs PostgreSQL: ${POSTGRES_SKIP_REASON}`);
    test.setTimeout(180_000);
    const backend = make();
    try {
      const first = await startServer(await backend.env());
      // A whole burst, answered: all 201, each stored once.
      const whole = await burst(first.base, "whole burst");
      expect(whole.size).toBe(BURST);
      let stored = await backend.stored();
      for (const text of whole.keys()) expect(stored.get(text), text).toBe(1);

      // Bursts until kill -9 lands in the middle of one.
      const acknowledged = new Map<string, string>();
      const sent: string[] = [];
      let killed = false;
      const bursts = (async () => {
        for (let round = 0; !killed; round++) {
          const label = `killed burst ${round}`;
          for (let i = 0; i < BURST; i++) sent.push(`${label} ${i}`);
          for (const [text, id] of await burst(first.base, label)) acknowledged.set(text, id);
        }
      })();
      await expect.poll(() => acknowledged.size, { timeout: 60_000 }).toBeGreaterThanOrEqual(2 * BURST);
      first.child.kill("SIGKILL");
      killed = true;
      await bursts;
      await first.exited;

      stored = await backend.stored();
      // Every acknowledged post is there, once; nothing sent is there twice; nothing unsent is there at all.
      for (const text of acknowledged.keys()) expect(stored.get(text), text).toBe(1);
      for (const text of sent) expect(stored.get(text) ?? 0, text).toBeLessThanOrEqual(1);
      const known = new Set([...whole.keys(), ...sent]);
      expect([...stored.keys()].filter((text) => !known.has(text))).toEqual([]);

      // The restarted server lists them and takes new posts.
      const second = await startServer(await backend.env());
      try {
        const total = ((await (await fetch(`${second.base}/api/reports/${SLUG}/comments`)).json()) as { total: number }).total;
        expect(total).toBe([...stored.values()].reduce((sum, n) => sum + n, 0));
        expect((await post(second.base, "after the restart")).status).toBe(201);
      } finally {
        second.child.kill("SIGTERM");
        await second.exited;
      }
    } finally {
      await backend.cleanup();
    }
  });
}
