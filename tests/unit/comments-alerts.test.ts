import http from "node:http";
import net from "node:net";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { alertChannels, type AlertChannel } from "@/lib/comments/alerts/alert-channels";
import { parseAlertConfig } from "@/lib/comments/alerts/alert-config";
import { AlertSender, retryDelayMs } from "@/lib/comments/alerts/alert-sender";
import type { CommentStore, NewComment } from "@/lib/comments/store/comment-store";
import { openPostgresCommentStore, openSqliteCommentStore } from "@/lib/comments/store/open-comment-store";
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from "../postgres-test-db";

/**
 * Alerts against a local HTTP receiver and a local SMTP sink: batching (one
 * message per interval), retries of a failing receiver, the WeCom and e-mail
 * formats, and two instances on one database sending each alert once.
 */
const INTERVAL = 300_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "comments-alerts-"));
const schemas: TestSchema[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  for (const schema of schemas) await schema.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A local webhook receiver: records each JSON body; `fail` answers 500 until set back. */
async function receiver() {
  const bodies: unknown[] = [];
  const state = { fail: false, answer: "{}" };
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      if (state.fail) {
        response.writeHead(500).end("down");
        return;
      }
      bodies.push(JSON.parse(body));
      response.writeHead(200, { "Content-Type": "application/json" }).end(state.answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/hook`, bodies, state };
}

/** A tiny SMTP sink (node:net): enough of RFC 5321 for nodemailer; records each message's data. */
async function smtpSink() {
  const messages: string[] = [];
  const server = net.createServer((socket) => {
    let buffer = "";
    let inData = false;
    let data = "";
    socket.write("220 sink ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let index: number;
      while ((index = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            messages.push(data);
            data = "";
            socket.write("250 queued\r\n");
          } else data += `${line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") socket.write("250-sink\r\n250 8BITMIME\r\n");
        else if (verb === "DATA") {
          inData = true;
          socket.write("354 go ahead\r\n");
        } else if (verb === "QUIT") socket.end("221 bye\r\n");
        else socket.write("250 ok\r\n");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `smtp://127.0.0.1:${(server.address() as net.AddressInfo).port}`, messages };
}

const comment = (overrides: Partial<NewComment> = {}): NewComment => ({
  slug: "report-a",
  parentId: null,
  nickname: null,
  text: `text ${Math.random()}`,
  readerId: `r${Math.random()}`,
  ipHash: null,
  status: "pending",
  createdAt: new Date(),
  ...overrides,
});

type Opened = { store: CommentStore; second: () => CommentStore };
const backends: [string, () => Promise<Opened>][] = [
  [
    "sqlite",
    async () => {
      const file = path.join(dir, `a-${Math.random()}.db`);
      const stores: CommentStore[] = [];
      const open = () => {
        const store = openSqliteCommentStore(file);
        stores.push(store);
        return store;
      };
      cleanups.push(async () => {
        for (const store of stores) await store.close();
      });
      return { store: open(), second: open };
    },
  ],
];
if (TEST_DATABASE_URL) {
  backends.push([
    "postgres",
    async () => {
      const schema = await createTestSchema();
      schemas.push(schema);
      const stores: CommentStore[] = [];
      const open = () => {
        const store = openPostgresCommentStore({ connectionString: TEST_DATABASE_URL!, schema: schema.schema, poolSize: 3 });
        stores.push(store);
        return store;
      };
      cleanups.push(async () => {
        for (const store of stores) await store.close();
      });
      return { store: open(), second: open };
    },
  ]);
}

const quiet = () => {};

for (const [name, make] of backends) {
  describe(`alerts: ${name}`, () => {
    it("records pending comments and accepted reports in the outbox, and sends them as one message per interval", async () => {
      const { store } = await make();
      const hook = await receiver();
      const [channel] = alertChannels(parseAlertConfig({ COMMENTS_ALERT_WEBHOOK_URL: hook.url, SITE_URL: "https://news.example.org" })) as [AlertChannel];
      let clock = Date.UTC(2026, 0, 1);
      const sender = new AlertSender(store, [channel], INTERVAL, quiet);
      const tick = () => sender.tick(() => clock);

      const pending = await store.createComment(comment(), { alertWhenPending: true });
      await store.createComment(comment({ status: "published" }), { alertWhenPending: true }); // published: nothing to hear about
      const published = await store.createComment(comment({ status: "published" }));
      await store.reportComment({ commentId: published.id, readerId: "x", addressHash: null, reason: "spam", createdAt: new Date() }, 3, { alert: true });
      await store.reportComment({ commentId: published.id, readerId: "x", addressHash: null, reason: "spam", createdAt: new Date() }, 3, { alert: true }); // a repeat: not accepted
      await tick();
      expect(hook.bodies).toHaveLength(1);
      const first = hook.bodies[0] as { type: string; counts: unknown; events: { kind: string; commentId: string }[]; text: string; console: string };
      expect(first).toMatchObject({ type: "comments.alert", counts: { pending: 1, reported: 1 }, console: "https://news.example.org/admin" });
      expect(first.events.map((e) => [e.kind, e.commentId])).toEqual([
        ["pending", pending.id],
        ["reported", published.id],
      ]);
      expect(first.text).toMatch(/1 条待审核,1 条被举报/);

      // A flood within the interval waits for the next message.
      for (let i = 0; i < 20; i++) await store.createComment(comment(), { alertWhenPending: true });
      clock += INTERVAL - 1;
      await tick();
      expect(hook.bodies).toHaveLength(1);
      clock += 1;
      await tick();
      expect(hook.bodies).toHaveLength(2);
      expect((hook.bodies[1] as { counts: { pending: number } }).counts.pending).toBe(20);
      clock += INTERVAL;
      await tick();
      expect(hook.bodies).toHaveLength(2); // nothing new: nothing sent
    });

    it("retries a failing receiver with backoff and delivers everything once it is back", async () => {
      const { store } = await make();
      const hook = await receiver();
      const [channel] = alertChannels(parseAlertConfig({ COMMENTS_ALERT_WEBHOOK_URL: hook.url })) as [AlertChannel];
      const logged: string[] = [];
      let clock = Date.UTC(2026, 0, 1);
      const sender = new AlertSender(store, [channel], INTERVAL, (line) => logged.push(line));
      await store.createComment(comment(), { alertWhenPending: true });
      hook.state.fail = true;
      await sender.tick(() => clock);
      expect(logged.join("\n")).toMatch(/webhook failed \(answered 500\)/);
      clock += retryDelayMs(0) - 1;
      await sender.tick(() => clock);
      const failures = () => logged.filter((line) => /webhook failed/.test(line)).length;
      expect(failures()).toBe(1); // not yet due again
      clock += 1;
      await sender.tick(() => clock);
      expect(failures()).toBe(2); // second failure, next wait doubles
      hook.state.fail = false;
      await store.createComment(comment(), { alertWhenPending: true });
      clock += retryDelayMs(1);
      await sender.tick(() => clock);
      expect(hook.bodies).toHaveLength(1);
      expect((hook.bodies[0] as { counts: { pending: number } }).counts.pending).toBe(2);
      expect(retryDelayMs(1)).toBe(2 * retryDelayMs(0));
    });

    it("sends each alert once when two instances' senders run together", async () => {
      const { store, second } = await make();
      const hook = await receiver();
      const config = parseAlertConfig({ COMMENTS_ALERT_WEBHOOK_URL: hook.url, COMMENTS_ALERT_INTERVAL_SECONDS: "0" });
      const other = second();
      const senders = [new AlertSender(store, alertChannels(config), 0, quiet), new AlertSender(other, alertChannels(config), 0, quiet)];
      const ids: string[] = [];
      for (let round = 0; round < 5; round++) {
        for (let i = 0; i < 4; i++) ids.push((await (i % 2 ? store : other).createComment(comment(), { alertWhenPending: true })).id);
        await Promise.all(senders.flatMap((sender) => [sender.tick(), sender.tick()]));
      }
      await Promise.all(senders.map((sender) => sender.tick()));
      const delivered = hook.bodies.flatMap((body) => (body as { events: { commentId: string }[] }).events.map((e) => e.commentId));
      expect(delivered.sort()).toEqual(ids.sort());
    });
  });
}

describe("alert formats", () => {
  it("speaks WeCom's group robot markdown, and treats its errcode as a failure", async () => {
    const hook = await receiver();
    const [wecom] = alertChannels(parseAlertConfig({ COMMENTS_ALERT_WECOM_URL: hook.url, COMMENTS_ALERT_CONSOLE_URL: "https://news.example.org/admin" })) as [AlertChannel];
    hook.state.answer = JSON.stringify({ errcode: 0, errmsg: "ok" });
    await wecom.send([{ id: "1", kind: "reported", commentId: "42", slug: "report-a", createdAt: new Date() }]);
    expect(hook.bodies[0]).toEqual({ msgtype: "markdown", markdown: { content: expect.stringContaining("被举报 · 评论 #42 · report-a") } });
    expect((hook.bodies[0] as { markdown: { content: string } }).markdown.content).toContain("(https://news.example.org/admin)");
    hook.state.answer = JSON.stringify({ errcode: 93000, errmsg: "invalid webhook url" });
    await expect(wecom.send([{ id: "2", kind: "pending", commentId: "43", slug: "report-a", createdAt: new Date() }])).rejects.toThrow(/errcode 93000/);
  });

  it("sends e-mail through SMTP (a local sink)", async () => {
    const sink = await smtpSink();
    const [email] = alertChannels(parseAlertConfig({ COMMENTS_ALERT_SMTP_URL: sink.url, COMMENTS_ALERT_EMAIL_TO: "desk@example.org", COMMENTS_ALERT_EMAIL_FROM: "site@example.org" })) as [AlertChannel];
    expect(email.name).toBe("email");
    await email.send([{ id: "1", kind: "pending", commentId: "7", slug: "report-a", createdAt: new Date() }]);
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0]).toMatch(/^To: desk@example\.org$/m);
    expect(sink.messages[0]).toMatch(/^From: site@example\.org$/m);
    expect(sink.messages[0]).toMatch(/^Subject: /m);
  });

  it("refuses malformed settings, naming the variable and never echoing a secret", () => {
    expect(() => parseAlertConfig({ COMMENTS_ALERT_WEBHOOK_URL: "ftp://x/secret-token" })).toThrow(/COMMENTS_ALERT_WEBHOOK_URL must be a http or https URL, not ftp:/);
    expect(() => parseAlertConfig({ COMMENTS_ALERT_WEBHOOK_URL: "ftp://x/secret-token" })).not.toThrow(/secret-token/);
    expect(() => parseAlertConfig({ COMMENTS_ALERT_SMTP_URL: "smtp://h" })).toThrow(/needs COMMENTS_ALERT_EMAIL_TO/);
    expect(() => parseAlertConfig({ COMMENTS_ALERT_INTERVAL_SECONDS: "soon" })).toThrow(/COMMENTS_ALERT_INTERVAL_SECONDS/);
  });
});
