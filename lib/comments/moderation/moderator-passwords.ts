import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/**
 * Moderator passwords, stored as scrypt hashes (memory-hard, node:crypto) with
 * a random salt per account: `scrypt$N$r$p$<salt>$<hash>` (base64url). The
 * parameters travel with the hash, so they can be raised later and old hashes
 * still verify.
 */
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Passwords shorter than this are refused when an account is made. */
export const MIN_PASSWORD_CHARS = 10;
/** Longer input is refused before hashing (a huge password must not cost the server). */
export const MAX_PASSWORD_CHARS = 1_000;

function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  // 128 · N · r bytes of memory; Node's default ceiling (32 MiB) is exactly that at N = 2^15, r = 8.
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) => scrypt(password.normalize("NFC"), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, COST);
  return ["scrypt", COST.N, COST.r, COST.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** A stored hash that matches nothing, verified when the name is unknown so both cases take as long. */
let decoy: Promise<string> | undefined;

export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  if (password.length > MAX_PASSWORD_CHARS) return false;
  decoy ??= hashPassword(randomBytes(16).toString("hex"));
  const hash = stored ?? (await decoy);
  const [scheme, n, r, p, salt, key] = hash.split("$");
  if (scheme !== "scrypt" || !salt || !key) return false;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (![cost.N, cost.r, cost.p].every((v) => Number.isInteger(v) && v > 0) || cost.N > 2 ** 20) return false;
  const expected = Buffer.from(key, "base64url");
  const given = await derive(password, Buffer.from(salt, "base64url"), cost);
  return stored !== undefined && given.length === expected.length && timingSafeEqual(given, expected);
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if ([...password].length < MIN_PASSWORD_CHARS) return `the password must be at least ${MIN_PASSWORD_CHARS} characters`;
  if (password.length > MAX_PASSWORD_CHARS) return `the password must be at most ${MAX_PASSWORD_CHARS} characters`;
  return null;
}

/** Moderator names: 1–32 letters, digits, `.`, `_` or `-` (any script), no spaces. */
export function isModeratorName(name: string): boolean {
  return /^[\p{L}\p{N}._-]{1,32}$/u.test(name);
}
