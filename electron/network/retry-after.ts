/**
 * `Retry-After` as seconds to wait: delta-seconds or an HTTP-date (RFC 9110
 * §10.2.3). Capped, so a broken or hostile server cannot park the device's
 * sync for days; anything unreadable is null (the sync engine's own backoff applies).
 */
export const MAX_RETRY_AFTER_SECONDS = 3600;

export function parseRetryAfter(header: string | null, now: Date = new Date()): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (/^\d{1,10}$/.test(value)) return Math.min(Number(value), MAX_RETRY_AFTER_SECONDS);
  // IMF-fixdate like `Wed, 21 Oct 2015 07:28:00 GMT`; Date.parse alone would also take "1".
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(value)) return null;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, Math.ceil((at - now.getTime()) / 1000)), MAX_RETRY_AFTER_SECONDS);
}
