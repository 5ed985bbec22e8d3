/**
 * `npm start` / `npm run dev`: serves the site through lib/server/site-server.ts.
 * Usage: tsx lib/server/start-site.ts [--dev] [-H 127.0.0.1] [-p 3000]
 * (PORT works too; NODE_ENV=production is set by `npm run serve`). Stops cleanly on SIGTERM and SIGINT.
 */
import path from "node:path";
import { apiFrontHandler } from "./api-front-handler";
import { apiRouter } from "./api-routes";
import { searchPageHandler } from "./search-page-handler";
import { createSiteServer } from "./site-server";

function option(flags: readonly string[], fallback: string): string {
  for (const flag of flags) {
    const i = process.argv.indexOf(flag);
    if (i !== -1 && process.argv[i + 1] !== undefined) return process.argv[i + 1]!;
  }
  return fallback;
}

async function main(): Promise<void> {
  const dev = process.argv.includes("--dev");
  // Loopback unless told otherwise: in production the app sits behind nginx on the same machine.
  const hostname = option(["-H", "--hostname"], "127.0.0.1");
  const port = Number(option(["-p", "--port"], process.env.PORT || "3000"));
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`not a port: ${port}`);
  // The API's lean path, the same in development and production.
  const api = apiFrontHandler(apiRouter, { fallbackHost: `${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}` });
  const server = await createSiteServer({ dev, hostname, port, dir: path.resolve(import.meta.dirname, "../..") }, [api, searchPageHandler({ dev })]);
  server.listen(port, hostname, () => console.log(`Serving http://${hostname}:${port}${dev ? " (development)" : ""}`));
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
