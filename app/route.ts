import { cookies, headers } from "next/headers";
import { negotiateLanguage } from "@/lib/i18n/negotiate-language";
import { LANG_COOKIE } from "@/lib/i18n/languages";
import { homePath } from "@/lib/routes";

/** `/` sends readers to their language: remembered choice, then Accept-Language, then Chinese. */
export async function GET() {
  const lang = negotiateLanguage((await cookies()).get(LANG_COOKIE)?.value, (await headers()).get("accept-language"));
  return new Response(null, {
    status: 307,
    headers: { Location: homePath(lang), "Cache-Control": "private, no-store", Vary: "Cookie, Accept-Language" },
  });
}
