import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { getCommentsRuntime } from "@/lib/comments/comments-runtime";
import { consolePath } from "@/lib/comments/moderation/console-paths";
import { SESSION_COOKIE, sessionFromCookie } from "@/lib/comments/moderation/moderator-session";
import { getT } from "@/lib/i18n/get-translator";
import type { Lang } from "@/lib/i18n/languages";
import { ConsoleFrame } from "./console-frame";
import { findConsoleRoute } from "./console-routes";
import { SignInView } from "./sign-in-view";

export type ConsolePageParams = { params: Promise<{ path?: string[] }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * Every console page goes through here: 404 while no moderator account
 * exists (and for unknown paths), the sign-in page without a session, any
 * other page only with one (else a redirect to sign in).
 */
export async function ConsolePage({ lang, params, searchParams }: ConsolePageParams & { lang: Lang }) {
  const segments = (await params).path ?? [];
  const raw = await searchParams;
  const query = Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, typeof value === "string" ? value : undefined]));
  const runtime = getCommentsRuntime();
  if ((await runtime.store.countModerators()) === 0) notFound();
  const path = segments.join("/");
  const jar = await cookies();
  const session = await sessionFromCookie(runtime.store, runtime.keys, jar.get(SESSION_COOKIE)?.value);
  const t = getT(lang, "admin");
  if (path === "sign-in") {
    if (session) redirect(consolePath(lang));
    return <SignInView lang={lang} t={t} query={query} />;
  }
  const route = findConsoleRoute(path);
  if (!route) notFound();
  if (!session) redirect(consolePath(lang, "sign-in"));
  return (
    <ConsoleFrame lang={lang} t={t} session={session} current={route.path} query={query}>
      {await route.render({ lang, t, session, query, runtime, path })}
    </ConsoleFrame>
  );
}
