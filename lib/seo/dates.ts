/**
 * Reports carry calendar dates; machines want instants. A report dated in
 * Qingdao is published at midnight China Standard Time (UTC+08:00).
 */
export function toPublishedInstant(isoDate: string): string {
  return `${isoDate}T00:00:00+08:00`;
}

/** RFC 822 date for RSS, e.g. "Wed, 25 Nov 2026 16:00:00 GMT". */
export function toRfc822(isoDate: string): string {
  return new Date(toPublishedInstant(isoDate)).toUTCString();
}
