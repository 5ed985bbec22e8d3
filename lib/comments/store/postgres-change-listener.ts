import pg from "pg";

/** The payload of the notification bans and closed reports send (migration 0017). */
export const MODERATION_PAYLOAD = "moderation";

/** First wait before reconnecting a lost LISTEN connection; doubled per failure up to the most. */
const FIRST_RETRY_MS = 100;
const MOST_RETRY_MS = 5_000;
/** A LISTEN connection that died without a word (half-open TCP) is noticed within about this plus the timeout. */
const HEARTBEAT_MS = 5_000;
const HEARTBEAT_TIMEOUT_MS = 3_000;

export interface ChangeListenerOptions {
  connectionString: string;
  schema?: string;
  connectTimeoutMs?: number;
  /** Resolves once the schema is migrated (the channel's function exists). */
  ready: () => Promise<void>;
}

/**
 * One LISTEN connection per store, outside the pool, on the channel the
 * change triggers notify (migration 0014): `changesSeen()` moves with every
 * commit that changed comments or closed reports, by any process. While the
 * connection is not listening (not yet connected, lost, reconnecting) it
 * answers undefined, and a cache must then serve nothing it kept: a commit
 * made meanwhile would go unheard. Reconnecting counts as a change, for the
 * same reason. Nothing connects before `start()` or the first question.
 */
export class PostgresChangeListener {
  private client: pg.Client | undefined;
  private listening = false;
  private changes = 0;
  /** Notifications that bans or closed reports changed (migration 0017), and reconnections. */
  private moderationChanges = 0;
  private started = false;
  private closed = false;
  private retryMs = FIRST_RETRY_MS;
  private retry: NodeJS.Timeout | undefined;
  /** The current outage was logged (once each: a database that stays down retries every 5 s). */
  private warned = false;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly options: ChangeListenerOptions) {}

  /** Changes heard so far; undefined while nothing can be heard. */
  changesSeen(): number | undefined {
    this.start();
    return this.listening ? this.changes : undefined;
  }

  /** Changes to bans and closed reports heard so far (each is a change too); undefined while nothing can be heard. */
  moderationChangesSeen(): number | undefined {
    this.start();
    return this.listening ? this.moderationChanges : undefined;
  }

  /** Connects and listens, once (later losses reconnect by themselves). */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    void this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.drop();
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    try {
      await this.options.ready();
    } catch (error) {
      this.warn(error);
      this.retryLater();
      return;
    }
    if (this.closed) return;
    const { connectionString, schema, connectTimeoutMs = 3_000 } = this.options;
    const client = new pg.Client({
      connectionString,
      connectionTimeoutMillis: connectTimeoutMs,
      query_timeout: HEARTBEAT_TIMEOUT_MS,
      keepAlive: true,
      // Names the schema, so an operator (or a test) can tell which instance listens where.
      application_name: `yangguang-comments-listen${schema ? `:${schema}` : ""}`.slice(0, 63),
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    this.client = client;
    client.on("notification", (message) => {
      this.changes++;
      if (message.payload === MODERATION_PAYLOAD) this.moderationChanges++;
    });
    client.on("error", (error) => this.lost(client, error));
    client.on("end", () => this.lost(client, new Error("connection ended")));
    try {
      await client.connect();
      const { rows } = await client.query<{ channel: string }>("SELECT comments_change_channel(current_schema()) AS channel");
      await client.query(`LISTEN ${client.escapeIdentifier(rows[0]!.channel)}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.client !== client) return; // lost or closed meanwhile
    // Whatever was committed before the LISTEN took hold went unheard.
    this.changes++;
    this.moderationChanges++;
    this.listening = true;
    this.retryMs = FIRST_RETRY_MS;
    if (this.warned) console.warn("comments database: listening for changes again; lists are cached again");
    this.warned = false;
    this.heartbeat = setInterval(() => {
      client.query("SELECT 1").catch((error: unknown) => this.lost(client, error));
    }, HEARTBEAT_MS).unref();
  }

  private drop(): void {
    this.client = undefined;
    this.listening = false;
    clearInterval(this.heartbeat);
  }

  private lost(client: pg.Client, error: unknown): void {
    if (this.client !== client) return;
    this.drop();
    client.end().catch(() => {});
    this.warn(error);
    this.retryLater();
  }

  /** Says so once per outage (never listened yet, or lost), so a cache that quietly stopped caching shows in the log. */
  private warn(error: unknown): void {
    if (this.warned || this.closed) return;
    this.warned = true;
    console.warn(`comments database: not listening for changes (${(error as Error).message}); lists are read uncached until it is back`);
  }

  private retryLater(): void {
    if (this.closed) return;
    this.retry = setTimeout(() => void this.connect(), this.retryMs).unref();
    this.retryMs = Math.min(this.retryMs * 2, MOST_RETRY_MS);
  }
}
