import { describe, expect, it } from "vitest";
import { useTemporaryContentCache } from "../temporary-content-cache";
import { apiRoute } from "./comments-api-harness";

/** GET /api/search over the real content (the Chengyang report), with an index built into a folder of this run's own. */
useTemporaryContentCache("search-api-");

const route = apiRoute("/api/search");
const call = async (query: string, init?: RequestInit) => {
  const response = await route.GET(new Request(`http://news.test/api/search${query}`, init));
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> & { results?: { url: string; snippet: { text: string; match: boolean }[]; reportTitle: string }[] } };
};

describe("GET /api/search", () => {
  it("finds the sections holding a two-character Chinese word, linking straight to each, with the match marked", async () => {
    const { status, body, headers } = await call(`?lang=zh&q=${encodeURIComponent("调解")}`);
    expect(status).toBe(200);
    expect(headers.get("content-type")).toContain("application/json");
    expect(body.total).toBeGreaterThan(0);
    const first = body.results![0]!;
    expect(first.url).toMatch(/^\/zh\/reports\/chengyang-rule-of-law#[a-z0-9-]+$/);
    expect(first.snippet.filter((part) => part.match).map((part) => part.text)).toContain("调解");
  });

  it("finds English word forms (enforce → enforcement)", async () => {
    const { status, body } = await call("?lang=en&q=enforce");
    expect(status).toBe(200);
    expect(body.total).toBeGreaterThan(0);
    expect(body.results!.flatMap((r) => r.snippet.filter((p) => p.match).map((p) => p.text.toLowerCase()))).toContain("enforcement");
  });

  it("answers an empty query, an unknown word and query syntax with no results, never an error", async () => {
    for (const q of ["", "   ", "zzzyyyxxx", '" OR 1=1 --', "NEAR(a b)", "*", "title:法治"]) {
      const { status, body } = await call(`?lang=zh&q=${encodeURIComponent(q)}`);
      expect(status, q).toBe(200);
      expect(Array.isArray(body.results), q).toBe(true);
    }
    expect((await call("?lang=zh")).body).toMatchObject({ total: 0, results: [] });
  });

  it("cuts a 10 KB query and removes control characters, saying so", async () => {
    const long = await call(`?lang=zh&q=${encodeURIComponent("法治".repeat(1500))}`);
    expect(long.status).toBe(414); // the URL itself is refused: a search box never sends this much
    const cut = await call(`?lang=zh&q=${encodeURIComponent("法治 ".repeat(60))}`);
    expect(cut.status).toBe(200);
    expect(cut.body.truncated).toBe(true);
    const controls = await call(`?lang=en&q=${encodeURIComponent("enforce\u0000\u202e\u0007")}`);
    expect(controls.status).toBe(200);
    expect(controls.body).toMatchObject({ cleaned: true, query: "enforce" });
    const broken = await call("?lang=en&q=%E6%B3%95%FF%00");
    expect(broken.status).toBe(200);
  });

  it("uses the first q of several", async () => {
    const { body } = await call(`?lang=en&q=enforce&q=${encodeURIComponent("<script>")}`);
    expect(body.query).toBe("enforce");
  });

  it("refuses a missing or unknown language and an impossible page, saying what to send", async () => {
    for (const query of ["?q=x", "?lang=fr&q=x", "?lang=ZH&q=x", "?lang=zh&lang=en&q=x&page=0", "?lang=zh&q=x&page=abc", "?lang=zh&q=x&page=1e3", "?lang=zh&q=x&page=-1", "?lang=zh&q=x&page=11", "?lang=zh&q=x&page=02"]) {
      const { status, body } = await call(query);
      expect(status, query).toBe(400);
      expect(String(body.error), query).toMatch(/lang must be one of: zh, en|page must be a whole number from 1 to 10/);
    }
  });

  it("refuses writes", async () => {
    expect((await call("?lang=zh&q=x", { method: "POST", body: "{}" })).status).toBe(405);
  });

  it("answers a flood of 300 simultaneous searches, every one", async () => {
    const statuses = await Promise.all(Array.from({ length: 300 }, (_, i) => call(`?lang=${i % 2 ? "en" : "zh"}&q=${encodeURIComponent(i % 2 ? "court" : "法治")}`).then((r) => r.status)));
    expect(new Set(statuses)).toEqual(new Set([200]));
  });
});
