import { isIP } from "node:net";

/**
 * How many reverse proxies we trust in front of the app (`TRUST_PROXY`): 0
 * (default) means the socket's peer is the client; N means the last N hops
 * are ours, so the client is the N-th address from the right of
 * X-Forwarded-For (deploy/nginx.conf sets that header to `$remote_addr`, so
 * with one proxy it holds exactly the client).
 */
export type ClientAddressResult = { ok: true; address: string; key: string } | { ok: false; reason: string };

/** Strips an IPv4-mapped IPv6 prefix and brackets/zone so one client has one spelling. */
function canonical(raw: string): string | null {
  let value = raw.trim();
  if (value.startsWith("[") && value.includes("]")) value = value.slice(1, value.indexOf("]"));
  value = value.replace(/%.*$/, "");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(value);
  if (mapped) value = mapped[1]!;
  const version = isIP(value);
  if (version === 0) return null;
  return version === 4 ? value : value.toLowerCase();
}

/** Eight 16-bit groups of an IPv6 address (already validated by isIP). */
function ipv6Groups(address: string): number[] {
  let text = address;
  // A trailing dotted IPv4 part becomes two groups.
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const headGroups = head ? head.split(":").filter((g) => g !== "") : [];
  const tailGroups = tail ? tail.split(":").filter((g) => g !== "") : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...tailGroups].map((g) => parseInt(g, 16));
}

/**
 * The key limits are counted under: an IPv4 address as it is; an IPv6 address
 * by its /64 network, because one home or phone gets a whole /64 and can pick
 * any address inside it.
 */
export function addressKey(address: string): string {
  if (isIP(address) === 4) return address;
  const groups = ipv6Groups(address).slice(0, 4);
  return `${groups.map((g) => g.toString(16)).join(":")}::/64`;
}

/**
 * The client's address from the socket's peer and, with trusted proxies, the
 * headers they set. A missing or malformed header from a trusted proxy is an
 * error (the caller refuses writes), never a silent "unknown".
 */
export function clientAddress(input: {
  socketAddress: string | undefined;
  forwardedFor: string | undefined;
  realIp: string | undefined;
  trustedHops: number;
}): ClientAddressResult {
  let candidate: string | undefined;
  if (input.trustedHops === 0) {
    candidate = input.socketAddress;
    if (candidate === undefined) return { ok: false, reason: "the connection has no peer address" };
  } else if (input.forwardedFor !== undefined && input.forwardedFor.trim() !== "") {
    const hops = input.forwardedFor.split(",").map((hop) => hop.trim());
    if (hops.length < input.trustedHops) return { ok: false, reason: `X-Forwarded-For has ${hops.length} address(es); TRUST_PROXY=${input.trustedHops} needs at least that many` };
    candidate = hops[hops.length - input.trustedHops];
  } else if (input.trustedHops === 1 && input.realIp !== undefined && input.realIp.trim() !== "") {
    candidate = input.realIp;
  } else {
    return { ok: false, reason: "the trusted proxy sent no X-Forwarded-For (or X-Real-IP)" };
  }
  const address = canonical(candidate ?? "");
  if (address === null) return { ok: false, reason: "the client address is not an IP address" };
  return { ok: true, address, key: addressKey(address) };
}

/** `TRUST_PROXY`: a whole number of trusted hops (0 by default; `true` means 1). */
export function parseTrustedHops(value: string | undefined): number {
  const v = value?.trim().toLowerCase();
  if (v === undefined || v === "" || v === "0" || v === "false") return 0;
  if (v === "true") return 1;
  if (/^[1-9]$/.test(v)) return Number(v);
  throw new Error(`TRUST_PROXY must be the number of reverse proxies in front of the app (0–9; 1 behind deploy/nginx.conf), not ${JSON.stringify(value)}`);
}
