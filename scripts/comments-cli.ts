/**
 * Moderation from the command line, through the site's admin API:
 *
 *   npm run comments -- pending            list comments waiting for review
 *   npm run comments -- approve <id>       publish a comment
 *   npm run comments -- hide <id>          take a comment down (kept, not shown)
 *   npm run comments -- delete <id>        delete a comment, its replies and likes
 *
 * Needs COMMENTS_ADMIN_TOKEN (the same as the server's). The site is
 * COMMENTS_API_URL, else SITE_URL, else http://127.0.0.1:3000.
 *
 * Word rules, export and import work on the database itself, with the site's
 * own settings (DATABASE_URL for PostgreSQL, else the SQLite file COMMENTS_DB,
 * and COMMENTS_SECRET or its key file for the keyed hashes of imported readers):
 *
 *   npm run comments -- words import <file>   add entries (`词语` rejects, `词语<TAB>hold` holds)
 *   npm run comments -- words export          the list, in the same format
 *   npm run comments -- words list            the list, with each entry's action
 *   npm run comments -- export > comments.json
 *   npm run comments -- import <file>         our export file, or Waline's 导出 JSON
 *
 *   npm run comments -- add-moderator <name>   make a console account; the password is read from standard input
 *
 * add-moderator works on the database itself, with the site's own settings
 * (DATABASE_URL for PostgreSQL, else COMMENTS_DB), not through the API: the
 * console stays off (404) until the first account exists.
 */
import fs from "node:fs";
import type { AdminComment } from "@/lib/comments/comment-api-types";
import { CommentsConfigError, parseCommentsConfig } from "@/lib/comments/comments-config";
import { commentsKeys, type CommentsKeys } from "@/lib/comments/identity/comments-keys";
import { isPublishedReport } from "@/lib/comments/published-reports";
import type { CommentStore } from "@/lib/comments/store/comment-store";
import { importCommentsFile } from "@/lib/comments/transfer/import-comments-file";
import { TransferFormatError, writeExport } from "@/lib/comments/transfer/transfer-format";
import { formatWordList, parseWordList } from "@/lib/comments/word-rules/parse-word-list";
import { openCommentStore } from "@/lib/comments/comments-runtime";
import { hashPassword, isModeratorName, passwordProblem } from "@/lib/comments/moderation/moderator-passwords";
import { ModeratorExistsError } from "@/lib/comments/store/moderation-store";

export interface CliIo {
  env: Record<string, string | undefined>;
  fetch: typeof fetch;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Raw output (the export file), without a line break added. */
  write?: (chunk: string) => void;
  /** Reads a file named on the command line. */
  readFile?: (path: string) => string;
  /** Opens the site's database and keys (default: from `env`, as the site does). */
  open?: () => { store: CommentStore; keys: CommentsKeys };
  /** Standard input, read to its end (add-moderator's password). */
  readStdin?: () => Promise<string>;
}

const USAGE =
  "usage: npm run comments -- pending | approve <id> | hide <id> | delete <id> | add-moderator <name> (password on standard input) | words import <file> | words export | words list | export | import <file>";

/** The database and keys the site itself uses, from the same variables. */
function openFromEnv(env: Record<string, string | undefined>): { store: CommentStore; keys: CommentsKeys } {
  const config = parseCommentsConfig(env);
  return { store: openCommentStore(config), keys: commentsKeys(config) };
}

/** Commands that work on the database directly: word rules, export, import. */
async function runLocal(args: readonly string[], io: CliIo): Promise<number> {
  const [command, sub, file, ...rest] = args;
  const valid =
    command === "words"
      ? (sub === "import" && file !== undefined && rest.length === 0) || ((sub === "export" || sub === "list") && file === undefined)
      : command === "export"
        ? sub === undefined
        : sub !== undefined && file === undefined;
  if (!valid) {
    io.err(USAGE);
    return 2;
  }
  const readFile = io.readFile ?? ((name: string) => fs.readFileSync(name, "utf8"));
  const path = command === "words" ? file : sub;
  let text = "";
  if (path !== undefined) {
    try {
      text = readFile(path);
    } catch (error) {
      io.err(`cannot read ${path}: ${(error as Error).message}`);
      return 1;
    }
  }
  let opened: { store: CommentStore; keys: CommentsKeys };
  try {
    opened = (io.open ?? (() => openFromEnv(io.env)))();
  } catch (error) {
    if (error instanceof CommentsConfigError) {
      io.err(error.message);
      return 1;
    }
    throw error;
  }
  const { store, keys } = opened;
  try {
    if (command === "words" && sub === "import") {
      const parsed = parseWordList(text);
      for (const problem of parsed.problems) io.err(`${path}:${problem.line}: ${problem.reason}`);
      const saved = await store.saveWordRules(parsed.rules);
      const holds = parsed.rules.filter((rule) => rule.action === "hold").length;
      io.out(`Read ${parsed.rules.length} entries (${parsed.rules.length - holds} reject, ${holds} hold): ${saved.added} new, ${saved.changed} changed, ${parsed.rules.length - saved.added - saved.changed} already there; ${parsed.problems.length} bad lines skipped.`);
      return parsed.problems.length > 0 ? 1 : 0;
    }
    if (command === "words") {
      const rules = await store.listWordRules();
      if (sub === "export") (io.write ?? ((chunk: string) => io.out(chunk.replace(/\n$/, ""))))(formatWordList(rules));
      else {
        if (rules.length === 0) io.out("No word rules.");
        for (const rule of rules) io.out(`${rule.action}\t${rule.word}`);
      }
      return 0;
    }
    if (command === "export") {
      const chunks: string[] = [];
      const count = await writeExport(store, io.write ?? ((chunk) => chunks.push(chunk)));
      if (!io.write) io.out(chunks.join(""));
      io.err(`Exported ${count} comments.`);
      return 0;
    }
    const report = await importCommentsFile(store, text, { isReport: isPublishedReport, keys });
    io.out(`Imported ${report.imported} comments from a ${report.format} file; ${report.alreadyImported} were imported before; ${report.skipped.length} skipped.`);
    for (const skip of report.skipped) io.out(`skipped ${skip.id}: ${skip.reason}`);
    return 0;
  } catch (error) {
    if (error instanceof TransferFormatError) {
      io.err(`${path}: ${error.message}`);
      return 1;
    }
    io.err(`failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await store.close();
  }
}


/** Makes a console account in the site's database; the password comes from standard input (its first line). */
async function addModerator(name: string | undefined, rest: readonly string[], io: CliIo): Promise<number> {
  if (!name || rest.length > 0) {
    io.err(USAGE);
    return 2;
  }
  if (!isModeratorName(name)) {
    io.err("a moderator name is 1–32 letters, digits, '.', '_' or '-', without spaces");
    return 2;
  }
  const input = io.readStdin ? await io.readStdin() : "";
  const password = input.split(/\r?\n/)[0] ?? "";
  const problem = passwordProblem(password);
  if (problem) {
    io.err(`${problem} (give it on standard input, e.g. from a password manager, never as an argument)`);
    return 1;
  }
  let store;
  try {
    store = openCommentStore(parseCommentsConfig(io.env));
  } catch (error) {
    io.err((error as Error).message);
    return 1;
  }
  try {
    await store.createModerator(name, await hashPassword(password), new Date());
    io.out(`Moderator ${name} can now sign in at /admin.`);
    return 0;
  } catch (error) {
    io.err(error instanceof ModeratorExistsError ? `a moderator named ${name} already exists` : `cannot add the moderator: ${(error as Error).message}`);
    return 1;
  } finally {
    await store.close();
  }
}

/** One line of a comment for a terminal: line breaks shown as ⏎, long text cut. */
function preview(text: string, max = 80): string {
  const flat = text.replace(/\n/g, " ⏎ ");
  return [...flat].length > max ? `${[...flat].slice(0, max - 1).join("")}…` : flat;
}

/** Runs one command; returns the process exit code (0 done, 1 failed, 2 bad usage). */
export async function runCommentsCli(args: readonly string[], io: CliIo): Promise<number> {
  if (args[0] === "words" || args[0] === "export" || args[0] === "import") return runLocal(args, io);
  const [command, id, ...rest] = args;
  if (command === "add-moderator") return addModerator(id, rest, io);
  const needsId = command === "approve" || command === "hide" || command === "delete";
  if (!(command === "pending" || needsId) || (needsId ? !id || !/^[1-9][0-9]*$/.test(id) || rest.length > 0 : id !== undefined)) {
    io.err(USAGE);
    return 2;
  }
  const token = io.env.COMMENTS_ADMIN_TOKEN?.trim();
  if (!token) {
    io.err("COMMENTS_ADMIN_TOKEN is not set: set it to the server's token.");
    return 1;
  }
  const base = (io.env.COMMENTS_API_URL?.trim() || io.env.SITE_URL?.trim() || "http://127.0.0.1:3000").replace(/\/+$/, "");
  const request = {
    pending: { method: "GET", path: "/api/admin/comments?status=pending" },
    approve: { method: "POST", path: `/api/admin/comments/${id}/approve` },
    hide: { method: "POST", path: `/api/admin/comments/${id}/hide` },
    delete: { method: "DELETE", path: `/api/admin/comments/${id}` },
  }[command];

  let response: Response;
  try {
    response = await io.fetch(`${base}${request.path}`, { method: request.method, headers: { Authorization: `Bearer ${token}`, Accept: "application/json" } });
  } catch (error) {
    io.err(`cannot reach ${base}: ${(error as Error).message}`);
    return 1;
  }
  const body = (await response.json().catch(() => null)) as
    | { comments?: AdminComment[]; comment?: AdminComment; deleted?: boolean; error?: { code: string; message: string } }
    | null;
  if (!response.ok || body === null) {
    io.err(`${response.status} ${body?.error ? `${body.error.code}: ${body.error.message}` : response.statusText}`);
    return 1;
  }

  if (command === "pending") {
    const comments = body.comments ?? [];
    if (comments.length === 0) io.out("No comments are waiting for review.");
    for (const c of comments) io.out(`${c.id}\t${c.createdAt}\t${c.slug}\t${c.nickname ?? "(anonymous)"}\t${preview(c.text)}`);
    return 0;
  }
  if (command === "delete") io.out(`Deleted comment ${id}.`);
  else io.out(`Comment ${id} is now ${body.comment?.status}.`);
  return 0;
}

// Run when started as a script (not when imported by tests).
if (process.argv[1] && /comments-cli\.[cm]?[jt]s$/.test(process.argv[1])) {
  const write = (chunk: string) => void process.stdout.write(chunk);
  const readStdin = async () => {
    // A terminal: say what is expected (the password is still read as typed; pipe it in to keep it off the screen).
    if (process.stdin.isTTY) process.stderr.write("Password (one line): ");
    let text = "";
    for await (const chunk of process.stdin) {
      text += String(chunk);
      if (process.stdin.isTTY && text.includes("\n")) break;
    }
    return text;
  };
  runCommentsCli(process.argv.slice(2), { env: process.env, fetch, out: console.log, err: console.error, readStdin, write }).then((code) => {
    process.exitCode = code;
  });
}
