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
 *   npm run comments -- add-moderator <name>   make a console account; the password is read from standard input
 *
 * add-moderator works on the database itself, with the site's own settings
 * (DATABASE_URL for PostgreSQL, else COMMENTS_DB), not through the API: the
 * console stays off (404) until the first account exists.
 */
import type { AdminComment } from "@/lib/comments/comment-api-types";
import { parseCommentsConfig } from "@/lib/comments/comments-config";
import { openCommentStore } from "@/lib/comments/comments-runtime";
import { hashPassword, isModeratorName, passwordProblem } from "@/lib/comments/moderation/moderator-passwords";
import { ModeratorExistsError } from "@/lib/comments/store/moderation-store";

export interface CliIo {
  env: Record<string, string | undefined>;
  fetch: typeof fetch;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Standard input, read to its end (add-moderator's password). */
  readStdin?: () => Promise<string>;
}

const USAGE = "usage: npm run comments -- pending | approve <id> | hide <id> | delete <id> | add-moderator <name> (password on standard input)";

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
  runCommentsCli(process.argv.slice(2), { env: process.env, fetch, out: console.log, err: console.error, readStdin }).then((code) => {
    process.exitCode = code;
  });
}
