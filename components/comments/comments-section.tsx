import type { Lang } from "@/lib/i18n/languages";

/** Placeholder until the comments widget lands (issue 4). */
export function CommentsSection(_props: { lang: Lang; slug: string }) {
  return null;
}
