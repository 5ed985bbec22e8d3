// @ts-check
/**
 * Next's cache handler (next.config.ts `cacheHandler`, used when REDIS_URL is
 * set): pages rendered on demand (ISR: older reports, section pages, QR codes,
 * later list pages) are stored in Redis as well as on this instance's disk, so
 * with several instances a page is rendered once per build, not once per
 * instance. Keys are `<REDIS_KEY_PREFIX><build id>:<Next's key>`: a new build
 * never serves an older build's pages, and old builds' entries expire.
 *
 * Plain JavaScript because Next imports this file at run time with plain Node
 * (`next start` has no TypeScript loader). Redis being down or slow only
 * costs renders: every Redis error falls back to the disk cache.
 */
const fs = require("node:fs");
const path = require("node:path");
const Redis = require("ioredis");
const FileSystemCache = require("next/dist/server/lib/incremental-cache/file-system-cache").default;

/** Entries outlive any build's life on the site; a week after their last write they go. */
const TTL_SECONDS = 7 * 24 * 3600;

/** @type {import("ioredis").Redis | undefined} */
let client;
function redis() {
  if (!client) {
    client = new Redis(String(process.env.REDIS_URL), {
      // Not connected (Redis down, or still connecting): fail at once and let the disk answer, never make a reader wait.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 1000,
      commandTimeout: 1000,
    });
    // A lost connection is retried by ioredis; meanwhile commands fail and the disk cache answers.
    client.on("error", () => {});
  }
  return client;
}

/** Buffers (HTML, RSC data) and Maps (segment data) survive JSON as tagged objects. */
function encode(value) {
  return JSON.stringify(value, function (key, item) {
    const raw = this[key];
    if (Buffer.isBuffer(raw)) return { __buffer: raw.toString("base64") };
    if (raw instanceof Map) return { __map: [...raw.entries()] };
    return item;
  });
}

function decode(text) {
  return JSON.parse(text, (_key, item) => {
    if (item && typeof item === "object" && typeof item.__buffer === "string") return Buffer.from(item.__buffer, "base64");
    if (item && typeof item === "object" && Array.isArray(item.__map)) return new Map(item.__map);
    return item;
  });
}

class RedisCacheHandler extends FileSystemCache {
  /** @param {ConstructorParameters<typeof FileSystemCache>[0]} ctx */
  constructor(ctx) {
    super(ctx);
    /** @type {string | undefined} */
    this.namespace = undefined;
    try {
      const buildId = fs.readFileSync(path.join(ctx.serverDistDir, "..", "BUILD_ID"), "utf8").trim();
      if (buildId) this.namespace = `${process.env.REDIS_KEY_PREFIX ?? "yangguang:next:"}${buildId}:`;
    } catch {
      // No build id yet (during the build itself): the disk cache alone, never a key another build could read.
    }
  }

  /** @param {Parameters<FileSystemCache["get"]>} args */
  async get(...args) {
    const [key] = args;
    if (this.namespace) {
      try {
        const stored = await redis().getBuffer(this.namespace + key);
        if (stored) return decode(stored.toString("utf8"));
      } catch {
        // Redis unavailable: this instance's own cache.
      }
    }
    return super.get(...args);
  }

  /** @param {Parameters<FileSystemCache["set"]>} args */
  async set(...args) {
    const [key, data, ctx] = args;
    await super.set(...args);
    if (!this.namespace) return;
    try {
      const entry = { lastModified: Date.now(), value: data, cacheControl: ctx && "cacheControl" in ctx ? ctx.cacheControl : undefined };
      await redis().set(this.namespace + key, encode(entry), "EX", TTL_SECONDS);
    } catch {
      // The page is still cached on this instance's disk.
    }
  }
}

module.exports = RedisCacheHandler;
