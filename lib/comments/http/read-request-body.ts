import { ApiError } from "./api-error";
import { BytesRequest } from "./bytes-body";

/** Largest request body the comments API reads. */
export const MAX_BODY_BYTES = 16 * 1024;

/** The media type of a request, lower-cased, without parameters. */
function mediaType(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/**
 * Reads at most `limit` bytes, refusing early on a declared Content-Length and
 * stopping the stream as soon as it passes the limit (chunked bodies too).
 */
async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) throw new ApiError("payload_too_large");
  const inHand = BytesRequest.bytesOf(request);
  if (inHand) {
    if (inHand.byteLength > limit) throw new ApiError("payload_too_large");
    return inHand;
  }
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new ApiError("payload_too_large");
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Bytes that are not UTF-8 are refused rather than silently replaced. */
function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError("invalid_text");
  }
}

/** The parsed JSON body: 415 unless declared JSON, 413 when too big, 400 when malformed. */
export async function readJsonBody(request: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
  const type = mediaType(request);
  if (type !== "application/json" && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) throw new ApiError("unsupported_media_type");
  const text = decodeUtf8(await readLimited(request, limit));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError("invalid_json");
  }
}

/** The fields of a plain HTML form post (application/x-www-form-urlencoded). */
export async function readFormBody(request: Request, limit = MAX_BODY_BYTES): Promise<URLSearchParams> {
  if (mediaType(request) !== "application/x-www-form-urlencoded") throw new ApiError("unsupported_media_type");
  return new URLSearchParams(decodeUtf8(await readLimited(request, limit)));
}
