import { contentSecurityPolicy } from "./content-security-policy";

/**
 * Headers every response carries, pages (through next.config.ts `headers()`)
 * and the lean API path (lib/server/api-front-handler.ts) alike. The
 * Content-Security-Policy here is the script-less one: the server entry
 * replaces it on HTML pages with the page's own script hashes (or nonce).
 */
export const SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()" },
  { key: "Content-Security-Policy", value: contentSecurityPolicy() },
];
