import { describe, expect, it } from "vitest";
import { BytesRequest, BytesResponse } from "@/lib/comments/http/bytes-body";
import { jsonResponse } from "@/lib/comments/http/api-response";

const bytes = (text: string) => new Uint8Array(Buffer.from(text));

describe("BytesResponse: an ordinary Response to anyone reading it", () => {
  it("reads as JSON, text, bytes and a blob, with its status and headers", async () => {
    const make = () => new BytesResponse(bytes('{"读者":"城阳"}'), { status: 201, headers: { "Content-Type": "application/json" } });
    expect(await make().json()).toEqual({ 读者: "城阳" });
    expect(await make().text()).toBe('{"读者":"城阳"}');
    expect(Buffer.from(await make().arrayBuffer()).toString()).toBe('{"读者":"城阳"}');
    const blob = await make().blob();
    expect(blob.type).toBe("application/json");
    expect(await blob.text()).toBe('{"读者":"城阳"}');
    const response = make();
    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response).toBeInstanceOf(Response);
  });

  it("has a body stream that reads the same bytes, and is used once read", async () => {
    const response = new BytesResponse(bytes("hello"));
    expect(response.bodyUsed).toBe(false);
    const body = response.body;
    expect(body).toBeInstanceOf(ReadableStream);
    expect(response.body).toBe(body);
    expect(await new Response(body).text()).toBe("hello");
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  it("refuses a second read, as any Response does", async () => {
    const response = new BytesResponse(bytes("once"));
    expect(await response.text()).toBe("once");
    expect(response.bodyUsed).toBe(true);
    await expect(response.json()).rejects.toThrow(TypeError);
    await expect(response.arrayBuffer()).rejects.toThrow(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
    // A used body is a locked stream, never the bytes again.
    expect(response.body.locked).toBe(true);
  });

  it("clones into two independent readers, before or after the stream is handed out", async () => {
    const response = new BytesResponse(bytes("twice"), { status: 202, headers: { "X-A": "1" } });
    const copy = response.clone();
    expect(copy.status).toBe(202);
    expect(copy.headers.get("x-a")).toBe("1");
    expect(await copy.text()).toBe("twice");
    expect(await response.text()).toBe("twice");

    const streamed = new BytesResponse(bytes("teed"));
    void streamed.body;
    const teedCopy = streamed.clone();
    expect(await teedCopy.text()).toBe("teed");
    expect(await streamed.text()).toBe("teed");
  });

  it("gives the server entry its bytes only while nobody has read the body", async () => {
    const fresh = new BytesResponse(bytes("direct"));
    expect(Buffer.from(BytesResponse.bytesOf(fresh)!).toString()).toBe("direct");
    // Taken: it is used now, like any Response whose body was sent.
    expect(fresh.bodyUsed).toBe(true);
    expect(BytesResponse.bytesOf(fresh)).toBeUndefined();

    const read = new BytesResponse(bytes("read"));
    await read.text();
    expect(BytesResponse.bytesOf(read)).toBeUndefined();

    const streamed = new BytesResponse(bytes("streamed"));
    void streamed.body;
    expect(BytesResponse.bytesOf(streamed)).toBeUndefined();

    expect(BytesResponse.bytesOf(new Response("plain"))).toBeUndefined();
  });
});

describe("jsonResponse", () => {
  it("answers JSON that is never stored, as Response.json would, and keeps a type the caller set", async () => {
    const response = jsonResponse({ text: "依法行政 <script>" }, 400, { "Retry-After": "5" });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.json()).toEqual({ text: "依法行政 <script>" });
    expect(jsonResponse({}, 200, { "Content-Type": "application/problem+json" }).headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("BytesRequest: an ordinary Request to any handler reading it", () => {
  const make = (text: string, type = "application/json") =>
    new BytesRequest("http://127.0.0.1:3000/api/x", { method: "POST", headers: { "Content-Type": type } }, bytes(text));

  it("reads as JSON, text, bytes, a blob and a form, and keeps its method, URL and headers", async () => {
    expect(await make('{"text":"依法行政"}').json()).toEqual({ text: "依法行政" });
    expect(await make("plain").text()).toBe("plain");
    expect(Buffer.from(await make("raw").arrayBuffer()).toString()).toBe("raw");
    expect(await (await make("blob", "text/plain").blob()).text()).toBe("blob");
    const form = await make("text=%E5%9F%8E%E9%98%B3&nickname=a", "application/x-www-form-urlencoded").formData();
    expect(form.get("text")).toBe("城阳");
    const request = make("x");
    expect(request.method).toBe("POST");
    expect(request.url).toBe("http://127.0.0.1:3000/api/x");
    expect(request.headers.get("content-type")).toBe("application/json");
    expect(request).toBeInstanceOf(Request);
  });

  it("is read once, through its stream or its methods, and clones before that", async () => {
    const request = make("once");
    const copy = request.clone();
    expect(await new Response(request.body).text()).toBe("once");
    expect(request.bodyUsed).toBe(true);
    await expect(request.text()).rejects.toThrow(TypeError);
    expect(await copy.text()).toBe("once");
    expect(() => copy.clone()).toThrow(TypeError);
  });

  it("gives the server entry's reader its bytes only while unread", async () => {
    const request = make("direct");
    expect(Buffer.from(BytesRequest.bytesOf(request)!).toString()).toBe("direct");
    expect(request.bodyUsed).toBe(true);
    expect(BytesRequest.bytesOf(request)).toBeUndefined();
    expect(BytesRequest.bytesOf(new Request("http://x/", { method: "POST", body: "plain" }))).toBeUndefined();
  });
});
