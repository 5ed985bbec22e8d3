import { spawnSync } from "node:child_process";
import type { NextConfig } from "next";
import { PHASE_PRODUCTION_BUILD } from "next/constants";

/**
 * Headers every response carries. Next's own inline bootstrap scripts need
 * 'unsafe-inline' for scripts unless every page is rendered per request with a
 * nonce, which would end static generation; everything else is locked down.
 */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()" },
  {
    key: "Content-Security-Policy",
    value: [
      "default-src 'self'",
      "script-src 'self' 'unsafe-inline'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "frame-ancestors 'self'",
      "form-action 'self'",
    ].join("; "),
  },
];

const nextConfig: NextConfig = {
  // A separate build folder lets tests and benchmarks build without touching the served one.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ["better-sqlite3"],
  experimental: { globalNotFound: true },
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
  process.env.CONTENT_CHECK_PASSED = "1";
}

export default function config(phase: string): NextConfig {
  if (phase === PHASE_PRODUCTION_BUILD) checkContentOrFail();
  return nextConfig;
}
