import type { CommentStore } from "../store/comment-store";
import type { AlertChannel } from "./alert-channels";

/** Events one message carries at most (the rest follow in the next). */
const BATCH = 500;
/** A claim not finished within this long (a crashed instance) is free again. */
const LEASE_MS = 2 * 60_000;
/** First retry after 15 s, doubling, at most an hour apart. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60 * 60_000, 15_000 * 2 ** Math.min(attempts, 12));
}

/**
 * The background sender: every `tickMs`, for each channel, claims the
 * waiting alerts when the channel is due (store.claimAlerts: at most one
 * message per interval, one instance at a time), sends them as one message,
 * and records the outcome; a failure is retried with backoff. It runs beside
 * requests and never blocks or fails a reader's post: posts only write the
 * outbox row.
 */
export class AlertSender {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: CommentStore,
    private readonly channels: readonly AlertChannel[],
    private readonly intervalMs: number,
    private readonly log: (message: string) => void = (message) => console.warn(message),
  ) {}

  start(tickMs = 5_000): void {
    if (this.timer || this.channels.length === 0) return;
    this.timer = setInterval(() => void this.tick(), tickMs);
    this.timer.unref();
  }

  /** One round over the channels (also what tests call); concurrent calls share the round in flight. */
  tick(now: () => number = Date.now): Promise<void> {
    this.running ??= this.round(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async round(now: () => number): Promise<void> {
    for (const channel of this.channels) {
      let claim;
      try {
        claim = await this.store.claimAlerts(channel.name, now(), this.intervalMs, LEASE_MS, BATCH);
      } catch (error) {
        this.log(`comments alerts: cannot read the outbox (${(error as Error).message}); trying again shortly`);
        return;
      }
      if (!claim) continue;
      try {
        await channel.send(claim.events);
        await this.store.finishAlerts(channel.name, { sentThrough: claim.events.at(-1)!.id }, now());
      } catch (error) {
        const retryAt = now() + retryDelayMs(claim.attempts);
        this.log(`comments alerts: ${channel.name} failed (${(error as Error).message}); retrying at ${new Date(retryAt).toISOString()}`);
        await this.store.finishAlerts(channel.name, { retryAt }, now()).catch(() => {});
      }
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
