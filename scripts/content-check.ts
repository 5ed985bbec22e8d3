/**
 * `npm run content:check`: validates every report under the content root
 * (CONTENT_DIR, default content/reports) and prints one line per problem,
 * `file:line: what is wrong; what to write instead`, then a summary.
 * Exits 1 when anything is wrong, so `next build` and CI refuse bad content.
 */
import { formatProblem } from "@/lib/content/content-problem";
import { displayPath, getContentRoot, getPublicRoot } from "@/lib/content/content-root";
import { loadAllReports, summarize } from "@/lib/content/reports";

const root = getContentRoot();
const started = performance.now();
const { reports, problems } = loadAllReports(root, getPublicRoot(), summarize);
const elapsed = Math.round(performance.now() - started);

for (const problem of problems) console.error(formatProblem(problem));
const files = reports.reduce((sum, report) => sum + Object.keys(report.languages).length, 0);
if (problems.length > 0) {
  console.error(`\ncontent:check: ${problems.length} problem(s) in ${displayPath(root)}; nothing is published until they are fixed (see content/README.md).`);
  process.exit(1);
}
const drafts = reports.filter((report) => report.languages.zh.meta.draft).length;
console.log(`content:check: ${reports.length} report(s), ${files} file(s), ${drafts} draft(s) in ${displayPath(root)}: no problems (${elapsed} ms).`);
