/**
 * Starts the site for tests that need their own build or content: a
 * production build into a separate folder, or `next dev`, on 127.0.0.1.
 * Every server is stopped by its process group id.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");
/** Every test server runs through the site's own entry, as `npm start` does. */
const SERVER_ENTRY = path.join(ROOT, "lib/server/start-site.ts");
/**
 * The Node options `npm run serve` starts production with (package.json: the
 * NODE_OPTIONS it sets ahead of any given), so production-mode test and bench
 * servers run with the same heap settings.
 */
export const SERVE_NODE_OPTIONS: readonly string[] = (() => {
  const serve = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.serve ?? "";
  return /NODE_OPTIONS="([^"$]*)/.exec(serve)?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
})();

/** Settings for test servers whose many requests all come from 127.0.0.1: address and report limits off (comments-abuse tests them). */
export const ADDRESS_LIMITS_OFF = {
  COMMENTS_ADDRESS_LIMIT_PER_MINUTE: "0",
  COMMENTS_ADDRESS_LIMIT_PER_HOUR: "0",
  LIKES_ADDRESS_LIMIT_PER_MINUTE: "0",
  COMMENTS_REPORT_LIMIT_PER_MINUTE: "0",
} as const;

/** Every rate limit off: benchmarks and load tests. */
export const LIMITS_OFF = { ...ADDRESS_LIMITS_OFF, COMMENTS_LIMIT_PER_MINUTE: "0", COMMENTS_LIMIT_PER_HOUR: "0", LIKES_LIMIT_PER_MINUTE: "0" } as const;

/** A fixed key for test servers, so they never write a key file into the project's data/ folder. */
export const TEST_COMMENTS_SECRET = "test-only-comments-secret-0123456789abcdef";

/**
 * Test servers publish at once (COMMENTS_MODERATION=post) unless a test says otherwise: most
 * tests are about posting and listing; the pre-moderation default has its own tests.
 */
export const POST_MODERATION = { COMMENTS_MODERATION: "post" } as const;

export interface RunningSite {
  url: string;
  stop(): Promise<void>;
}

export function buildSite(distDir: string, env: Record<string, string>): { ok: boolean; output: string } {
  const result = spawnSync(process.execPath, [NEXT_BIN, "build"], {
    cwd: ROOT,
    env: { ...process.env, ...env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" },
    encoding: "utf8",
  });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/** Node arguments that run the site's server entry (as `npm start` does) on 127.0.0.1:port. */
export function siteServerArgs(port: number, mode: "start" | "dev" = "start"): string[] {
  return [...(mode === "start" ? SERVE_NODE_OPTIONS : []), "--import", "tsx", SERVER_ENTRY, ...(mode === "dev" ? ["--dev"] : []), "-H", "127.0.0.1", "-p", String(port)];
}

export async function startSite(mode: "start" | "dev", port: number, distDir: string, env: Record<string, string>): Promise<RunningSite> {
  const child: ChildProcess = spawn(process.execPath, siteServerArgs(port, mode), {
    cwd: ROOT,
    env: { ...process.env, ...POST_MODERATION, ...env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: mode === "dev" ? "development" : "production" },
    stdio: "ignore",
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  };
  for (let i = 0; i < 300; i++) {
    try {
      const response = await fetch(`${url}/zh`);
      if (response.status < 500) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`next ${mode} on port ${port} did not start`);
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
