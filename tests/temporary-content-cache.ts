import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";

/** Points CONTENT_CACHE_DIR at a folder of this test file's own for its run (so its search index is built there), removed afterwards. */
export function useTemporaryContentCache(prefix: string): void {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  beforeAll(() => {
    process.env.CONTENT_CACHE_DIR = cache;
  });
  afterAll(() => {
    delete process.env.CONTENT_CACHE_DIR;
    fs.rmSync(cache, { recursive: true, force: true });
  });
}
