import { createHash, timingSafeEqual } from "node:crypto";
import { ApiError } from "./api-error";
import type { CommentsConfig } from "../comments-config";

/**
 * The moderation API needs `Authorization: Bearer $COMMENTS_ADMIN_TOKEN`. It is
 * absent (404) when no token is configured. Both sides are hashed first so the
 * comparison takes the same time whatever the length or content of the guess.
 */
export function assertAdmin(request: Request, config: Pick<CommentsConfig, "adminToken">): void {
  if (config.adminToken === null) throw new ApiError("admin_disabled");
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  const given = createHash("sha256").update(match?.[1] ?? "").digest();
  const expected = createHash("sha256").update(config.adminToken).digest();
  if (!match || !timingSafeEqual(given, expected)) throw new ApiError("unauthorized", { "WWW-Authenticate": 'Bearer realm="comments-admin"' });
}
