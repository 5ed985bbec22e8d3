import path from "node:path";

/**
 * Folder holding one sub-folder per report. `CONTENT_DIR` points elsewhere
 * (tests and benchmarks use temporary folders); the default is `content/reports`.
 */
export function getContentRoot(): string {
  const configured = process.env.CONTENT_DIR?.trim();
  return configured ? path.resolve(configured) : path.join(process.cwd(), "content", "reports");
}

/** Folder whose files are served at `/`; referenced images must exist here. */
export function getPublicRoot(): string {
  return path.join(process.cwd(), "public");
}

/** A path as editors see it in messages: relative to the project root when inside it. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative.split(path.sep).join("/");
}
