import { getReports } from "@/lib/content/reports";
import { searchIndex } from "@/lib/search/site-search";

/**
 * Run once when a production server starts (instrumentation.ts): reads the
 * published reports' summaries and opens the search index, so the first
 * reader of a page not yet rendered does not wait for them (at 10,000
 * reports, parsing the summaries alone takes a few hundred milliseconds).
 * A failure here is left to the request that meets it, with its own error page.
 */
export function warmUp(): void {
  try {
    getReports();
    searchIndex();
  } catch {
    // The pages that need them report it.
  }
}
