import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

/** Browser tests run against the production build (`next build` first), on loopback only. */
const port = Number(process.env.TEST_PORT ?? 3100);
export const baseURL = `http://127.0.0.1:${port}`;
const dbFile = path.join(os.tmpdir(), `yangguang-browser-tests-${process.pid}.db`);

export default defineConfig({
  testDir: "./browser",
  outputDir: "./tmp/playwright-output",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  reporter: [["list"], ["json", { outputFile: "tmp/playwright-report.json" }]],
  use: {
    baseURL,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  // TEST_EXTERNAL_SERVER=1: test a server already running on TEST_PORT (e.g. a build in its own NEXT_DIST_DIR).
  webServer: process.env.TEST_EXTERNAL_SERVER === "1" ? undefined : {
    command: `NODE_ENV=production npx tsx lib/server/start-site.ts -H 127.0.0.1 -p ${port}`,
    cwd: path.resolve(__dirname, ".."),
    url: `${baseURL}/zh`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      COMMENTS_DB: dbFile,
      COMMENTS_ADMIN_TOKEN: "browser-test-admin-token",
      // Most specs post and expect to see the comment; the pre-moderation default has its own spec (admin-console).
      COMMENTS_MODERATION: process.env.TEST_COMMENTS_MODERATION ?? "post",
      COMMENTS_SECRET: "browser-test-secret-0123456789abcdefghij",
      // The browser tests are many readers on one address; comments-abuse.test.ts and nginx.spec.ts test those limits.
      COMMENTS_ADDRESS_LIMIT_PER_MINUTE: "0",
      COMMENTS_ADDRESS_LIMIT_PER_HOUR: "0",
      LIKES_ADDRESS_LIMIT_PER_MINUTE: "0",
      COMMENTS_REPORT_LIMIT_PER_MINUTE: "0",
    },
  },
});
