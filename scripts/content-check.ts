/**
 * `npm run content:check`: validates every report under the content root
 * (CONTENT_DIR, default content/reports) and prints one line per problem,
 * `file:line: what is wrong; what to write instead`, then a summary.
 * Exits 1 when anything is wrong, so `next build` and CI refuse bad content.
 * Warnings (a glossary term not rendered as the glossary says) are printed,
 * each line starting "warning: ", and do not fail the check or the build.
 */
import fs from "node:fs";
import { formatProblem } from "@/lib/content/content-problem";
import { displayPath, getContentRoot, getPublicRoot } from "@/lib/content/content-root";
import { checkAllReports } from "@/lib/content/check/check-all-reports";
import { storeCheckedSummaries } from "@/lib/content/reports";

async function main() {
  const root = getContentRoot();
  const started = performance.now();
  const { reports, problems, warnings } = await checkAllReports(root, getPublicRoot());
  const elapsed = Math.round(performance.now() - started);

  for (const warning of warnings) console.warn(`warning: ${formatProblem(warning)}`);
  const warned = warnings.length > 0 ? `, ${warnings.length} warning(s) (see above; they do not stop publication)` : "";
  for (const problem of problems) console.error(formatProblem(problem));
  const files = reports.reduce((sum, report) => sum + Object.keys(report.languages).length, 0);
  if (problems.length > 0) {
    console.error(`\ncontent:check: ${problems.length} problem(s)${warned} in ${displayPath(root)}; nothing is published until the problems are fixed (see content/README.md).`);
    process.exit(1);
  }
  // next build asks where the checked summaries are, so its workers need not read every file again.
  const indexFile = process.env.CONTENT_INDEX_OUT;
  if (indexFile) fs.writeFileSync(indexFile, storeCheckedSummaries(root, reports) ?? "");
  const drafts = reports.filter((report) => report.languages.zh.meta.draft).length;
  console.log(`content:check: ${reports.length} report(s), ${files} file(s), ${drafts} draft(s) in ${displayPath(root)}: no problems${warned} (${elapsed} ms).`);
}

void main();
