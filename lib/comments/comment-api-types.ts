/**
 * The JSON shapes of the public comments API (documented in the README), shared
 * by the route handlers, the widget and other programs. No server imports here:
 * client components import these types.
 */

export type CommentSortParam = "hot" | "new";

export interface ApiComment {
  id: string;
  /** Null when the reader left it empty (shown as 匿名网友 / Anonymous). */
  nickname: string | null;
  text: string;
  /** ISO 8601, UTC. */
  createdAt: string;
  likes: number;
  /** The first replies (at most REPLY_PREVIEW), oldest first; always empty on a reply (one level of nesting). */
  replies: ApiComment[];
  /** All published replies; more than `replies.length` means the rest come from the replies endpoint. */
  replyCount: number;
  /** Present (true) on an official reply from the newsroom (官方回复 / Official reply). */
  official?: true;
}

export interface CommentListResponse {
  comments: ApiComment[];
  /** Published comments including replies: “M条评论”. */
  total: number;
  /** Distinct commenters: “N人参与”. */
  participants: number;
  page: number;
  pageSize: number;
  hasMore: boolean;
  /** Present (true) when comments on this report are closed: listed, but no new ones. */
  closed?: true;
}

/** GET /api/comments/{id}/replies?page=N */
export interface ReplyListResponse {
  replies: ApiComment[];
  replyCount: number;
  page: number;
  pageSize: number;
  hasMore: boolean;
}

export interface PostCommentResponse {
  comment: ApiComment;
}

export interface PendingCommentResponse {
  status: "pending";
}

export interface LikeResponse {
  likes: number;
}

export interface CommentCountsResponse {
  counts: Record<string, number>;
}

export interface ApiErrorBody {
  error: { code: string; message: string };
}

/** A comment as moderators see it (admin API). */
export interface AdminComment {
  id: string;
  slug: string;
  parentId: string | null;
  nickname: string | null;
  text: string;
  createdAt: string;
  likes: number;
  status: "published" | "pending" | "hidden";
  official?: true;
}

export const COMMENTS_PAGE_SIZE = 10;
/** Replies a list carries per thread; the rest are paged through the replies endpoint. */
export const REPLY_PREVIEW_SIZE = 3;
export const REPLIES_PAGE_SIZE = 50;

/** Why a reader reports a comment (举报). */
export type ReportReason = "spam" | "abuse" | "illegal" | "other";
export const REPORT_REASONS: readonly ReportReason[] = ["spam", "abuse", "illegal", "other"];
