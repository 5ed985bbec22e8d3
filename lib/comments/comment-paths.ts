import type { Lang } from "@/lib/i18n/languages";
import { reportPath } from "@/lib/routes";

/** The server-rendered comments page of a report (works without JavaScript). */
export function commentsPagePath(lang: Lang, slug: string): string {
  return `${reportPath(lang, slug)}/comments`;
}

/** Where the comments widget sits in the article page. */
export function commentsAnchorPath(lang: Lang, slug: string): string {
  return `${reportPath(lang, slug)}#comments`;
}

export function commentsApiPath(slug: string): string {
  return `/api/reports/${encodeURIComponent(slug)}/comments`;
}

/** Target of the plain HTML comment form. */
export function commentFormApiPath(slug: string): string {
  return `${commentsApiPath(slug)}/form`;
}

export function likeApiPath(commentId: string): string {
  return `/api/comments/${encodeURIComponent(commentId)}/like`;
}

export function repliesApiPath(commentId: string, page = 1): string {
  return `/api/comments/${encodeURIComponent(commentId)}/replies?page=${page}`;
}

/** The counts API takes at most this many slugs per request. */
export const MAX_COUNT_SLUGS = 100;

export function commentCountsApiPath(slugs: readonly string[]): string {
  return `/api/comment-counts?slugs=${slugs.map(encodeURIComponent).join(",")}`;
}

export function reportApiPath(commentId: string): string {
  return `/api/comments/${encodeURIComponent(commentId)}/report`;
}

/** Target of the plain HTML report form. */
export function reportFormApiPath(commentId: string): string {
  return `${reportApiPath(commentId)}/form`;
}
