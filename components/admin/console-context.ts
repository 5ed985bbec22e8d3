import type { TFunction } from "i18next";
import type { CommentsRuntime } from "@/lib/comments/comments-runtime";
import type { ConsoleSession } from "@/lib/comments/moderation/moderator-session";
import type { Lang } from "@/lib/i18n/languages";

/** What every console page is given: the language, its strings, the signed-in moderator, the query, the runtime. */
export interface ConsolePageProps {
  lang: Lang;
  t: TFunction;
  session: ConsoleSession;
  /** Single-valued query parameters of the request. */
  query: Record<string, string | undefined>;
  runtime: CommentsRuntime;
  /** The page's own path (for forms that come back to it). */
  path: string;
}
