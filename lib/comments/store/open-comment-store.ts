import { withReadCache } from "./cached-comment-store";
import type { CommentStore } from "./comment-store";
import { KyselyCommentStore } from "./kysely-comment-store";
import { postgresDialect, type PostgresStoreOptions } from "./postgres-dialect";
import { sqliteDialect } from "./sqlite-dialect";

export { COMMENTS_SCHEMA_VERSION, LEGACY_SCHEMA_VERSION } from "./migrations/index";
export { isConnectionError, type PostgresStoreOptions } from "./postgres-dialect";

/** A PostgreSQL store; `ready()` migrates ahead of the first request. */
export type PostgresCommentStore = KyselyCommentStore;

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
 * `ready()`), and that call first brings the schema up to date.
 */
export function openPostgresCommentStore(options: PostgresStoreOptions): PostgresCommentStore {
  return new KyselyCommentStore(postgresDialect(options));
}
