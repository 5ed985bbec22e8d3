import { COMMENT_STATUSES, type CommentStatus, type CommentStore, type TransferComment } from "../store/comment-store";

/**
 * The export file (lib/comments/README.md, "Export and import"), version 1:
 *
 *   { "format": "yangguang-comments", "version": 1, "exportedAt": "<ISO>",
 *     "comments": [ { "id", "parentId", "slug", "nickname", "text", "reader",
 *                     "status", "createdAt", "likes", "official" }, … ] }
 *
 * Parents come before their replies (id order). One comment per line, so a
 * file diffs and greps well and is written a page at a time.
 */
export const TRANSFER_FORMAT = "yangguang-comments";
export const TRANSFER_VERSION = 1;
/** The source name imports of our own files are recorded under (source id = the exporting site's id). */
export const OWN_SOURCE = "yangguang";

export interface TransferFileComment {
  id: string;
  parentId: string | null;
  slug: string;
  nickname: string | null;
  text: string;
  /** The stored reader id (a keyed hash; no cookie value, no address). */
  reader: string;
  status: CommentStatus;
  createdAt: string;
  likes: number;
  /** An official reply (官方回复); absent means false. */
  official?: boolean;
}

const EXPORT_PAGE = 1_000;

/** Writes the export file, a page of comments at a time (memory stays flat however many there are). */
export async function writeExport(store: CommentStore, write: (chunk: string) => void, now = new Date()): Promise<number> {
  write(`{"format":${JSON.stringify(TRANSFER_FORMAT)},"version":${TRANSFER_VERSION},"exportedAt":${JSON.stringify(now.toISOString())},"comments":[`);
  let after = "0";
  let count = 0;
  for (;;) {
    const page = await store.exportComments(after, EXPORT_PAGE);
    for (const c of page) {
      const line: TransferFileComment = { id: c.sourceId, parentId: c.parentSourceId, slug: c.slug, nickname: c.nickname, text: c.text, reader: c.readerId, status: c.status, createdAt: c.createdAt.toISOString(), likes: c.likes, ...(c.official ? { official: true } : {}) };
      write(`${count === 0 ? "" : ","}\n${JSON.stringify(line)}`);
      count++;
    }
    if (page.length < EXPORT_PAGE) break;
    after = page.at(-1)!.sourceId;
  }
  write("\n]}\n");
  return count;
}

export class TransferFormatError extends Error {
  override name = "TransferFormatError";
}

/** Our own file, checked field by field; the first bad comment is named by its position and id. */
export function parseOwnExport(file: Record<string, unknown>): TransferComment[] {
  if (file.version !== TRANSFER_VERSION) throw new TransferFormatError(`unsupported ${TRANSFER_FORMAT} version ${JSON.stringify(file.version)} (this site reads version ${TRANSFER_VERSION})`);
  if (!Array.isArray(file.comments)) throw new TransferFormatError(`"comments" must be a list`);
  return file.comments.map((raw: unknown, index) => {
    const c = (raw ?? {}) as Partial<Record<keyof TransferFileComment, unknown>>;
    const where = `comment ${index + 1}${typeof c.id === "string" ? ` (id ${c.id})` : ""}`;
    const text = (name: string, value: unknown, nullable = false) => {
      if (typeof value === "string" || (nullable && value === null)) return value as string;
      throw new TransferFormatError(`${where}: "${name}" must be ${nullable ? "a string or null" : "a string"}`);
    };
    const createdAt = new Date(text("createdAt", c.createdAt));
    if (Number.isNaN(createdAt.getTime())) throw new TransferFormatError(`${where}: "createdAt" is not a date`);
    if (!COMMENT_STATUSES.includes(c.status as CommentStatus)) throw new TransferFormatError(`${where}: "status" must be one of ${COMMENT_STATUSES.join(", ")}`);
    if (!Number.isSafeInteger(c.likes) || (c.likes as number) < 0) throw new TransferFormatError(`${where}: "likes" must be a whole number`);
    if (c.official !== undefined && typeof c.official !== "boolean") throw new TransferFormatError(`${where}: "official" must be true or false`);
    return {
      sourceId: text("id", c.id),
      parentSourceId: text("parentId", c.parentId, true),
      slug: text("slug", c.slug),
      nickname: text("nickname", c.nickname, true),
      text: text("text", c.text),
      readerId: text("reader", c.reader),
      status: c.status as CommentStatus,
      createdAt,
      likes: c.likes as number,
      official: c.official === true,
    };
  });
}
