/**
 * `send` run at most once at a time: calls made while it runs are answered
 * by one more run after it. So every call is followed by a run that started
 * after the call (what a change notice needs: sent after the change it tells
 * of), however many calls a burst makes.
 */
export function coalesced(send: () => Promise<void>): () => void {
  let running = false;
  let again = false;
  async function loop(): Promise<void> {
    running = true;
    try {
      do {
        again = false;
        await send().catch(() => {});
      } while (again);
    } finally {
      running = false;
    }
  }
  return () => {
    if (running) again = true;
    else void loop();
  };
}
