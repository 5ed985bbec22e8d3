import { Activity, type ReactNode } from "react";

/**
 * Server-rendered content that React hydrates after the page's shell, in
 * short interruptible slices, instead of inside the one long task that
 * hydrates the page: a visible <Activity> found while hydrating is left for a
 * later pass at offscreen priority. For a long report that one task was most
 * of the page's Total Blocking Time on a slow phone (issue 13).
 * Not <Suspense>: React streams a Suspense boundary over 500 bytes out of
 * order, behind a script (no text without JavaScript, and a script the CSP
 * does not allow); an Activity's HTML stays inline, where it was.
 */
export function HydrateLater({ children }: { children: ReactNode }) {
  return <Activity mode="visible">{children}</Activity>;
}
