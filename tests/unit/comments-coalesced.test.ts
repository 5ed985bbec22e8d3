import { describe, expect, it } from "vitest";
import { coalesced } from "@/lib/comments/store/coalesced";

/** A send that records when each run starts and finishes when the test says. */
function controlledSend() {
  const runs: { startedAfterCall: number; finish: () => void }[] = [];
  let calls = 0;
  const send = () => new Promise<void>((resolve) => runs.push({ startedAfterCall: calls, finish: resolve }));
  return { runs, send, called: () => calls++ };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("coalesced change notices", () => {
  it("answers a burst of calls made during a run with one more run, started after the last of them", async () => {
    const { runs, send, called } = controlledSend();
    const announce = coalesced(send);
    called();
    announce();
    await settle();
    expect(runs).toHaveLength(1);
    for (let i = 0; i < 50; i++) {
      called();
      announce();
    }
    await settle();
    expect(runs).toHaveLength(1);
    runs[0]!.finish();
    await settle();
    expect(runs).toHaveLength(2);
    // Every call of the burst came before this run began.
    expect(runs[1]!.startedAfterCall).toBe(51);
    runs[1]!.finish();
    await settle();
    expect(runs).toHaveLength(2);
  });

  it("keeps announcing after a failed run", async () => {
    let attempts = 0;
    const announce = coalesced(async () => {
      attempts++;
      throw new Error("the server went away");
    });
    announce();
    await settle();
    announce();
    await settle();
    expect(attempts).toBe(2);
  });
});
