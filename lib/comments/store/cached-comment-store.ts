import type { CommentCounts, CommentStore } from "./comment-store";
import type { BanKeys } from "./moderation-store";

/** Writes made through the stores that share it (each bumps it before and after). */
export interface WriteCounter {
  count: number;
}

/** Most cached read results kept; past this the cache starts afresh. */
const MAX_CACHED_READS = 2_000;

/**
 * Counts over at least this many comments are served from their last reading
 * after a write, and read again at most once in COUNT_SPACING times what the
 * last reading took (countAt, below); smaller ones are read afresh after
 * every write, as lists are. Counting 5,000 comments takes about 2 ms on
 * SQLite; decided by the count rather than by a timing, so a count of a small
 * report never lags, however busy the machine.
 */
export const KEEP_COUNTS_FROM = 5_000;
export const COUNT_SPACING = 20;

/**
 * Where news of moderation (bans, closed reports) comes from: the other
 * processes' changes to them (undefined: cannot tell, read uncached) and this
 * process's own moderation writes.
 */
export interface ModerationChanges {
  otherChanges: () => number | undefined;
  ownWrites: WriteCounter;
}

/** Bans in force when read, by reader and by address: until (ms since epoch), Infinity for good. */
interface BanSet {
  readAt: number;
  byReader: Map<string, number>;
  byAddress: Map<string, number>;
}

function toBanSet(bans: readonly BanKeys[], readAt: number): BanSet {
  const set: BanSet = { readAt, byReader: new Map(), byAddress: new Map() };
  for (const { readerId, ipHash, until } of bans) {
    const end = until === null ? Infinity : until.getTime();
    if (readerId !== null) set.byReader.set(readerId, Math.max(end, set.byReader.get(readerId) ?? -Infinity));
    if (ipHash !== null) set.byAddress.set(ipHash, Math.max(end, set.byAddress.get(ipHash) ?? -Infinity));
  }
  return set;
}

/**
 * Lists and counts are read far more often than comments are written, so a
 * store whose every writer can be noticed keeps their results until the data
 * changes: a write through this store bumps `ownWrites` (before and after, so
 * a read overlapping the write is not kept), and a commit by anyone else moves
 * `otherWrites` (SQLite: PRAGMA data_version; PostgreSQL: the change
 * notifications, postgres-change-listener.ts). When `otherWrites` cannot tell
 * (undefined: PostgreSQL's LISTEN connection is down) every read goes to the
 * database and nothing is kept. Readers asking for the same thing while it is
 * read share one query. Results are frozen, since every caller shares them.
 * `ownWrites` may be shared by several stores over the same data in one
 * process (PostgreSQL: sharedWriteCounter), which then see each other's
 * writes at once rather than when the notification arrives. Bans and closed
 * reports are kept apart, by `moderation` (below, at isBanned).
 */
export function withReadCache(
  store: CommentStore,
  otherWrites: () => number | undefined,
  ownWrites: WriteCounter = { count: 0 },
  moderation: ModerationChanges = { otherChanges: otherWrites, ownWrites: { count: 0 } },
  clock: () => number = () => performance.now(),
): CommentStore {
  let entries = new Map<string, Promise<unknown>>();
  let version = "";
  /**
   * otherWrites() as asked in this synchronous run of code: a list asks for
   * its page and its counts together, and one check answers both (SQLite's
   * PRAGMA data_version was a tenth of a list request's CPU). Forgotten before
   * any other code runs, so every request still checks for itself.
   */
  let othersNow: { value: number | undefined } | undefined;

  function others(): number | undefined {
    if (!othersNow) {
      othersNow = { value: otherWrites() };
      queueMicrotask(() => {
        othersNow = undefined;
      });
    }
    return othersNow.value;
  }

  /** The version of the data as of now; undefined when other processes' writes cannot be told (nothing is kept). */
  function currentVersion(): string | undefined {
    const current = others();
    if (current === undefined) return undefined;
    const now = `${current}:${ownWrites.count}`;
    if (now !== version) {
      entries = new Map();
      version = now;
    }
    return now;
  }

  function cached<T>(key: string, read: () => Promise<T>): Promise<T> {
    if (currentVersion() === undefined) return read();
    const hit = entries.get(key);
    if (hit) return hit as Promise<T>;
    if (entries.size >= MAX_CACHED_READS) entries = new Map();
    const own = entries;
    const value = read().then(deepFreeze, (error: unknown) => {
      own.delete(key); // a failure (database busy) is not remembered
      throw error;
    });
    entries.set(key, value);
    return value;
  }

  /** Each count's last reading, whatever the version: what a big report's count serves while it is read again. */
  let lastCounts = new Map<string, { value: unknown; cost: number; readAt: number; rereading: boolean }>();

  /**
   * A count (how many comments and readers a report has) goes over every
   * counted comment of the report, so its cost grows with the report: 110 ms
   * at 320,000 comments on SQLite, synchronous on the event loop, and every
   * write group empties the cache. Under a stream of posts beside readers,
   * lists read the count afresh after every group and the server spent its
   * time counting (lists fell from 860 to 205 req/s and posts beside them
   * from 245 to 46 as the report grew). So a count of KEEP_COUNTS_FROM
   * comments or more keeps being served after writes from its last reading,
   * read again in the background (`reread`) at most once in COUNT_SPACING
   * times what that reading took (a twentieth of the time counting at most);
   * a reading also serves its version if no write came meanwhile. A big
   * report's counts lag its writes by up to that spacing (about 2 s at 320,000
   * comments); smaller ones never lag. Returns this version's reading, or the
   * kept one (`kept`: the caller freshens what must never lag, such as the
   * closed flag), or undefined: read it now (readCountsNow).
   */
  function countAt<T>(key: string, size: (value: T) => number, reread: () => Promise<unknown>): { value: Promise<T>; kept: boolean } | undefined {
    const hit = entries.get(key);
    if (hit) return { value: hit as Promise<T>, kept: false };
    const last = lastCounts.get(key);
    if (!last || size(last.value as T) < KEEP_COUNTS_FROM) return undefined;
    if (!last.rereading && clock() - last.readAt >= last.cost * COUNT_SPACING) {
      last.rereading = true;
      reread().catch(() => {
        last.rereading = false; // a failure (database busy): the next request tries again
      });
    }
    return { value: Promise.resolve(last.value as T), kept: true };
  }

  /** Reads the counts of these keys in one go and keeps each reading: what it took, when, and (no write since `at`) this version's answer. */
  async function readCounts<T>(keys: readonly string[], at: string, read: () => Promise<readonly T[]>): Promise<readonly T[]> {
    const started = clock();
    const values = (await read()).map((value) => deepFreeze(value));
    const cost = clock() - started;
    if (lastCounts.size + keys.length > MAX_CACHED_READS) lastCounts = new Map();
    keys.forEach((key, i) => {
      lastCounts.set(key, { value: values[i], cost, readAt: clock(), rereading: false });
      if (version === at && !entries.has(key)) entries.set(key, Promise.resolve(values[i]));
    });
    return values;
  }

  /** readCounts, with each key's answer shared meanwhile by this version's other readers. */
  function readCountsNow<T>(keys: readonly string[], at: string, read: () => Promise<readonly T[]>): Promise<T>[] {
    const all = readCounts(keys, at, read);
    if (entries.size + keys.length > MAX_CACHED_READS) entries = new Map();
    const own = entries;
    return keys.map((key, i) => {
      const value = all.then((values) => values[i]!);
      own.set(key, value);
      value.catch(() => own.delete(key)); // a failure (database busy) is not remembered
      return value;
    });
  }

  /**
   * Counts by report, each kept on its own: one statement for the reports
   * this version has not counted, and a request naming a report in a new
   * combination (GET /api/comment-counts takes up to 100) costs nothing for
   * the reports already counted. Kept by combination, a flood of combinations
   * with one big report in each counted it again for every request.
   */
  async function countComments(slugs: readonly string[]): Promise<Map<string, CommentCounts>> {
    const at = currentVersion();
    if (at === undefined) return store.countComments(slugs);
    const key = (slug: string) => `count\0${slug}`;
    const read = (some: readonly string[]) => async () => {
      const counts = await store.countComments(some);
      return some.map((slug) => counts.get(slug)!);
    };
    const answers = new Map<string, Promise<CommentCounts>>();
    const missing: string[] = [];
    for (const slug of slugs) {
      const now = countAt<CommentCounts>(key(slug), (counts) => counts.comments, () => readCounts([key(slug)], at, read([slug])));
      if (now) answers.set(slug, now.value);
      else missing.push(slug);
    }
    if (missing.length > 0) readCountsNow(missing.map(key), at, read(missing)).forEach((value, i) => answers.set(missing[i]!, value));
    const counts = new Map<string, CommentCounts>();
    for (const slug of slugs) counts.set(slug, await answers.get(slug)!);
    return counts;
  }

  type Summary = Awaited<ReturnType<CommentStore["threadSummary"]>>;

  /** A report's counts (kept as countAt says) and its closed flag, which is never kept. */
  function threadSummary(slug: string): Promise<Summary> {
    const at = currentVersion();
    if (at === undefined) return store.threadSummary(slug);
    const key = `summary\0${slug}`;
    const read = async () => [await store.threadSummary(slug)];
    const now = countAt<Summary>(key, (summary) => summary.comments, () => readCounts([key], at, read));
    if (!now) return readCountsNow([key], at, read)[0]!;
    return now.kept ? now.value.then(async (kept) => ({ ...kept, closed: await isReportClosed(slug) })) : now.value;
  }

  /**
   * Bans and closed reports, kept across comment writes: every post asks
   * both, and under a stream of posts the list cache above is emptied by each
   * write, so they were two statements a post (on PostgreSQL a round trip and
   * a backend's work each: posts went 1.5x as fast without the ban check).
   * They change only by moderation: a moderation write here, or a change
   * elsewhere (SQLite: any commit by another connection; PostgreSQL: the
   * notification migration 0017 sends for bans and closed reports).
   */
  let moderationKept: { version: string; bans?: Promise<BanSet>; closed?: Promise<ReadonlySet<string>> } = { version: "" };

  function moderationVersion(): string | undefined {
    const changes = moderation.otherChanges === otherWrites ? others() : moderation.otherChanges();
    if (changes === undefined) return undefined;
    const now = `${changes}:${moderation.ownWrites.count}`;
    if (now !== moderationKept.version) moderationKept = { version: now };
    return now;
  }

  /** One read per moderation version, shared by every caller; a failure (database busy) is not remembered. */
  function keep<T>(kept: typeof moderationKept, get: () => Promise<T> | undefined, set: (value: Promise<T> | undefined) => void, read: () => Promise<T>): Promise<T> {
    const held = get();
    if (held) return held;
    const value = read();
    set(value);
    value.catch(() => {
      if (moderationKept === kept && get() === value) set(undefined);
    });
    return value;
  }

  async function isBanned(readerId: string, ipHash: string | null, now: Date): Promise<boolean> {
    if (moderationVersion() === undefined) return store.isBanned(readerId, ipHash, now);
    const at = now.getTime();
    const kept = moderationKept;
    const bans = await keep(kept, () => kept.bans, (value) => (kept.bans = value), async () => toBanSet(await store.bansInForce(now), at));
    // Kept from a later moment than asked about (a clock set back): bans that ended in between are not in it.
    if (at < bans.readAt) return store.isBanned(readerId, ipHash, now);
    return (bans.byReader.get(readerId) ?? -Infinity) > at || (ipHash !== null && (bans.byAddress.get(ipHash) ?? -Infinity) > at);
  }

  async function isReportClosed(slug: string): Promise<boolean> {
    if (moderationVersion() === undefined) return store.isReportClosed(slug);
    const kept = moderationKept;
    return (await keep(kept, () => kept.closed, (value) => (kept.closed = value), async () => new Set(await store.listClosedReports()))).has(slug);
  }

  /** A write that changes bans or closed reports: both caches hear of it, before and after. */
  function moderationWrite<A extends unknown[], R>(method: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    const counted = write(method);
    return async (...args) => {
      moderation.ownWrites.count++;
      try {
        return await counted(...args);
      } finally {
        moderation.ownWrites.count++;
      }
    };
  }

  function write<A extends unknown[], R>(method: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return async (...args) => {
      ownWrites.count++;
      try {
        return await method.apply(store, args);
      } finally {
        ownWrites.count++;
      }
    };
  }

  return {
    createComment: write(store.createComment),
    like: write(store.like),
    unlike: write(store.unlike),
    setStatus: write(store.setStatus),
    deleteComment: write(store.deleteComment),
    listComments: (query) =>
      cached(`list\0${query.slug}\0${query.sort}\0${query.offset}\0${query.limit}\0${query.replyPreview ?? ""}`, () => store.listComments(query)),
    listReplies: (parentId, offset, limit) => cached(`replies\0${parentId}\0${offset}\0${limit}`, () => store.listReplies(parentId, offset, limit)),
    countComments,
    threadSummary,
    // Not cached: rate events and address pseudonyms are never listed.
    getComment: (id) => store.getComment(id),
    listByStatus: (status, limit) => store.listByStatus(status, limit),
    hitRateLimit: (checks, now) => store.hitRateLimit(checks, now),
    clearAddressHashes: (before) => store.clearAddressHashes(before),
    // Word rules are cached by their own version check (word-rules/word-rule-cache.ts); reports and imports change lists.
    wordRulesVersion: () => store.wordRulesVersion(),
    listWordRules: () => store.listWordRules(),
    saveWordRules: (rules) => store.saveWordRules(rules),
    removeWordRules: (words) => store.removeWordRules(words),
    reportComment: write(store.reportComment),
    listReportedComments: (limit, offset) => store.listReportedComments(limit, offset),
    dismissReports: write(store.dismissReports),
    exportComments: (afterId, limit) => store.exportComments(afterId, limit),
    importComments: write(store.importComments),
    recordAlert: (kind, commentId, slug, at) => store.recordAlert(kind, commentId, slug, at),
    claimAlerts: (channel, now, intervalMs, leaseMs, limit) => store.claimAlerts(channel, now, intervalMs, leaseMs, limit),
    finishAlerts: (channel, outcome, now) => store.finishAlerts(channel, outcome, now),
    // Moderation: actions change what lists show, so they count as writes; the rest is never cached.
    moderate: write(store.moderate),
    banAuthor: moderationWrite(store.banAuthor),
    countModerators: () => store.countModerators(),
    createModerator: (name, hash, now) => store.createModerator(name, hash, now),
    findModerator: (name) => store.findModerator(name),
    createSession: (idHash, moderatorId, now, expiresAt) => store.createSession(idHash, moderatorId, now, expiresAt),
    findSession: (idHash, now) => store.findSession(idHash, now),
    deleteSession: (idHash) => store.deleteSession(idHash),
    listQueue: (query) => store.listQueue(query),
    recordAudit: (entry) => store.recordAudit(entry),
    listAudit: (offset, limit) => store.listAudit(offset, limit),
    listBans: (now) => store.listBans(now),
    liftBan: moderationWrite(store.liftBan),
    isBanned,
    bansInForce: (now) => store.bansInForce(now),
    setReportClosed: moderationWrite(store.setReportClosed),
    // Asked with every post: kept until moderation changes.
    isReportClosed,
    listClosedReports: () => store.listClosedReports(),
    close: () => store.close(),
  };
}

const SHARED_COUNTERS = Symbol.for("yangguang.comments.sharedWriteCounters");

/**
 * One counter per database and schema for the whole process, so its stores
 * see each other's writes at once: kept on globalThis, since the server
 * entry's router and Next's bundle each load their own copy of this module
 * (a post through the API, then the comments page it redirects to).
 */
export function sharedWriteCounter(key: string): WriteCounter {
  const all = ((globalThis as { [SHARED_COUNTERS]?: Map<string, WriteCounter> })[SHARED_COUNTERS] ??= new Map());
  let counter = all.get(key);
  if (!counter) all.set(key, (counter = { count: 0 }));
  return counter;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (value instanceof Map) for (const item of value.values()) deepFreeze(item);
    else for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
