/**
 * deploy/nginx.conf, run for real by tests and benchmarks: found (or
 * installed from Debian's nginx-light when running as root), started with
 * this run's ports and scratch paths, and stopped by its process id.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");

export function ensureNginx(): string {
  const found = spawnSync("sh", ["-c", "command -v nginx || ls /usr/sbin/nginx"], { encoding: "utf8" }).stdout.trim().split("\n")[0];
  if (found) return found;
  if (process.getuid?.() === 0) {
    console.error("Installing nginx from Debian's packages...");
    const install = spawnSync("sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light"], { stdio: "inherit" });
    if (install.status === 0) return "/usr/sbin/nginx";
  }
  throw new Error("nginx is missing: install it with apt-get install -y nginx-light");
}

/** Starts nginx with `config` (kept in work/name/nginx.conf); returns how to stop it, by its process id. */
export function startNginx(nginx: string, work: string, name: string, config: string): () => void {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "nginx.conf");
  fs.writeFileSync(file, config);
  const result = spawnSync(nginx, ["-c", file, "-p", dir, "-g", "daemon on;"], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`nginx (${name}) did not start: ${result.stderr}`);
  const pidFile = /^pid (.+);$/m.exec(config)![1]!;
  return () => {
    // By its process id: `nginx -s stop` alone was seen to leave a master running.
    try {
      process.kill(Number(fs.readFileSync(pidFile, "utf8").trim()), "SIGTERM");
    } catch {
      spawnSync(nginx, ["-c", file, "-p", dir, "-s", "stop"]);
    }
  };
}

/**
 * deploy/nginx.conf as shipped, with this run's port, upstreams, build id and
 * scratch paths under `work` (its own folder `name`); the error log keeps the
 * shipped level, which is what keeps client addresses out of it.
 */
export function referenceConfig(work: string, name: string, port: number, upstreams: readonly [number, number], buildId: string): string {
  return fs
    .readFileSync(path.join(ROOT, "deploy/nginx.conf"), "utf8")
    .replace(/^(\s*)include build-id\.conf;/m, `$1map "" $build_id { default "${buildId}"; }`)
    .replace(/^pid .*;$/m, `pid ${path.join(work, `${name}.pid`)};`)
    .replace(/^error_log \S+ (\w+);$/m, `error_log ${path.join(work, `${name}-error.log`)} $1;`)
    .replace(/proxy_cache_path \S+/, `proxy_cache_path ${path.join(work, name, "cache")}`)
    .replace(/listen 8080;/, `listen 127.0.0.1:${port};`)
    .replace(/server 127\.0\.0\.1:3001 /, `server 127.0.0.1:${upstreams[0]} `)
    .replace(/server 127\.0\.0\.1:3002 /, `server 127.0.0.1:${upstreams[1]} `);
}
