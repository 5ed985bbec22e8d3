import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { NextConfig } from "next";
import { PHASE_PRODUCTION_BUILD } from "next/constants";
import { SECURITY_HEADERS } from "./lib/server/security-headers";

const distDir = process.env.NEXT_DIST_DIR || ".next";

/**
 * Tests and benchmarks build into folders of their own so they never touch the
 * served `.next`. Next rewrites the tsconfig it is given to include each build
 * folder's route types, and two folders' types clash; so a side build gets a
 * throwaway tsconfig extending the real one, and skips the type check that the
 * main build (and `npm run typecheck`) already does.
 */
function sideBuildTypescript(): NextConfig["typescript"] {
  if (distDir === ".next") return undefined;
  const tsconfigPath = path.join("tests", "tmp", `tsconfig.${path.basename(distDir)}.json`);
  fs.mkdirSync(path.dirname(tsconfigPath), { recursive: true });
  const realConfig = JSON.parse(fs.readFileSync("tsconfig.json", "utf8")) as { compilerOptions: Record<string, unknown> };
  fs.writeFileSync(
    tsconfigPath,
    JSON.stringify({ compilerOptions: { ...realConfig.compilerOptions, paths: { "@/*": ["../../*"] } }, include: [], exclude: ["../../node_modules"] }, null, 2),
  );
  return { tsconfigPath, ignoreBuildErrors: true };
}

const nextConfig: NextConfig = {
  distDir,
  // Pages rendered on demand (ISR) must use the same origin as the pages built with them:
  // SITE_URL is fixed at build time, whatever the server's environment later.
  env: { SITE_URL: process.env.SITE_URL ?? "" },
  typescript: sideBuildTypescript(),
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ["better-sqlite3", "subset-font"],
  // The stylesheet goes inside each page as a <style> (style-src allows inline styles): a
  // separate stylesheet is a render-blocking request, and on a slow phone the text waited for it.
  experimental: { globalNotFound: true, inlineCss: true },
  // Several instances share the pages they render on demand through Redis (off by default: the disk cache).
  cacheHandler: process.env.REDIS_URL ? path.resolve("lib/server/redis-cache-handler.cjs") : undefined,
  async headers() {
    // The API never reaches Next (lib/server/api-routes.ts); it sends the same headers itself.
    return [{ source: "/:path*", headers: [...SECURITY_HEADERS] }];
  },
};

/**
 * A production build refuses bad content before compiling anything, with the
 * same messages as `npm run content:check`.
 */
function checkContentOrFail() {
  // Next loads this file more than once per build (and in its workers); check once.
  if (process.env.CONTENT_CHECK_PASSED === "1") return;
  const indexFile = path.join(os.tmpdir(), `content-index-${process.pid}-${Date.now()}.json`);
  const check = spawnSync(process.execPath, ["--import", "tsx", "scripts/content-check.ts"], { stdio: "inherit", env: { ...process.env, CONTENT_INDEX_OUT: indexFile } });
  if (check.status !== 0) {
    throw new Error("The build stopped because the content has problems (listed above). Fix them, or run npm run content:check to see them again.");
  }
  // Where the check stored the summaries: the search index, the build workers and the built server read them from there.
  process.env.CONTENT_INDEX = fs.readFileSync(indexFile, "utf8");
  fs.rmSync(indexFile, { force: true });
  const index = spawnSync(process.execPath, ["--import", "tsx", "scripts/build-search-index.ts"], { stdio: "inherit" });
  if (index.status !== 0) throw new Error("The build stopped because the search index could not be built (see above).");
  process.env.CONTENT_CHECK_PASSED = "1";
}

export default function config(phase: string): NextConfig {
  if (phase === PHASE_PRODUCTION_BUILD) checkContentOrFail();
  return { ...nextConfig, env: { ...nextConfig.env, CONTENT_INDEX: process.env.CONTENT_INDEX ?? "" } };
}
