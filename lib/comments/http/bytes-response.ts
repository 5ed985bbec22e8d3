/**
 * A Response over bytes already in hand. To anyone reading it through the Web
 * API it is an ordinary Response (body stream, text, json, clone...). The
 * server entry takes its bytes directly (`bytesOf`) and writes them as they
 * are.
 *
 * Why: `new Response(bytes)` builds a transferable ReadableStream at once, and
 * reading it back costs a few promises. In Node 20 that was a fifth of the CPU
 * of a comment-list request on the lean path. This class makes the stream only
 * if someone asks for `body`.
 */
export class BytesResponse extends Response {
  readonly #bytes: Uint8Array<ArrayBuffer>;
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | undefined;
  #used = false;

  constructor(bytes: Uint8Array<ArrayBuffer>, init: ResponseInit = {}) {
    super(null, init);
    this.#bytes = bytes;
  }

  /**
   * The bytes of a BytesResponse whose body nobody has read yet, without
   * reading it. Undefined for any other Response: read it the usual way.
   */
  static bytesOf(response: Response): Uint8Array<ArrayBuffer> | undefined {
    if (!(response instanceof BytesResponse) || response.bodyUsed || response.#stream) return undefined;
    response.#used = true;
    return response.#bytes;
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> {
    if (!this.#stream) {
      this.#stream = new Response(this.#used ? new Uint8Array(0) : this.#bytes).body!;
      // Read already through a method below: as for any Response, a used body is a locked stream.
      if (this.#used) this.#stream.getReader();
    }
    return this.#stream;
  }

  override get bodyUsed(): boolean {
    return this.#used || (this.#stream !== undefined && this.#stream.locked);
  }

  /** The bytes, once; after `body` was asked for, the stream is what holds them. */
  #take(): Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array<ArrayBuffer>> {
    if (this.bodyUsed) throw new TypeError("Body is unusable: Body has already been read");
    if (this.#stream) return this.#stream;
    this.#used = true;
    return this.#bytes;
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = this.#take();
    if (bytes instanceof ReadableStream) return new Response(bytes).arrayBuffer();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await this.arrayBuffer());
  }

  override async text(): Promise<string> {
    return new TextDecoder().decode(await this.arrayBuffer());
  }

  override async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  override async blob(): Promise<Blob> {
    return new Blob([await this.arrayBuffer()], { type: this.headers.get("content-type") ?? "" });
  }

  override async formData(): Promise<FormData> {
    await this.arrayBuffer();
    throw new TypeError("BytesResponse holds no form data");
  }

  override clone(): BytesResponse {
    if (this.bodyUsed) throw new TypeError("Response.clone: Body has already been consumed.");
    if (this.#stream) {
      // Handed out already: split it as any Response would.
      const [mine, theirs] = this.#stream.tee();
      this.#stream = mine;
      return new BytesResponse(new Uint8Array(0), { status: this.status, statusText: this.statusText, headers: this.headers }).#withStream(theirs);
    }
    return new BytesResponse(this.#bytes, { status: this.status, statusText: this.statusText, headers: this.headers });
  }

  #withStream(stream: ReadableStream<Uint8Array<ArrayBuffer>>): this {
    this.#stream = stream;
    return this;
  }
}
