import { describe, expect, it } from "vitest";
import { commentsKeys } from "@/lib/comments/identity/comments-keys";
import { newSignedReaderId, verifiedReaderId } from "@/lib/comments/identity/reader-identity";

const keys = commentsKeys({ secret: "test-only-comments-secret-0123456789abcdef", secretFile: "/nonexistent" });

describe("new reader ids", () => {
  it("are never the same twice, across many refills of the random pool, and each verifies", () => {
    const ids = Array.from({ length: 3_000 }, () => newSignedReaderId(keys));
    expect(new Set(ids).size).toBe(ids.length);
    const inner = ids.map((signed) => verifiedReaderId(keys, signed));
    expect(inner.every((id) => id !== null && /^[A-Za-z0-9_-]{22}$/.test(id))).toBe(true);
    expect(new Set(inner).size).toBe(ids.length);
  });

  it("do not verify under another secret, nor with a changed character", () => {
    const id = newSignedReaderId(keys);
    const other = commentsKeys({ secret: "another-secret-0123456789abcdef-0123456789", secretFile: "/nonexistent" });
    expect(verifiedReaderId(other, id)).toBeNull();
    const flipped = `${id.slice(0, 3)}${id[3] === "A" ? "B" : "A"}${id.slice(4)}`;
    expect(verifiedReaderId(keys, flipped)).toBeNull();
  });
});
