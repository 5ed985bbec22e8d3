import type { TFunction } from "@/components/translations-provider";
import { isApiErrorCode } from "@/lib/comments/http/api-error";

/** The reader's message for an API error code; unknown codes get the generic one. */
export function commentErrorMessage(t: TFunction, code: string, retryAfterSeconds: number | null = null): string {
  const key = code === "network" || isApiErrorCode(code) ? code : "internal_error";
  return t(`errors.${key}`, { seconds: retryAfterSeconds ?? 60 });
}
