import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const run = (command: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, command, { env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: "1" }, encoding: "utf8" });

const CHECK = ["--import", "tsx", "scripts/content-check.ts"];
const BAD = "tests/fixtures/content-errors/broken-section-link";
const BAD_LINE = `${BAD}/sample-report/zh.md:17: link to "#third" points at no section; link to one of: #first, #second`;

describe("npm run content:check", () => {
  it("passes the published content", () => {
    const result = run(CHECK, {});
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/content:check: \d+ report\(s\), \d+ file\(s\), \d+ draft\(s\) in content\/reports: no problems/);
  });

  it("prints each problem as file:line: message; fix, a summary, and fails", () => {
    const result = run(CHECK, { CONTENT_DIR: BAD });
    expect(result.status).toBe(1);
    expect(result.stderr.split("\n")).toContain(BAD_LINE);
    expect(result.stderr).toContain("content:check: 1 problem(s)");
  });

  it("prints glossary misses as warnings, apart from problems, and passes", () => {
    const result = run(CHECK, { CONTENT_DIR: "tests/fixtures/content-errors/glossary-miss/reports" });
    expect(result.status).toBe(0);
    const warnings = result.stderr.split("\n").filter((line) => line.startsWith("warning: "));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warning: tests\/fixtures\/content-errors\/glossary-miss\/reports\/sample-report\/en\.md:9: the lede, paragraph 1: .* has 获得感/);
    expect(result.stdout).toContain("no problems, 1 warning(s) (see above; they do not stop publication)");
  });

  it("next build prints the warnings too, beside the problems that stop it", () => {
    const root = "tests/fixtures/content-errors/glossary-miss-and-error/reports";
    const result = run(["node_modules/next/dist/bin/next", "build"], { CONTENT_DIR: root, NEXT_DIST_DIR: ".next-refused-warn" });
    const output = `${result.stdout}${result.stderr}`;
    expect(result.status).not.toBe(0);
    expect(output).toMatch(/warning: tests\/fixtures\/content-errors\/glossary-miss-and-error\/reports\/sample-report\/en\.md:9: the lede, paragraph 1: .* has 获得感/);
    expect(output).toContain(`${root}/sample-report/zh.md:13: link to "#third" points at no section`);
    expect(output).not.toContain("Compiled successfully");
    fs.rmSync(".next-refused-warn", { recursive: true, force: true });
  }, 60_000);

  it("new-report scaffolds a report that passes the check, and refuses a taken or invalid slug", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "new-report-"));
    try {
      const created = run(["--import", "tsx", "scripts/new-report.ts", "budget-2027"], { CONTENT_DIR: root });
      expect(created.status).toBe(0);
      expect(fs.readdirSync(path.join(root, "budget-2027")).sort()).toEqual(["en.md", "zh.md"]);
      const zh = fs.readFileSync(path.join(root, "budget-2027", "zh.md"), "utf8");
      for (const field of ["title", "summary", "date", "source", "reporter", "correspondent", "category", "draft"]) expect(zh).toMatch(new RegExp(`^${field}:`, "m"));
      expect(zh).toMatch(/^## .+ \{#first-section\}$/m);
      expect(run(CHECK, { CONTENT_DIR: root }).status).toBe(0);
      const again = run(["--import", "tsx", "scripts/new-report.ts", "budget-2027"], { CONTENT_DIR: root });
      expect(again.status).toBe(1);
      expect(again.stderr).toContain("already exists");
      const invalid = run(["--import", "tsx", "scripts/new-report.ts", "Budget_2027"], { CONTENT_DIR: root });
      expect(invalid.status).toBe(1);
      expect(invalid.stderr).toContain('"Budget_2027" is not a valid slug; use lowercase ASCII words joined by hyphens, e.g. budget-2027');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("stops next build before compiling, with the same message", () => {
    const result = run(["node_modules/next/dist/bin/next", "build"], { CONTENT_DIR: BAD, NEXT_DIST_DIR: ".next-refused" });
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain(BAD_LINE);
    expect(`${result.stdout}${result.stderr}`).not.toContain("Compiled successfully");
    expect(fs.existsSync(".next-refused/BUILD_ID")).toBe(false);
  }, 60_000);

  describe("a ---js front matter is refused and never run", () => {
    const JS = "tests/fixtures/content-errors/front-matter-js";
    const JS_LINE = `${JS}/sample-report/zh.md:1: the front matter opens with "---js"; only YAML front matter is accepted, and nothing in a report is ever run; make the first line exactly --- and write the fields as YAML (key: "value"), closed by another --- line`;
    const marker = path.join(os.tmpdir(), `front-matter-js-cli-${process.pid}`);

    it("by content:check", () => {
      fs.rmSync(marker, { force: true });
      const result = run(CHECK, { CONTENT_DIR: JS, FRONT_MATTER_MARKER: marker });
      expect(result.status).toBe(1);
      expect(result.stderr.split("\n")).toContain(JS_LINE);
      expect(fs.existsSync(marker)).toBe(false);
    });

    it("by next build, before compiling", () => {
      fs.rmSync(marker, { force: true });
      const result = run(["node_modules/next/dist/bin/next", "build"], { CONTENT_DIR: JS, NEXT_DIST_DIR: ".next-refused-js", FRONT_MATTER_MARKER: marker });
      expect(result.status).not.toBe(0);
      expect(`${result.stdout}${result.stderr}`).toContain(JS_LINE);
      expect(fs.existsSync(".next-refused-js/BUILD_ID")).toBe(false);
      expect(fs.existsSync(marker)).toBe(false);
      fs.rmSync(".next-refused-js", { recursive: true, force: true });
    }, 60_000);
  });
});
