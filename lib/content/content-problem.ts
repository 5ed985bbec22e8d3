/**
 * One mistake in a content file, said so that an editor can fix it:
 * where (file and line), what is wrong, and what to write instead.
 */
export interface ContentProblem {
  /** Path relative to the project root, e.g. `content/reports/x/en.md`. */
  file: string;
  line?: number;
  message: string;
  fix: string;
}

export function formatProblem(problem: ContentProblem): string {
  const where = problem.line ? `${problem.file}:${problem.line}` : problem.file;
  return `${where}: ${problem.message}; ${problem.fix}`;
}

/** Thrown when content cannot be published; carries every problem found, not only the first. */
export class ContentError extends Error {
  readonly problems: ContentProblem[];

  constructor(problems: ContentProblem[]) {
    const lines = problems.map(formatProblem);
    super(`Content has ${problems.length} problem(s):\n${lines.join("\n")}`);
    this.name = "ContentError";
    this.problems = problems;
  }
}
