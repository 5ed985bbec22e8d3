/**
 * Builds the search index of the published reports into the content cache
 * (`next build` runs this after content:check), so the first search after a
 * deploy does not pay for it. Prints the index's size and build time.
 */
import fs from "node:fs";
import { ensureSearchIndex } from "@/lib/search/site-search";

// The index holds what production publishes: never drafts.
(process.env as Record<string, string>).NODE_ENV = "production";
const started = performance.now();
const { file, built } = ensureSearchIndex();
const ms = Math.round(performance.now() - started);
const mb = (fs.statSync(file).size / 1e6).toFixed(1);
console.log(`search index: ${built ? "built" : "up to date"} in ${ms} ms, ${mb} MB (${file})`);
