import { SECTION_TOOLS_SCRIPT } from "@/lib/sharing/section-tools-script";

export const dynamic = "force-static";

/** Copy link and read-aloud for the pages with report sections (components/section-tools-script.tsx); its URL carries a hash of it. */
export function GET(): Response {
  return new Response(SECTION_TOOLS_SCRIPT, {
    headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=31536000, immutable" },
  });
}
