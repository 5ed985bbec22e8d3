import { createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { CommentsConfig } from "../comments-config";

/**
 * The keys behind reader ids and address pseudonyms, derived from one secret
 * that never enters the comments database: COMMENTS_SECRET, or a random key
 * generated once into COMMENTS_SECRET_FILE (mode 0600). A leaked database then
 * gives back neither addresses (HMACs, not salted hashes with the salt beside
 * them) nor usable cookies (ids are stored hashed, and cookies are signed).
 */
export interface CommentsKeys {
  /** Signs reader cookie ids. */
  readerSignature: Buffer;
  /** Signs the no-JavaScript form's flash cookie (a draft sent back with its error). */
  flashSignature: Buffer;
  /** Derives each console session's CSRF token from its id. */
  consoleCsrf: Buffer;
  /** Hashes reader ids before they are stored. */
  readerStorage: Buffer;
  /** Stored address pseudonyms (duplicate checks, likes; cleared after the retention period). */
  addressPseudonym: Buffer;
  /** Rate-limit keys, rotating daily: a limit key says nothing after its day. */
  rateKey(now: number): Buffer;
}

const DAY_MS = 24 * 60 * 60_000;

function derive(secret: string, purpose: string): Buffer {
  return createHmac("sha256", secret).update(purpose).digest();
}

/** Reads the key file, or creates it exclusively (two instances starting together agree on one key). */
export function readOrCreateSecretFile(file: string): string {
  try {
    return readSecret(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, `${randomBytes(32).toString("base64url")}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return readSecret(file);
}

function readSecret(file: string): string {
  const value = fs.readFileSync(file, "utf8").trim();
  if (value.length < 32) throw new Error(`${file} holds no usable key (at least 32 characters); delete it to have a new one made, or set COMMENTS_SECRET`);
  return value;
}

export function commentsKeys(config: Pick<CommentsConfig, "secret" | "secretFile">): CommentsKeys {
  const secret = config.secret ?? readOrCreateSecretFile(config.secretFile);
  const rate = new Map<number, Buffer>();
  return {
    readerSignature: derive(secret, "reader-cookie-signature"),
    readerStorage: derive(secret, "reader-id-storage"),
    flashSignature: derive(secret, "form-flash-signature"),
    consoleCsrf: derive(secret, "console-csrf-token"),
    addressPseudonym: derive(secret, "address-pseudonym"),
    rateKey(now) {
      const day = Math.floor(now / DAY_MS);
      let key = rate.get(day);
      if (!key) {
        rate.clear();
        key = derive(secret, `rate-limit-key:${day}`);
        rate.set(day, key);
      }
      return key;
    },
  };
}

/** A keyed hash, base64url (43 characters). */
export function keyedHash(key: Buffer, value: string): string {
  return createHmac("sha256", key).update(value).digest("base64url");
}
