import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * A folder of JSON results keyed by a hash of their input, so content that did
 * not change is not parsed again: content:check, every build worker and the
 * server all read the same results. The key includes a fingerprint of the
 * parser's own source files, so changing the parser invalidates everything.
 * `CONTENT_CACHE_DIR=off` disables it.
 */
export function contentCacheDir(): string | undefined {
  const configured = process.env.CONTENT_CACHE_DIR?.trim();
  if (configured === "off") return undefined;
  return configured ? path.resolve(configured) : path.join(process.cwd(), "node_modules", ".cache", "yangguang-content");
}

let fingerprint: string | undefined;

/** Hash of lib/content/*.ts, lib/search/*.ts and the Markdown packages' versions: a parser or tokenizer change makes new keys. */
function parserFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const hash = crypto.createHash("sha1");
  try {
    for (const folder of ["content", "search"]) {
      const libDir = path.join(process.cwd(), "lib", folder);
      for (const name of fs.readdirSync(libDir).sort()) if (name.endsWith(".ts")) hash.update(name).update(fs.readFileSync(path.join(libDir, name)));
    }
  } catch {
    hash.update(String(Date.now())); // no sources beside us: never reuse a result
  }
  for (const pkg of ["remark", "remark-html", "js-yaml", "hast-util-sanitize"]) {
    try {
      hash.update(JSON.parse(fs.readFileSync(path.join(process.cwd(), "node_modules", pkg, "package.json"), "utf8")).version);
    } catch {
      hash.update(pkg);
    }
  }
  fingerprint = hash.digest("hex").slice(0, 16);
  return fingerprint;
}

export function cacheKey(...parts: string[]): string {
  const hash = crypto.createHash("sha1").update(parserFingerprint());
  for (const part of parts) hash.update("\0").update(part);
  return hash.digest("hex");
}

export function readCached<T>(kind: string, key: string): T | undefined {
  const dir = contentCacheDir();
  if (!dir) return undefined;
  try {
    return JSON.parse(fs.readFileSync(path.join(/*turbopackIgnore: true*/ dir, kind, key.slice(0, 2), `${key}.json`), "utf8")) as T;
  } catch {
    return undefined;
  }
}

/** Written to a temporary name and renamed, so parallel build workers never read half a file. */
export function writeCached(kind: string, key: string, value: unknown): void {
  const dir = contentCacheDir();
  if (!dir) return;
  const folder = path.join(/*turbopackIgnore: true*/ dir, kind, key.slice(0, 2));
  try {
    const temporary = path.join(folder, `${key}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
    const text = JSON.stringify(value);
    try {
      fs.writeFileSync(temporary, text);
    } catch (error) {
      // The folder is made when first missing, not before every write: a cold check writes thousands into 256 folders.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(temporary, text);
    }
    fs.renameSync(temporary, path.join(folder, `${key}.json`));
  } catch {
    // A cache that cannot be written only costs time.
  }
}
