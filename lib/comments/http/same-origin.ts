import { ApiError } from "./api-error";
import type { CommentsConfig } from "../comments-config";

/**
 * Writes must come from our own pages: the Origin header (which browsers send
 * on every POST and DELETE, fetch and form alike) must name this host, or the
 * SITE_URL origin. A missing or foreign Origin is refused (cross-site request forgery).
 */
export function assertSameOrigin(request: Request, config: Pick<CommentsConfig, "trustProxy" | "siteOrigin">): void {
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") throw new ApiError("forbidden_origin");
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new ApiError("forbidden_origin");
  }
  if (config.siteOrigin !== null && url.origin === config.siteOrigin) return;
  const hosts = [request.headers.get("host") ?? new URL(request.url).host];
  if (config.trustProxy) {
    const forwardedHost = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
    if (forwardedHost) hosts.push(forwardedHost);
  }
  if (!hosts.some((host) => host.toLowerCase() === url.host.toLowerCase())) throw new ApiError("forbidden_origin");
}
