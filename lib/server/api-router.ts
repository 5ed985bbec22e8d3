import { errorResponse } from "@/lib/comments/http/api-response";

export type ApiMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A Web-standard handler; `params` are the path's `:name` segments, percent-decoded. */
export type ApiHandler = (request: Request, params: Readonly<Record<string, string>>) => Promise<Response> | Response;

export interface ApiRoute {
  method: ApiMethod;
  /** `/api/reports/:slug/comments`: literal segments and `:name` segments (one segment each). */
  path: string;
  handler: ApiHandler;
}

/** One line of a routing table. */
export function route(method: ApiMethod, path: string, handler: ApiHandler): ApiRoute {
  return { method, path, handler };
}

interface CompiledPath {
  path: string;
  /** A literal segment, or null where a parameter goes. */
  segments: readonly (string | null)[];
  names: readonly string[];
  methods: Map<string, ApiHandler>;
  /** The `Allow` header: the table's methods for this path, in table order. */
  allow: string;
}

/** What a path is, for the router. */
export type PathMatch =
  | { kind: "route"; path: CompiledPath; params: Record<string, string> }
  /** Matches a route's shape, but a parameter is not valid percent-encoding. */
  | { kind: "malformed" };

export interface ApiRouter {
  /** Whether `pathname` (no query) is one of the table's paths; undefined when it is none. */
  match(pathname: string): PathMatch | undefined;
  /**
   * Answers a request whose path matched: its method's handler; HEAD as GET
   * without the body; OPTIONS with the allowed methods; any other method 405
   * with `Allow`; a parameter that is not valid percent-encoding 400.
   */
  answer(request: Request, match: PathMatch): Promise<Response>;
  /** match + answer; undefined when no route has this path (the caller lets the pages answer). */
  dispatch(request: Request): Promise<Response | undefined>;
  readonly routes: readonly ApiRoute[];
}

function compile(routes: readonly ApiRoute[]): CompiledPath[] {
  const byPath = new Map<string, CompiledPath>();
  for (const { method, path, handler } of routes) {
    if (!path.startsWith("/") || path.includes("//") || path.endsWith("/")) throw new Error(`API route path must be /a/b: ${path}`);
    let compiled = byPath.get(path);
    if (!compiled) {
      const parts = path.slice(1).split("/");
      compiled = {
        path,
        segments: parts.map((part) => (part.startsWith(":") ? null : part)),
        names: parts.filter((part) => part.startsWith(":")).map((part) => part.slice(1)),
        methods: new Map(),
        allow: "",
      };
      byPath.set(path, compiled);
    }
    if (compiled.methods.has(method)) throw new Error(`API route listed twice: ${method} ${path}`);
    compiled.methods.set(method, handler);
    compiled.allow = [...compiled.methods.keys()].join(", ");
  }
  return [...byPath.values()];
}

/** Percent-decoding that reports malformed escapes instead of throwing. */
function decodeSegment(segment: string): string | undefined {
  if (!segment.includes("%")) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * The API's dispatch, Web-standard (Request in, Response out) so the same
 * table serves the Node server (lib/server/api-front-handler.ts) and tests.
 * A table of a dozen paths is matched segment by segment in a loop: faster
 * than a regular expression per route, and nothing to learn.
 */
export function createApiRouter(routes: readonly ApiRoute[]): ApiRouter {
  const paths = compile(routes);

  function match(pathname: string): PathMatch | undefined {
    const parts = pathname.slice(1).split("/");
    for (const candidate of paths) {
      const { segments } = candidate;
      if (segments.length !== parts.length) continue;
      let ok = true;
      for (let i = 0; i < segments.length; i++) {
        const literal = segments[i];
        if (literal === null ? parts[i] === "" : literal !== parts[i]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      const params: Record<string, string> = {};
      let p = 0;
      for (let i = 0; i < segments.length; i++) {
        if (segments[i] !== null) continue;
        const value = decodeSegment(parts[i]!);
        if (value === undefined) return { kind: "malformed" };
        params[candidate.names[p++]!] = value;
      }
      return { kind: "route", path: candidate, params };
    }
    return undefined;
  }

  async function answer(request: Request, found: PathMatch): Promise<Response> {
    if (found.kind === "malformed") return errorResponse("invalid_path");
    const { path, params } = found;
    const method = request.method.toUpperCase();
    const handler = path.methods.get(method === "HEAD" ? "GET" : method);
    if (handler) {
      const response = await handler(request, params);
      return method === "HEAD" ? new Response(null, { status: response.status, statusText: response.statusText, headers: response.headers }) : response;
    }
    if (method === "OPTIONS") {
      const allow = [...path.methods.keys(), ...(path.methods.has("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
      return new Response(null, { status: 204, headers: { Allow: allow, "Cache-Control": "no-store" } });
    }
    return errorResponse("method_not_allowed", { Allow: path.allow });
  }

  return {
    routes,
    match,
    answer,
    async dispatch(request) {
      const found = match(new URL(request.url).pathname);
      return found ? answer(request, found) : undefined;
    },
  };
}
