import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { addressKey, clientAddress, parseTrustedHops } from "@/lib/server/client-address";
import { CLIENT_ADDRESS_HEADER, requestClientAddress } from "@/lib/server/client-address-header";
import { contentSecurityPolicy, htmlPolicy, inlineScriptHashes, strictTransportSecurity } from "@/lib/server/content-security-policy";
import { prepareRequest } from "@/lib/server/site-server";

const socket = (socketAddress: string, headers: { forwardedFor?: string; realIp?: string } = {}, trustedHops = 0) =>
  clientAddress({ socketAddress, forwardedFor: headers.forwardedFor, realIp: headers.realIp, trustedHops });

describe("client address", () => {
  it("is the socket's peer without a trusted proxy, whatever the client claims", () => {
    expect(socket("192.0.2.10", { forwardedFor: "203.0.113.1", realIp: "203.0.113.2" })).toEqual({ ok: true, address: "192.0.2.10", key: "192.0.2.10" });
    expect(socket("::ffff:192.0.2.10")).toMatchObject({ key: "192.0.2.10" });
  });

  it("counts trusted hops from the right of X-Forwarded-For, so a forged left part changes nothing", () => {
    expect(socket("127.0.0.1", { forwardedFor: "6.6.6.6, 203.0.113.5" }, 1)).toMatchObject({ key: "203.0.113.5" });
    expect(socket("127.0.0.1", { forwardedFor: "6.6.6.6, 203.0.113.5, 10.0.0.2" }, 2)).toMatchObject({ key: "203.0.113.5" });
    expect(socket("127.0.0.1", { realIp: "203.0.113.9" }, 1)).toMatchObject({ key: "203.0.113.9" });
  });

  it("refuses a missing or malformed header from a trusted proxy instead of going unkeyed", () => {
    expect(socket("127.0.0.1", {}, 1).ok).toBe(false);
    expect(socket("127.0.0.1", { forwardedFor: "x" }, 1).ok).toBe(false);
    expect(socket("127.0.0.1", { forwardedFor: "203.0.113.5" }, 2).ok).toBe(false);
    expect(socket("127.0.0.1", { forwardedFor: "203.0.113.5, " }, 1).ok).toBe(false);
  });

  it("keys IPv6 by its /64, so one household cannot rotate through its addresses", () => {
    expect(addressKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(socket("[2001:DB8:1:2::5]")).toMatchObject({ address: "2001:db8:1:2::5", key: "2001:db8:1:2::/64" });
    expect(addressKey("203.0.113.5")).toBe("203.0.113.5");
  });

  it("reads TRUST_PROXY as a number of hops", () => {
    expect([undefined, "", "0", "false", "1", "true", "2"].map((v) => parseTrustedHops(v))).toEqual([0, 0, 0, 0, 1, 1, 2]);
    expect(() => parseTrustedHops("yes")).toThrow(/TRUST_PROXY/);
  });
});

describe("content security policy", () => {
  it("hashes exactly the inline scripts a page carries, and never allows 'unsafe-inline' scripts", () => {
    const html = `<html><head><script>document.documentElement.dataset.size="l"</script><script src="/_next/static/a.js" async></script></head><body><script nonce="abc">self.__next_f.push([1,"x"])</script></body></html>`;
    const hashes = inlineScriptHashes(html);
    const sha = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
    expect(hashes).toEqual([sha('document.documentElement.dataset.size="l"'), sha('self.__next_f.push([1,"x"])')]);
    const policy = htmlPolicy(html, "abc");
    expect(policy).toMatch(/script-src 'self' 'nonce-abc' 'sha256-/);
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(htmlPolicy(html, "not-used")).not.toContain("nonce-not-used");
    expect(contentSecurityPolicy()).toContain("script-src 'self';");
  });

  it("sends HSTS only when the site is https", () => {
    expect(strictTransportSecurity("https://news.example.org")).toMatch(/^max-age=31536000/);
    expect(strictTransportSecurity("http://localhost:3000")).toBeNull();
    expect(strictTransportSecurity(undefined)).toBeNull();
  });
});

describe("the entry's request preparation, over a real socket", () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function serve(trustedHops: number, body = "<!DOCTYPE html><script>1</script>") {
    server = http.createServer((req, res) => {
      prepareRequest(req, res, { trustedHops, hsts: null });
      const seen = requestClientAddress(new Headers(req.headers as Record<string, string>));
      res.setHeader("Content-Type", req.url === "/page" ? "text/html; charset=utf-8" : "application/json");
      res.setHeader("X-Seen", JSON.stringify({ seen, csp: req.headers["content-security-policy"] ?? null }));
      res.end(req.url === "/page" ? body : "{}");
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it("drops a client's copy of the internal header and forged forwarding headers without a trusted proxy", async () => {
    const base = await serve(0);
    const response = await fetch(`${base}/api`, { headers: { [CLIENT_ADDRESS_HEADER]: "forged 6.6.6.6", "x-forwarded-for": "6.6.6.6", "content-security-policy": "script-src 'nonce-evil'" } });
    const { seen, csp } = JSON.parse(response.headers.get("x-seen")!);
    expect(seen).toEqual({ kind: "known", key: "127.0.0.1" });
    expect(csp).toMatch(/^script-src 'nonce-[A-Za-z0-9+/=]+'$/);
    expect(csp).not.toContain("evil");
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self';");
  });

  it("marks a malformed trusted header so that writes are refused", async () => {
    const base = await serve(1);
    const seen = async (headers: Record<string, string>) => JSON.parse((await fetch(`${base}/api`, { headers })).headers.get("x-seen")!).seen;
    expect(await seen({ "x-forwarded-for": "x" })).toEqual({ kind: "malformed" });
    expect(await seen({})).toEqual({ kind: "malformed" });
    expect(await seen({ "x-forwarded-for": "2001:db8:5:6::7" })).toEqual({ kind: "known", key: "2001:db8:5:6::/64" });
  });

  it("sends no policy with a 304, so the revalidated page keeps the hashes it was sent with", async () => {
    server = http.createServer((req, res) => {
      prepareRequest(req, res, { trustedHops: 0, hsts: null });
      res.setHeader("Content-Security-Policy", "default-src 'self'; script-src 'self'"); // as next.config's headers() would
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.statusCode = 304;
      res.end();
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/page`);
    expect(response.status).toBe(304);
    expect(response.headers.get("content-security-policy")).toBeNull();
  });

  it("gives an HTML page the hashes of its own inline scripts, gzipped after hashing", async () => {
    const script = `console.log(${JSON.stringify("x".repeat(2000))})`;
    const base = await serve(0, `<!DOCTYPE html><html><script>${script}</script></html>`);
    const response = await fetch(`${base}/page`, { headers: { "accept-encoding": "gzip" } });
    const policy = response.headers.get("content-security-policy")!;
    expect(policy).toContain(inlineScriptHashes(`<script>${script}</script>`)[0]);
    expect(response.headers.get("content-encoding")).toBe("gzip");
    expect(await response.text()).toContain(script);
  });
});
