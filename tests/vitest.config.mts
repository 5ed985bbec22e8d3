import path from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "..");

export default defineConfig({
  root,
  plugins: [react()],
  resolve: { alias: { "@": root } },
  test: {
    include: ["tests/unit/**/*.test.{ts,tsx}"],
    environment: "node",
    // Store suites open real database files; keep them off each other's toes on 2 cores.
    fileParallelism: true,
    testTimeout: 20_000,
  },
});
