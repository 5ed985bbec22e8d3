/**
 * Preloaded (`node --import`) into the site servers `npm run bench:comments`
 * starts: each request's time inside the server, from its headers being read
 * to the answer handed to the kernel (its own handling; for a post, the wait
 * for its group's commit). wrk's latency adds what lies outside: the wait for
 * a busy event loop to read the request, the accept queue, the client's own
 * turns. The two side by side say where a p99 comes from.
 *
 * SIGUSR2 writes the figures since the last signal to BENCH_SERVER_LATENCY_FILE
 * (JSON: p99 in ms) and starts counting afresh. Plain JavaScript, so it
 * loads the same into any checkout the bench starts (BENCH_BASELINE_DIR too).
 */
import fs from "node:fs";
import http from "node:http";
import { performance } from "node:perf_hooks";

const file = process.env.BENCH_SERVER_LATENCY_FILE;
if (file) {
  let durations = [];
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (event, request, response) {
    if (event === "request") {
      const started = performance.now();
      response.once("finish", () => durations.push(performance.now() - started));
    }
    return emit.apply(this, arguments);
  };
  process.on("SIGUSR2", () => {
    const sorted = Float64Array.from(durations).sort();
    durations = [];
    const p99 = sorted.length ? sorted[Math.floor(0.99 * sorted.length)] : 0;
    // Written whole under a temporary name, so the bench never reads half a file.
    fs.writeFileSync(`${file}.tmp`, JSON.stringify({ p99 }));
    fs.renameSync(`${file}.tmp`, file);
  });
}
