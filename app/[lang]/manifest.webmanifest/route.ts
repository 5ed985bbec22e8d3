import { isLang, LANGUAGES } from "@/lib/i18n/languages";
import { webAppManifest } from "@/lib/seo/web-app-manifest";

export const dynamic = "force-static";
export const dynamicParams = false;

export function generateStaticParams() {
  return LANGUAGES.map((lang) => ({ lang }));
}

export async function GET(_request: Request, { params }: RouteContext<"/[lang]/manifest.webmanifest">) {
  const { lang } = await params;
  if (!isLang(lang)) return new Response("Not found", { status: 404 });
  return new Response(JSON.stringify(webAppManifest(lang), null, 2), { headers: { "Content-Type": "application/manifest+json; charset=utf-8" } });
}
