import { keyedHash, type CommentsKeys } from "../identity/comments-keys";
import type { CommentStatus, TransferComment } from "../store/comment-store";

/**
 * Waline's own export (its admin 导出 button; packages/server/src/controller/db.js):
 *
 *   { "type": "waline", "version": 1, "time": <ms>, "tables": ["Comment", "Counter", "Users"],
 *     "data": { "Comment": [ { objectId, nick, mail, link, comment, insertedAt, url,
 *                              pid, rid, like, status, ip, ua, … } ], "Counter": […], "Users": […] } }
 *
 * sometimes wrapped in the API's `{ errno, data }` envelope. What we keep:
 * nickname, text (as text: Waline's Markdown stays as written), time, status
 * (approved → published, waiting → pending, spam → hidden), the thread (rid,
 * else pid: we nest one level, so a reply to a reply joins its thread) and the
 * like count (`like`, as the comment's count: Waline keeps no per-reader likes,
 * so readers who liked there can like once more here). Never kept: e-mail, link,
 * user agent and IP address (dropped, not pseudonymized: a pseudonym only
 * serves duplicate checks and limits within 30 days, which an import does not
 * need). The reader id is a keyed hash of the e-mail (else the nickname, else
 * the comment), so a person's comments count as one participant and the
 * e-mail cannot be read back.
 */
export interface WalineSkip {
  objectId: string;
  url: string;
  reason: string;
}

export interface WalineParse {
  comments: TransferComment[];
  skipped: WalineSkip[];
}

const STATUS: Record<string, CommentStatus> = { approved: "published", waiting: "pending", spam: "hidden" };

export function isWalineExport(file: Record<string, unknown>): boolean {
  const inner = unwrap(file);
  return inner?.type === "waline" && typeof inner.data === "object" && inner.data !== null;
}

function unwrap(file: Record<string, unknown>): Record<string, unknown> | undefined {
  if (file.type === "waline") return file;
  const data = file.data as Record<string, unknown> | undefined;
  return data && typeof data === "object" && data.type === "waline" ? data : undefined;
}

/**
 * The report a Waline page URL belongs to: its path's last segment, without
 * `.html`, must be a report's slug (so /slug, /zh/slug, /en/reports/slug.html
 * and https://host/reports/slug/ all match).
 */
export function slugOfWalineUrl(url: string, isReport: (slug: string) => boolean): string | undefined {
  let path = url.trim();
  try {
    path = new URL(path, "http://x").pathname;
  } catch {
    return undefined;
  }
  const last = decodeSegment(path.replace(/\/+$/, "").split("/").pop() ?? "").replace(/\.html?$/i, "");
  return last !== "" && isReport(last) ? last : undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function parseWalineExport(file: Record<string, unknown>, isReport: (slug: string) => boolean, keys: Pick<CommentsKeys, "readerStorage">): WalineParse {
  const inner = unwrap(file)!;
  const rows = (inner.data as Record<string, unknown>).Comment;
  if (!Array.isArray(rows)) return { comments: [], skipped: [] };
  // Signed-in Waline users' comments carry user_id; their name is in Users (display_name), as Waline shows it.
  const users = new Map<string, string>();
  const userRows = (inner.data as Record<string, unknown>).Users;
  if (Array.isArray(userRows)) for (const u of userRows as Record<string, unknown>[]) if (u && typeof u.objectId === "string" && typeof u.display_name === "string") users.set(u.objectId, u.display_name);
  const skipped: WalineSkip[] = [];
  const kept: (TransferComment & { top: boolean })[] = [];
  for (const raw of rows as Record<string, unknown>[]) {
    const str = (value: unknown) => (typeof value === "string" ? value : typeof value === "number" ? String(value) : "");
    const objectId = str(raw?.objectId ?? raw?.id);
    const url = str(raw?.url);
    const skip = (reason: string) => skipped.push({ objectId, url, reason });
    if (objectId === "") {
      skip("no objectId");
      continue;
    }
    const slug = slugOfWalineUrl(url, isReport);
    if (!slug) {
      skip(`its page ${JSON.stringify(url)} is not a published report`);
      continue;
    }
    const text = str(raw.comment).trim();
    if (text === "") {
      skip("empty comment");
      continue;
    }
    const createdAt = new Date((raw.insertedAt ?? raw.createdAt) as string | number);
    if (Number.isNaN(createdAt.getTime())) {
      skip("no valid insertedAt/createdAt");
      continue;
    }
    const status = STATUS[str(raw.status) || "approved"];
    if (!status) {
      skip(`unknown status ${JSON.stringify(raw.status)}`);
      continue;
    }
    const parent = str(raw.rid) || str(raw.pid);
    const nick = (users.get(str(raw.user_id)) ?? str(raw.nick)).trim();
    const mail = str(raw.mail).trim().toLowerCase();
    const like = Number(raw.like);
    kept.push({
      sourceId: objectId,
      parentSourceId: parent === "" ? null : parent,
      slug,
      nickname: nick === "" || nick === "Anonymous" ? null : nick,
      text,
      readerId: keyedHash(keys.readerStorage, `waline:${mail || `nick:${nick}` || `comment:${objectId}`}`),
      status,
      createdAt,
      likes: Number.isSafeInteger(like) && like > 0 ? like : 0,
      official: false,
      top: parent === "",
    });
  }
  // Parents before replies; each group oldest first.
  kept.sort((a, b) => Number(b.top) - Number(a.top) || a.createdAt.getTime() - b.createdAt.getTime());
  return { comments: kept.map(({ top: _top, ...comment }) => comment), skipped };
}
