import { isLang } from "@/lib/i18n/languages";
import { notFoundHtml } from "@/lib/not-found-html";

/** Any other path under a language: a 404 page in that language, with status 404. */
export async function GET(_request: Request, { params }: RouteContext<"/[lang]/[...rest]">) {
  const { lang } = await params;
  return new Response(notFoundHtml(isLang(lang) ? lang : undefined), {
    status: 404,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "public, max-age=60" },
  });
}
