import { NextResponse, type NextRequest } from "next/server";
import { pageExists } from "@/lib/content/page-exists";
import { isLang } from "@/lib/i18n/languages";
import { notFoundHtml } from "@/lib/not-found-html";

/**
 * Answers a proper 404 page (in the reader's language, without JavaScript)
 * for reports, sections, list pages and months that do not exist, before
 * Next would render them on demand (see lib/content/page-exists.ts).
 */
export function proxy(request: NextRequest) {
  const exists = pageExists(request.nextUrl.pathname);
  if (exists !== false) return NextResponse.next();
  const lang = request.nextUrl.pathname.split("/")[1];
  return new NextResponse(notFoundHtml(isLang(lang) ? lang : undefined), {
    status: 404,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "public, max-age=60" },
  });
}

export const config = {
  matcher: ["/:lang/reports/:path*", "/:lang/page/:path*", "/:lang/categories/:path*", "/:lang/archive/:path*"],
};
