import { DEFAULT_LANG, isLang, type Lang } from "@/lib/i18n/languages";
import { getReport } from "@/lib/content/reports";
import { parseCommentInput } from "../comment-input";
import { getCommentsRuntime, type CommentsRuntime } from "../comments-runtime";
import { keyedHash } from "../identity/comments-keys";
import { takeTogether } from "../identity/rate-limiter";
import { clientAddressKey } from "../identity/reader-identity";
import { consolePath, safeReturnPath, withParams } from "../moderation/console-paths";
import { auditCsv, auditJson, AUDIT_DOWNLOAD_LIMIT } from "../moderation/audit-download";
import { banUntil, isBanPeriod } from "../moderation/ban-periods";
import { verifyPassword } from "../moderation/moderator-passwords";
import { clearedSessionCookie, csrfTokenMatches, endSession, requestSession, startSession, type ConsoleSession } from "../moderation/moderator-session";
import { isSlugShaped } from "../published-reports";
import { CommentParentError } from "../store/comment-store";
import { MODERATION_ACTIONS, type ModerationAction } from "../store/moderation-store";
import { ApiError } from "./api-error";
import { withApiErrors } from "./api-response";
import { readFormBody } from "./read-request-body";
import { assertSameOrigin } from "./same-origin";
import { writeExport } from "../transfer/transfer-format";
import { checkWordRule, formatWordList, parseWordList } from "../word-rules/parse-word-list";

/**
 * The console's form posts (POST /api/admin/console/<action>) and its audit
 * download (GET /api/admin/console/audit). Every handler is a plain
 * `(request, params) => Promise<Response>`. The console is absent (404) until
 * a moderator account exists. Writes need: same Origin, a live session cookie
 * (SameSite=Strict) and the session's CSRF token in the form; each answers
 * with a 303 back to a console page, so the console works without JavaScript.
 */

/** Most comments one bulk action takes. */
export const MAX_BULK = 200;

function seeOther(location: string, cookies: readonly string[] = []): Response {
  const headers = new Headers({ Location: location, "Cache-Control": "no-store" });
  for (const cookie of cookies) headers.append("Set-Cookie", cookie);
  return new Response(null, { status: 303, headers });
}

function formLang(form: URLSearchParams): Lang {
  const lang = form.get("lang");
  return isLang(lang) ? lang : DEFAULT_LANG;
}

/** 404 until someone has run `npm run comments -- add-moderator <name>`. */
export async function assertConsoleEnabled(runtime: CommentsRuntime): Promise<void> {
  if ((await runtime.store.countModerators()) === 0) throw new ApiError("console_disabled");
}

interface WriteContext {
  runtime: CommentsRuntime;
  session: ConsoleSession;
  form: URLSearchParams;
  lang: Lang;
  /** The console page the form came from (checked), to go back to. */
  back: string;
  now: Date;
}

type ConsoleWrite = (context: WriteContext) => Promise<string>;

const backTo = (context: WriteContext, params: Record<string, string | number>) => withParams(context.back, params);

/** One routing table for every console write: action name → what it does; each returns where to go next. */
const CONSOLE_WRITES: Record<string, ConsoleWrite> = {
  async moderate(context) {
    // A row's own button sends `single=<action>:<id>` (that comment only); the bulk buttons send `action` and the ticked ids.
    const single = /^([a-z]+):([0-9]{1,15})$/.exec(context.form.get("single") ?? "");
    const action = single ? single[1]! : context.form.get("action");
    if (!(MODERATION_ACTIONS as readonly string[]).includes(action ?? "")) return backTo(context, { error: "invalid" });
    const ids = single ? [single[2]!] : context.form.getAll("id").slice(0, MAX_BULK);
    if (ids.length === 0) return backTo(context, { error: "none_selected" });
    const done = await context.runtime.store.moderate(ids, action as ModerationAction, context.session.moderator.name, context.now);
    return backTo(context, { done: action!, count: done.length });
  },
  async reply(context) {
    const { runtime, form, session, now } = context;
    let input;
    try {
      input = parseCommentInput({ nickname: null, text: form.get("text"), parentId: form.get("id"), honeypot: null });
    } catch (error) {
      if (error instanceof ApiError) return backTo(context, { error: error.code });
      throw error;
    }
    const parent = input.parentId === null ? undefined : await runtime.store.getComment(input.parentId);
    if (!parent) return backTo(context, { error: "invalid_parent" });
    try {
      // Official replies are published at once and not held to reader limits.
      await runtime.store.createComment(
        { slug: parent.slug, parentId: parent.id, nickname: null, text: input.text, readerId: `moderator:${session.moderator.id}`, ipHash: null, status: "published", createdAt: now, official: true },
        { audit: { moderator: session.moderator.name, action: "official-reply" } },
      );
    } catch (error) {
      if (error instanceof CommentParentError) return backTo(context, { error: "invalid_parent" });
      throw error;
    }
    return backTo(context, { done: "reply", count: 1 });
  },
  async ban(context) {
    const period = context.form.get("period");
    const id = context.form.get("id") ?? "";
    if (!isBanPeriod(period)) return backTo(context, { error: "invalid" });
    const banned = await context.runtime.store.banAuthor(id, banUntil(period, context.now), context.session.moderator.name, context.now);
    if (!banned) return backTo(context, { error: "comment_not_found" });
    return backTo(context, { done: "ban", count: banned.hidden });
  },
  async "lift-ban"(context) {
    const lifted = await context.runtime.store.liftBan(context.form.get("ban") ?? "", context.session.moderator.name, context.now);
    return backTo(context, lifted ? { done: "lift-ban", count: 1 } : { error: "invalid" });
  },
  // 被举报: dismiss the reports (a comment they hid is published again), or decide: hide or restore (reports closed too).
  async reports(context) {
    const { runtime, form, session, now } = context;
    const action = form.get("action");
    const id = form.get("id") ?? "";
    if (action !== "dismiss" && action !== "hide" && action !== "restore") return backTo(context, { error: "invalid" });
    const before = await runtime.store.getComment(id);
    if (!before) return backTo(context, { error: "comment_not_found" });
    const after = await runtime.store.dismissReports(id);
    await runtime.store.recordAudit({ at: now, moderator: session.moderator.name, action: "dismiss-reports", commentId: id, slug: before.slug, statusBefore: before.status, statusAfter: after?.status ?? null, detail: null });
    if (action !== "dismiss" && after) {
      const wanted = action === "hide" ? "hidden" : "published";
      if (after.status !== wanted) await runtime.store.moderate([id], action, session.moderator.name, now);
    }
    return backTo(context, { done: `reports-${action}`, count: 1 });
  },
  async "words-add"(context) {
    const rule = checkWordRule(context.form.get("word"), context.form.get("action"));
    if (typeof rule === "string") return backTo(context, { error: "word_invalid" });
    await context.runtime.store.saveWordRules([rule]);
    await auditWords(context, "word-add", `${rule.action}\t${rule.word}`);
    return backTo(context, { done: "words-add", count: 1 });
  },
  async "words-remove"(context) {
    const word = context.form.get("word") ?? "";
    const removed = await context.runtime.store.removeWordRules([word]);
    if (removed > 0) await auditWords(context, "word-remove", word);
    return backTo(context, { done: "words-remove", count: removed });
  },
  async "words-import"(context) {
    const parsed = parseWordList(context.form.get("list") ?? "");
    const saved = await context.runtime.store.saveWordRules(parsed.rules);
    await auditWords(context, "word-import", `${saved.added} new, ${saved.changed} changed, ${parsed.problems.length} bad lines`);
    if (parsed.problems.length > 0) return backTo(context, { error: "word_list_problems", count: parsed.problems.length });
    return backTo(context, { done: "words-import", count: parsed.rules.length });
  },
  async close(context) {
    const slug = context.form.get("slug") ?? "";
    const closed = context.form.get("closed");
    if (!isSlugShaped(slug) || !getReport(slug) || (closed !== "1" && closed !== "0")) return backTo(context, { error: "invalid" });
    await context.runtime.store.setReportClosed(slug, closed === "1", context.session.moderator.name, context.now);
    return backTo(context, { done: closed === "1" ? "close" : "reopen", count: 1 });
  },
};

export function isConsoleWrite(action: string): boolean {
  return Object.hasOwn(CONSOLE_WRITES, action) || action === "sign-in" || action === "sign-out";
}

function auditWords(context: WriteContext, action: string, detail: string): Promise<void> {
  context.runtime.wordRules.invalidate();
  return context.runtime.store.recordAudit({ at: context.now, moderator: context.session.moderator.name, action, commentId: null, slug: null, statusBefore: null, statusAfter: null, detail });
}

/** A pasted word list may be far bigger than a comment. */
const WORD_LIST_BODY_BYTES = 256 * 1024;

/** POST /api/admin/console/{action} */
export function handleConsolePost(request: Request, params: { action: string }): Promise<Response> {
  return withApiErrors(async () => {
    const runtime = getCommentsRuntime();
    await assertConsoleEnabled(runtime);
    if (!isConsoleWrite(params.action)) throw new ApiError("comment_not_found");
    assertSameOrigin(request, runtime.config);
    const form = await readFormBody(request, params.action === "words-import" ? WORD_LIST_BODY_BYTES : undefined);
    const lang = formLang(form);
    if (params.action === "sign-in") return signIn(request, runtime, form, lang);
    const signInPage = consolePath(lang, "sign-in");
    const session = await requestSession(runtime.store, runtime.keys, request);
    if (!session) return seeOther(withParams(signInPage, { error: "session" }));
    if (!csrfTokenMatches(session, form.get("csrf"))) throw new ApiError("csrf_failed");
    if (params.action === "sign-out") {
      await endSession(runtime.store, request);
      return seeOther(withParams(signInPage, { done: "sign-out" }), [clearedSessionCookie(request, runtime.config)]);
    }
    const back = safeReturnPath(form.get("return"), consolePath(lang));
    const write = CONSOLE_WRITES[params.action]!;
    return seeOther(await write({ runtime, session, form, lang, back, now: new Date() }));
  });
}

/**
 * Sign-in: attempts are limited per name and per address (counted before the
 * password is checked, so guessing costs the guesser), and an unknown name
 * takes as long as a wrong password.
 */
async function signIn(request: Request, runtime: CommentsRuntime, form: URLSearchParams, lang: Lang): Promise<Response> {
  const page = consolePath(lang, "sign-in");
  const name = (form.get("name") ?? "").trim();
  const password = form.get("password") ?? "";
  if (name === "" || password === "" || name.length > 64) return seeOther(withParams(page, { error: "invalid" }));
  const now = Date.now();
  const rateKey = runtime.keys.rateKey(now);
  const decision = await takeTogether(
    runtime.store,
    [...runtime.limits.signInName.checks([keyedHash(rateKey, name.toLowerCase())]), ...runtime.limits.signInAddress.checks([keyedHash(rateKey, clientAddressKey(request))])],
    now,
  );
  if (!decision.allowed) return seeOther(withParams(page, { error: "rate_limited", retry: decision.retryAfterSeconds }));
  const moderator = await runtime.store.findModerator(name);
  if (!(await verifyPassword(password, moderator?.passwordHash)) || !moderator) return seeOther(withParams(page, { error: "invalid" }));
  const cookie = await startSession(runtime.store, { id: moderator.id, name: moderator.name }, request, runtime.config);
  return seeOther(consolePath(lang), [cookie]);
}

/** Downloads: the audit log, the word list, every comment. */
const CONSOLE_DOWNLOADS = new Set(["audit", "words", "export"]);

/**
 * GET /api/admin/console/audit?format=csv|json — the audit log as a download (newest first);
 * GET /api/admin/console/words — the word list in its file format;
 * GET /api/admin/console/export — every comment, the versioned export file (transfer/transfer-format.ts).
 */
export function handleConsoleGet(request: Request, params: { action: string }): Promise<Response> {
  return withApiErrors(async () => {
    const runtime = getCommentsRuntime();
    await assertConsoleEnabled(runtime);
    if (!CONSOLE_DOWNLOADS.has(params.action)) throw new ApiError("comment_not_found");
    const session = await requestSession(runtime.store, runtime.keys, request);
    if (!session) return seeOther(withParams(consolePath(DEFAULT_LANG, "sign-in"), { error: "session" }));
    const download = (body: string, type: string, name: string) =>
      new Response(body, { headers: { "Content-Type": `${type}; charset=utf-8`, "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" } });
    if (params.action === "words") return download(formatWordList(await runtime.store.listWordRules()), "text/plain", "word-rules.txt");
    if (params.action === "export") {
      const chunks: string[] = [];
      await writeExport(runtime.store, (chunk) => chunks.push(chunk));
      await runtime.store.recordAudit({ at: new Date(), moderator: session.moderator.name, action: "export", commentId: null, slug: null, statusBefore: null, statusAfter: null, detail: null });
      return download(chunks.join(""), "application/json", "comments.json");
    }
    const format = new URL(request.url).searchParams.get("format") ?? "csv";
    if (format !== "csv" && format !== "json") throw new ApiError("invalid_query");
    const { entries } = await runtime.store.listAudit(0, AUDIT_DOWNLOAD_LIMIT);
    const body = format === "csv" ? auditCsv(entries) : auditJson(entries);
    return new Response(body, {
      headers: {
        "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="comments-audit.${format}"`,
        "Cache-Control": "no-store",
      },
    });
  });
}

