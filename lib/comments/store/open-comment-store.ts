import { sharedWriteCounter, withReadCache } from "./cached-comment-store";
import type { CommentStore } from "./comment-store";
import { KyselyCommentStore } from "./kysely-comment-store";
import { PostgresChangeListener } from "./postgres-change-listener";
import { postgresDialect, type PostgresStoreOptions } from "./postgres-dialect";
import { sqliteDialect } from "./sqlite-dialect";

export { COMMENTS_SCHEMA_VERSION, LEGACY_SCHEMA_VERSION } from "./migrations/index";
export { isConnectionError, type PostgresStoreOptions } from "./postgres-dialect";

/** A PostgreSQL store; `ready()` migrates ahead of the first request. */
export type PostgresCommentStore = CommentStore & { ready(): Promise<void> };

/**
 * Opens (creating when needed) a comments database file. The schema is brought
 * up to date right away, in the background; the first call waits for it.
 */
export function openSqliteCommentStore(file: string): CommentStore {
  const dialect = sqliteDialect(file);
  const store = new KyselyCommentStore(dialect);
  // Failures surface on the first call, which tries again.
  store.ready().catch(() => {});
  return withReadCache(store, dialect.dataVersion);
}

/**
 * Opens a PostgreSQL comment store. Nothing connects until the first call (or
 * `ready()`), and that call first brings the schema up to date. Lists, counts
 * and closed reports are cached like SQLite's, invalidated by the change
 * notifications every writer's commit sends (migration 0014), and read
 * uncached whenever this store is not listening for them. Stores of one
 * process on the same database and schema see each other's writes at once.
 */
export function openPostgresCommentStore(options: PostgresStoreOptions): PostgresCommentStore {
  const listener: PostgresChangeListener = new PostgresChangeListener({ ...options, ready: () => store.ready() });
  // Listening starts with the first use of any kind (the app's boot-time ready(), a write), so reads are cached from early on.
  const store = new (class extends KyselyCommentStore {
    override ready(): Promise<void> {
      listener.start();
      return super.ready();
    }
  })(postgresDialect(options));
  const key = `${options.connectionString}\0${options.schema ?? ""}`;
  const cached = withReadCache(store, () => listener.changesSeen(), sharedWriteCounter(key), {
    otherChanges: () => listener.moderationChangesSeen(),
    ownWrites: sharedWriteCounter(`${key}\0moderation`),
  });
  return {
    ...cached,
    ready: () => store.ready(),
    async close() {
      await listener.close();
      await cached.close();
    },
  };
}
