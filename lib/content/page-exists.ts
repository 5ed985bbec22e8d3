import { hasBilingualMode } from "./align-paragraphs";
import { isCategory } from "./categories";
import { paginate, parseArchiveParams, parsePageParam, reportsInCategory, reportsInMonth } from "./report-listing";
import { getReportSummary, getReports } from "./reports";
import { isLang } from "@/lib/i18n/languages";

/**
 * Whether a path under /{lang}/ names something published: a report and its
 * sub-pages, a list page or an archive month. Pages not built are rendered on
 * first request, and Next renders `notFound()` there as an empty shell that
 * needs JavaScript (vercel/next.js#62228); so the proxy asks this first and
 * answers a real 404 page itself. `undefined`: not a route this knows (Next decides).
 */
export function pageExists(pathname: string): boolean | undefined {
  const segments = pathname.split("/").filter(Boolean);
  const [lang, kind, ...rest] = segments;
  if (!kind || lang === "api" || lang === "_next") return undefined;
  if (!isLang(lang)) return false;
  const reports = getReports();
  switch (kind) {
    case "reports": {
      const [slug, sub, leaf, ...more] = rest;
      const report = slug === undefined ? undefined : getReportSummary(slug);
      if (!report || more.length > 0) return false;
      // The report's, the bilingual page's and each section's QR code (…/qr.svg) exist with their page.
      if (sub === "qr.svg") return leaf === undefined;
      if (leaf !== undefined) return leaf === "qr.svg" && (sub === "bilingual" || isSection(report, sub)) && reportPageExists(report, lang, sub);
      return reportPageExists(report, lang, sub);
    }
    case "page": {
      const page = rest.length === 1 ? parsePageParam(rest[0]!) : undefined;
      return page !== undefined && page > 1 && paginate(reports, page) !== undefined;
    }
    case "categories": {
      const [category, word, number, ...more] = rest;
      if (!isCategory(category) || more.length > 0) return false;
      if (word === undefined) return true;
      const page = word === "page" && number !== undefined ? parsePageParam(number) : undefined;
      return page !== undefined && page > 1 && paginate(reportsInCategory(reports, category), page) !== undefined;
    }
    case "archive": {
      if (rest.length === 0) return true;
      const when = rest.length === 2 ? parseArchiveParams(rest[0]!, rest[1]!) : undefined;
      return when !== undefined && reportsInMonth(reports, when.year, when.month).length > 0;
    }
    default:
      return undefined;
  }
}

type Summary = NonNullable<ReturnType<typeof getReportSummary>>;

function isSection(report: Summary, id: string | undefined): boolean {
  return report.languages.zh.sections.some((section) => section.id === id);
}

/** A report's own pages: the article (`sub` undefined), its comments, 中英对照, preview image and sections. */
function reportPageExists(report: Summary, lang: string, sub: string | undefined): boolean {
  if (sub === undefined || sub === "comments") return true;
  if (sub === "bilingual") return hasBilingualMode(report);
  if (sub === "og-image.png") return isLang(lang) && report.languages[lang] !== undefined;
  return isSection(report, sub);
}
