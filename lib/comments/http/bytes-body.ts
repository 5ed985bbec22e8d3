/**
 * Requests and Responses over bytes already in hand. To anyone reading them
 * through the Web API they are ordinary (body stream, text, json, formData,
 * clone...). The server entry hands a request's bytes to the handlers, and
 * takes a response's bytes, directly (`bytesOf`).
 *
 * Why: `new Response(bytes)` and `new Request(url, { body })` build a
 * transferable ReadableStream at once, and reading it back costs a few
 * promises. In Node 20 that was a fifth of the CPU of a comment-list request
 * on the lean path, and 3 % of a post's. These make the stream only if someone
 * asks for `body`.
 */

type Bytes = Uint8Array<ArrayBuffer>;

/** The body both classes share: the bytes, read once, as a stream only on demand. */
class BytesBody {
  #stream: ReadableStream<Bytes> | undefined;
  #used = false;

  constructor(readonly bytes: Bytes) {}

  /** The bytes, unread, marking the body used; undefined once anything read it. */
  take(): Bytes | undefined {
    if (this.used || this.#stream) return undefined;
    this.#used = true;
    return this.bytes;
  }

  get stream(): ReadableStream<Bytes> {
    if (!this.#stream) {
      this.#stream = new Response(this.#used ? new Uint8Array(0) : this.bytes).body!;
      // Read already: as for any Request or Response, a used body is a locked stream.
      if (this.#used) this.#stream.getReader();
    }
    return this.#stream;
  }

  set stream(stream: ReadableStream<Bytes>) {
    this.#stream = stream;
  }

  get used(): boolean {
    return this.#used || (this.#stream !== undefined && this.#stream.locked);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.used) throw new TypeError("Body is unusable: Body has already been read");
    // Once `body` was asked for, the stream is what holds the bytes.
    if (this.#stream) return new Response(this.#stream).arrayBuffer();
    this.#used = true;
    return this.bytes.buffer.slice(this.bytes.byteOffset, this.bytes.byteOffset + this.bytes.byteLength);
  }

  async text(): Promise<string> {
    return new TextDecoder().decode(await this.arrayBuffer());
  }

  async formData(contentType: string | null): Promise<FormData> {
    return new Response(await this.arrayBuffer(), contentType === null ? {} : { headers: { "Content-Type": contentType } }).formData();
  }

  /** Two bodies with the same bytes, for clone(): this one keeps one, the copy gets the other. */
  split(): ReadableStream<Bytes> | Bytes {
    if (this.used) throw new TypeError("clone: Body has already been consumed.");
    if (!this.#stream) return this.bytes;
    const [mine, theirs] = this.#stream.tee();
    this.#stream = mine;
    return theirs;
  }
}

/**
 * The Web API's body members, answered from a BytesBody: written once for
 * both classes below (Request and Response differ only in their constructors).
 */
// A mixin's base constructor must take any[] (TypeScript's rule for mixins).
function withBytesBody<Base extends new (...args: any[]) => Body & { readonly headers: Headers }>(base: Base) {
  abstract class WithBytesBody extends base {
    #body = new BytesBody(new Uint8Array(0));

    /** Called by the constructor (and clone): the bytes, or a stream another body split off. */
    protected hold(body: Bytes | ReadableStream<Bytes>): void {
      if (body instanceof ReadableStream) this.#body.stream = body;
      else this.#body = new BytesBody(body);
    }

    /** The bytes, unread, marking the body used (bytesOf); undefined once anything read it. */
    protected takeBytes(): Bytes | undefined {
      return this.#body.take();
    }

    /** The body for a clone, which this one no longer shares. */
    protected splitBody(): Bytes | ReadableStream<Bytes> {
      return this.#body.split();
    }

    override get body(): ReadableStream<Bytes> {
      return this.#body.stream;
    }
    override get bodyUsed(): boolean {
      return this.#body.used;
    }
    override arrayBuffer(): Promise<ArrayBuffer> {
      return this.#body.arrayBuffer();
    }
    override async bytes(): Promise<Bytes> {
      return new Uint8Array(await this.#body.arrayBuffer());
    }
    override text(): Promise<string> {
      return this.#body.text();
    }
    override async json(): Promise<unknown> {
      return JSON.parse(await this.#body.text());
    }
    override async blob(): Promise<Blob> {
      return new Blob([await this.#body.arrayBuffer()], { type: this.headers.get("content-type") ?? "" });
    }
    override formData(): Promise<FormData> {
      return this.#body.formData(this.headers.get("content-type"));
    }
  }
  return WithBytesBody;
}

export class BytesResponse extends withBytesBody(Response) {
  constructor(bytes: Bytes | ReadableStream<Bytes>, init: ResponseInit = {}) {
    super(null, init);
    this.hold(bytes);
  }

  /** The bytes of a BytesResponse whose body nobody has read yet, without reading it. Undefined for any other Response. */
  static bytesOf(response: Response): Bytes | undefined {
    return response instanceof BytesResponse ? response.takeBytes() : undefined;
  }

  override clone(): BytesResponse {
    return new BytesResponse(this.splitBody(), { status: this.status, statusText: this.statusText, headers: this.headers });
  }
}

export class BytesRequest extends withBytesBody(Request) {
  /** `init` without a body: the bytes are the body (so not for GET or HEAD). */
  constructor(url: string, init: Omit<RequestInit, "body">, bytes: Bytes | ReadableStream<Bytes>) {
    super(url, init);
    this.hold(bytes);
  }

  /** The bytes of a BytesRequest whose body nobody has read yet, without reading it. Undefined for any other Request. */
  static bytesOf(request: Request): Bytes | undefined {
    return request instanceof BytesRequest ? request.takeBytes() : undefined;
  }

  override clone(): BytesRequest {
    return new BytesRequest(this.url, { method: this.method, headers: this.headers, signal: this.signal }, this.splitBody());
  }
}
