import type { Transaction } from "kysely";
import type { commentQueries } from "./comment-queries";
import type { CommentsDatabase } from "./schema";
import type { StoreDialect } from "./store-dialect";

/**
 * How long a deleted comment keeps counting against its reader, address and
 * report: longer than any window a post is limited over (an hour at most,
 * comments-runtime.ts). The read only counts events inside each rule's
 * window, so a longer keep costs only rows until the sweep.
 */
export const DELETED_POST_KEEP_MS = 24 * 60 * 60_000;

/**
 * Before comments are deleted (with their replies, by the foreign key's
 * cascade), each one younger than DELETED_POST_KEEP_MS leaves a rate event
 * under each of its row keys (rate-limiter.ts `rowKey`), at its own moment:
 * posts are counted from their rows (group-rates.ts), and a reader whose
 * comments a moderator deleted must not get that quota back. Run in the
 * deleting transaction, so a read sees either the rows or their events.
 */
export async function keepDeletedPostsCounted(
  trx: Transaction<CommentsDatabase>,
  queries: ReturnType<typeof commentQueries>,
  dialect: Pick<StoreDialect, "time">,
  ids: readonly number[],
  now: Date,
): Promise<void> {
  // In chunks of powers of two (few compiled lengths) of at most 256 ids (each is bound twice).
  for (let i = 0; i < ids.length; ) {
    const size = Math.min(256, 2 ** Math.floor(Math.log2(ids.length - i)));
    await trx.executeQuery(queries.keepDeletedCounted({ ids: ids.slice(i, i + size), since: dialect.time(new Date(now.getTime() - DELETED_POST_KEEP_MS)), keepMs: DELETED_POST_KEEP_MS }));
    i += size;
  }
}
