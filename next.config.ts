import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { NextConfig } from "next";
import { PHASE_PRODUCTION_BUILD } from "next/constants";
import { contentSecurityPolicy } from "./lib/server/content-security-policy";

/**
 * Headers every response carries. The Content-Security-Policy here is the
 * fallback for a server started without lib/server/site-server.ts; the entry
 * replaces it with the page's own script hashes (or nonce).
 */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()" },
  { key: "Content-Security-Policy", value: contentSecurityPolicy() },
];

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
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

/**
 * A production build refuses bad content before compiling anything, with the
 * same messages as `npm run content:check`.
 */
function checkContentOrFail() {
  // Next loads this file more than once per build (and in its workers); check once.
  if (process.env.CONTENT_CHECK_PASSED === "1") return;
  const check = spawnSync(process.execPath, ["--import", "tsx", "scripts/content-check.ts"], { stdio: "inherit" });
  if (check.status !== 0) {
    throw new Error("The build stopped because the content has problems (listed above). Fix them, or run npm run content:check to see them again.");
  }
  const index = spawnSync(process.execPath, ["--import", "tsx", "scripts/build-search-index.ts"], { stdio: "inherit" });
  if (index.status !== 0) throw new Error("The build stopped because the search index could not be built (see above).");
  process.env.CONTENT_CHECK_PASSED = "1";
}

export default function config(phase: string): NextConfig {
  if (phase === PHASE_PRODUCTION_BUILD) checkContentOrFail();
  return nextConfig;
}
