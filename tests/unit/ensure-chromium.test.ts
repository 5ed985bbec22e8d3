import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/**
 * scripts/ensure-chromium.sh with stand-ins for fc-list, id and apt-get on
 * PATH: a machine where Chromium and the fonts are installed, seen by a user
 * who is not root.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "i13-ensure-chromium-"));
const bin = path.join(dir, "bin");
fs.mkdirSync(bin);
const script = (name: string, body: string) => fs.writeFileSync(path.join(bin, name), `#!/bin/bash\n${body}\n`, { mode: 0o755 });
const chromium = path.join(dir, "chromium");
script("chromium", "exit 0");
fs.renameSync(path.join(bin, "chromium"), chromium);
script("id", 'echo 1000');
script("apt-get", `echo apt-get "$@" >> ${path.join(dir, "apt.log")}; exit 0`);

function run(fonts: string) {
  // A long font list, as on a real desktop: grep -q stops reading early, and the writer gets SIGPIPE.
  script("fc-list", `${fonts ? `echo "${fonts}"` : ""}\nfor i in $(seq 1 20000); do echo "/usr/share/fonts/truetype/dejavu/DejaVuSans$i.ttf: DejaVu Sans:style=Book"; done`);
  return spawnSync("bash", [path.resolve("scripts/ensure-chromium.sh")], {
    env: { ...process.env, PATH: `${bin}:/usr/bin:/bin`, CHROMIUM_PATH: chromium },
    encoding: "utf8",
  });
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("scripts/ensure-chromium.sh", () => {
  it("passes without reinstalling when Chromium and a CJK font are there, for a user who is not root", () => {
    const result = run("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc: Noto Sans CJK SC:style=Regular");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(fs.existsSync(path.join(dir, "apt.log"))).toBe(false);
  });

  it("says what to install when the fonts are missing and it may not install them", () => {
    const result = run("");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("sudo apt-get install -y chromium fonts-noto-cjk");
  });
});
