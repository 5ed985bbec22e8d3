/** How long a ban lasts: one day, a week, a month, or for good. */
export const BAN_PERIODS = ["1d", "7d", "30d", "permanent"] as const;
export type BanPeriod = (typeof BAN_PERIODS)[number];

const DAYS: Record<Exclude<BanPeriod, "permanent">, number> = { "1d": 1, "7d": 7, "30d": 30 };

export function isBanPeriod(value: unknown): value is BanPeriod {
  return typeof value === "string" && (BAN_PERIODS as readonly string[]).includes(value);
}

/** When a ban made at `now` ends; null for a permanent one. */
export function banUntil(period: BanPeriod, now: Date): Date | null {
  return period === "permanent" ? null : new Date(now.getTime() + DAYS[period] * 86_400_000);
}
