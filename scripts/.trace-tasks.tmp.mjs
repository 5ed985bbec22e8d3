import { chromium } from "@playwright/test";
const url = process.argv[2];
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
for (let run = 0; run < 3; run++) {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on("Tracing.dataCollected", (d) => events.push(...d.value));
  const complete = new Promise((r) => cdp.once("Tracing.tracingComplete", r));
  await cdp.send("Tracing.start", { categories: "devtools.timeline,disabled-by-default-devtools.timeline,loading", transferMode: "ReportEvents" });
  await page.goto(url, { waitUntil: "load" });
  await page.waitForTimeout(2000);
  await cdp.send("Tracing.end"); await complete; await context.close();
  const fcp = events.find((e) => e.name === "firstContentfulPaint");
  const main = events.filter((e) => e.pid === fcp.pid && e.tid === fcp.tid && e.ph === "X");
  const tasks = main.filter((e) => e.name === "RunTask" && e.dur > 3000).sort((a, b) => b.dur - a.dur).slice(0, 5);
  console.log(`run ${run}: FCP at ${((fcp.ts - main[0].ts)/1000).toFixed(0)} ms`);
  for (const t of tasks) {
    const kids = main.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e.name !== "RunTask");
    const by = {};
    for (const k of kids) by[k.name] = (by[k.name] ?? 0) + k.dur / 1000;
    const top = Object.entries(by).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([n, d]) => `${n} ${d.toFixed(1)}`).join(", ");
    console.log(`  task ${(t.dur/1000).toFixed(1)} ms (cpu ${((t.tdur??t.dur)/1000).toFixed(1)}) at ${((t.ts - fcp.ts)/1000).toFixed(0)} ms from FCP: ${top}`);
  }
}
await browser.close();
