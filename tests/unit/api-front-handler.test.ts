import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonResponse, withApiErrors } from "@/lib/comments/http/api-response";
import { readJsonBody } from "@/lib/comments/http/read-request-body";
import { apiFrontHandler } from "@/lib/server/api-front-handler";
import { createApiRouter, route } from "@/lib/server/api-router";
import { API_ROUTES } from "@/lib/server/api-routes";
import { CLIENT_ADDRESS_HEADER, requestClientAddress } from "@/lib/server/client-address-header";
import { identifyClient } from "@/lib/server/site-server";

/**
 * The lean API path over a real socket, as the server entry runs it (client
 * identified first, then the table; what it does not answer would go to
 * Next, here a plain 418 so a test sees the fall-through). The routes echo
 * what a handler receives, so a test sees exactly what the path hands on.
 */
const echo = async (request: Request, params: Readonly<Record<string, string>>) => {
  const body = request.method === "GET" || request.method === "HEAD" ? "" : await request.text();
  return Response.json(
    {
      method: request.method,
      url: request.url,
      params,
      bodyBytes: Buffer.byteLength(body),
      client: requestClientAddress(request.headers),
      csp: request.headers.get("content-security-policy"),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
};
const router = createApiRouter([
  API_ROUTES.find((r) => r.path === "/api/ping")!,
  route("GET", "/api/things/:id", echo),
  // The real body reader behind it: 413 past 16 KB, by the declared length or by counting.
  route("POST", "/api/things/:id", (request) => withApiErrors(async () => jsonResponse({ method: request.method, body: await readJsonBody(request) }))),
  route("DELETE", "/api/things/:id/like", (request) => Response.json({ ok: true, cookie: request.headers.get("cookie") }, { headers: [["Set-Cookie", "a=1; Path=/"], ["Set-Cookie", "b=2; Path=/"]] })),
  route("POST", "/api/redirect", () => new Response(null, { status: 303, headers: [["Location", "/zh/x"], ["Set-Cookie", "f0=x; HttpOnly"], ["Set-Cookie", "f1=y; HttpOnly"]] })),
]);

let server: http.Server;
let port = 0;
beforeAll(async () => {
  const lean = apiFrontHandler(router, { fallbackHost: "127.0.0.1:1" });
  server = http.createServer(async (req, res) => {
    identifyClient(req, res, { trustedHops: 0, hsts: "max-age=31536000; includeSubDomains" });
    if (await lean(req, res)) return;
    res.statusCode = 418;
    res.end("next");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw HTTP/1.1 request (fetch cannot send TRACE, a forged Host or a path it would normalize). */
function raw(method: string, path: string, options: { headers?: Record<string, string>; body?: string | Buffer; chunks?: Buffer[] } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port, method, path, headers: options.headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    request.on("error", reject);
    if (options.chunks) {
      for (const chunk of options.chunks) request.write(chunk);
      request.end();
    } else request.end(options.body);
  });
}

describe("the lean API path", () => {
  it("answers the table's routes itself, with the site's security headers and HSTS, and no page nonce", async () => {
    const response = await raw("GET", "/api/things/a%20b?x=1");
    expect(response.status).toBe(200);
    const body = JSON.parse(response.body);
    expect(body).toMatchObject({ method: "GET", params: { id: "a b" }, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\/things\/a%20b\?x=1$/) });
    expect(body.csp).toBeNull();
    expect(response.headers["content-security-policy"]).toContain("script-src 'self';");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["strict-transport-security"]).toMatch(/^max-age=/);
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(Number(response.headers["content-length"])).toBe(Buffer.byteLength(response.body));
    expect(JSON.parse((await raw("GET", "/api/ping")).body)).toEqual({ ok: true });
  });

  it("keys the client by its socket, whatever X-Forwarded-For or a forged entry header says", async () => {
    const response = await raw("GET", "/api/things/1", { headers: { "x-forwarded-for": "6.6.6.6", "x-real-ip": "6.6.6.7", [CLIENT_ADDRESS_HEADER]: "forged 6.6.6.6" } });
    expect(JSON.parse(response.body).client).toEqual({ kind: "known", key: "127.0.0.1" });
  });

  it("leaves paths outside the table to the pages: empty segments, trailing slashes, unknown endpoints, non-API paths", async () => {
    for (const path of ["/api//x", "/api/ping/", "/api/nope", "/api/things", "/api/things/1/2/3", "/apix/ping", "/zh", "//api/ping"]) {
      expect((await raw("GET", path)).status, path).toBe(418);
    }
  });

  it("refuses a malformed percent-escape with 400 invalid_path instead of crashing", async () => {
    const response = await raw("GET", "/api/things/%zz");
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error.code).toBe("invalid_path");
    expect((await raw("DELETE", "/api/things/%E4%B8/like")).status).toBe(400);
  });

  it("answers HEAD as GET without a body, OPTIONS with the methods, and 405 with Allow for the rest (TRACE too)", async () => {
    const head = await raw("HEAD", "/api/things/1");
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
    expect(head.headers["content-type"]).toMatch(/^application\/json/);
    const options = await raw("OPTIONS", "/api/things/1");
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe("GET, POST, HEAD, OPTIONS");
    for (const method of ["TRACE", "PUT", "PATCH", "DELETE", "PROPFIND"]) {
      const response = await raw(method, "/api/things/1");
      expect(response.status, method).toBe(405);
      expect(response.headers.allow, method).toBe("GET, POST");
      expect(JSON.parse(response.body).error.code, method).toBe("method_not_allowed");
    }
  });

  it("hands the body on, and cuts a huge one off at the limit (declared or chunked) with 413, reading no more", async () => {
    const text = JSON.stringify({ text: "你好" });
    const small = await raw("POST", "/api/things/1", { headers: { "content-type": "application/json" }, body: text });
    expect(JSON.parse(small.body)).toEqual({ method: "POST", body: { text: "你好" } });
    const declared = await raw("POST", "/api/things/1", { headers: { "content-type": "application/json", "content-length": String(50 * 1024 * 1024) }, body: "" }).catch((error: Error) => error);
    expect(declared).not.toBeInstanceOf(Error);
    expect((declared as Raw).status).toBe(413);
    const chunked = await raw("POST", "/api/things/1", { headers: { "content-type": "application/json" }, chunks: Array.from({ length: 64 }, () => Buffer.alloc(16 * 1024, 120)) }).catch((error: Error) => error);
    // The answer comes before the client has sent it all; the rest is never read.
    expect(chunked).not.toBeInstanceOf(Error);
    expect((chunked as Raw).status).toBe(413);
    expect((chunked as Raw).headers.connection).toBe("close");
    // The server is fine afterwards.
    expect((await raw("GET", "/api/ping")).status).toBe(200);
  });

  it("keeps redirects and every Set-Cookie of a response (the no-JavaScript form's flash needs both)", async () => {
    const redirect = await raw("POST", "/api/redirect", { body: "" });
    expect(redirect.status).toBe(303);
    expect(redirect.headers.location).toBe("/zh/x");
    expect(redirect.headers["set-cookie"]).toEqual(["f0=x; HttpOnly", "f1=y; HttpOnly"]);
    const two = await raw("DELETE", "/api/things/1/like", { headers: { cookie: "r=1" } });
    expect(two.headers["set-cookie"]).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(JSON.parse(two.body).cookie).toBe("r=1");
  });

  it("survives a hostile Host header and a very long path", async () => {
    const response = await raw("GET", "/api/things/1", { headers: { host: "evil host/<x>" } });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).url).toBe("http://127.0.0.1:1/api/things/1");
    const long = await raw("GET", `/api/things/${"a".repeat(12_000)}`);
    expect(long.status).toBe(200);
    expect(JSON.parse(long.body).params.id).toHaveLength(12_000);
  });
});

describe("the routing table", () => {
  it("refuses a route listed twice or a malformed path, so a merge cannot shadow one silently", () => {
    const ok = () => Response.json({});
    expect(() => createApiRouter([route("GET", "/api/a", ok), route("GET", "/api/a", ok)])).toThrow(/twice/);
    expect(() => createApiRouter([route("GET", "/api//a", ok)])).toThrow(/path/);
    expect(() => createApiRouter([route("GET", "/api/a/", ok)])).toThrow(/path/);
  });

  it("serves every endpoint the site's pages and widget call", () => {
    const table = API_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(table).toEqual(
      expect.arrayContaining([
        "GET /api/ping",
        "GET /api/reports/:slug/comments",
        "POST /api/reports/:slug/comments",
        "POST /api/reports/:slug/comments/form",
        "GET /api/comments/:id/replies",
        "POST /api/comments/:id/like",
        "DELETE /api/comments/:id/like",
        "GET /api/comment-counts",
      ]),
    );
  });
});
