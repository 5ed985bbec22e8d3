import type { AdminComment, ApiComment } from "../comment-api-types";
import type { CommentThread, StoredComment } from "../store/comment-store";

/** The public shape of a comment: no status, report or reader data. */
export function toApiComment(comment: StoredComment | CommentThread): ApiComment {
  return {
    id: comment.id,
    nickname: comment.nickname,
    text: comment.text,
    createdAt: comment.createdAt.toISOString(),
    likes: comment.likes,
    replies: "replies" in comment ? comment.replies.map(toApiComment) : [],
    replyCount: "replyCount" in comment ? comment.replyCount : 0,
    ...(comment.official ? { official: true as const } : {}),
  };
}

export function toAdminComment(comment: StoredComment): AdminComment {
  return {
    id: comment.id,
    slug: comment.slug,
    parentId: comment.parentId,
    nickname: comment.nickname,
    text: comment.text,
    createdAt: comment.createdAt.toISOString(),
    likes: comment.likes,
    status: comment.status,
    ...(comment.official ? { official: true as const } : {}),
  };
}
