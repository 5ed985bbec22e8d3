import type { CommentsKeys } from "../identity/comments-keys";
import type { CommentStore } from "../store/comment-store";
import { OWN_SOURCE, parseOwnExport, TRANSFER_FORMAT, TransferFormatError } from "./transfer-format";
import { isWalineExport, parseWalineExport, type WalineSkip } from "./waline-import";

export interface ImportReport {
  format: "yangguang-comments" | "waline";
  imported: number;
  alreadyImported: number;
  skipped: { id: string; reason: string }[];
}

/**
 * Imports an export file of ours or of Waline into the store: idempotent (each
 * source id is recorded with the comment it became), everything left out named
 * with its reason. Throws TransferFormatError when the file is neither.
 */
export async function importCommentsFile(
  store: CommentStore,
  text: string,
  options: { isReport: (slug: string) => boolean; keys: Pick<CommentsKeys, "readerStorage"> },
): Promise<ImportReport> {
  let file: unknown;
  try {
    file = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new TransferFormatError(`not JSON: ${(error as Error).message}`);
  }
  if (typeof file !== "object" || file === null || Array.isArray(file)) throw new TransferFormatError("not an export file (expected a JSON object)");
  const object = file as Record<string, unknown>;
  if (object.format === TRANSFER_FORMAT) {
    const comments = parseOwnExport(object);
    const result = await store.importComments(OWN_SOURCE, comments);
    return { format: TRANSFER_FORMAT, imported: result.imported, alreadyImported: result.alreadyImported, skipped: result.orphans.map((id) => ({ id, reason: "its parent is not in the file" })) };
  }
  if (isWalineExport(object)) {
    const parsed = parseWalineExport(object, options.isReport, options.keys);
    const result = await store.importComments("waline", parsed.comments);
    const orphanSkips = result.orphans.map((id) => ({ id, reason: "replies to a comment that was skipped or is not in the file" }));
    return { format: "waline", imported: result.imported, alreadyImported: result.alreadyImported, skipped: [...parsed.skipped.map((s: WalineSkip) => ({ id: s.objectId, reason: s.reason })), ...orphanSkips] };
  }
  throw new TransferFormatError(`not an export file of this site ("format": "${TRANSFER_FORMAT}") or of Waline ("type": "waline")`);
}
