import { DateTime } from 'luxon';
import { zonedIso } from '../domain/time.ts';

export const BUCKETS = ['auto', 'minute', 'hour', 'day'] as const;
export type Bucket = Exclude<(typeof BUCKETS)[number], 'auto'>;

const HOUR = 3_600_000;

/** Minutes for a send of up to 3 hours, hours up to 3 days, then days: a chart of a few hundred points at most. */
export function chooseBucket(firstMs: number, lastMs: number): Bucket {
  const span = lastMs - firstMs;
  return span <= 3 * HOUR ? 'minute' : span <= 72 * HOUR ? 'hour' : 'day';
}

export interface SeriesPoint {
  /** Start of the bucket: local date-time in the workspace's zone, with its offset. */
  start: string;
  accepted: number;
  clicks: number;
}

/**
 * Per-minute sends and clicks rolled up into minutes, hours or days that begin at the local hour or midnight of the
 * workspace's time zone (a day in Asia/Tokyo starts at 15:00 UTC; a day with a daylight-saving change is 23 or 25
 * hours long). Buckets without activity between the first and last are not invented.
 */
export function timeSeries(
  sends: { minute: string; accepted: number }[],
  clicks: { minute: string; clicks: number }[],
  timeZone: string,
  bucket: Bucket | 'auto' = 'auto',
): { bucket: Bucket; points: SeriesPoint[] } {
  const all = [...sends.map((s) => Date.parse(s.minute)), ...clicks.map((c) => Date.parse(c.minute))];
  const size: Bucket = bucket !== 'auto' ? bucket : all.length ? chooseBucket(Math.min(...all), Math.max(...all)) : 'minute';
  const startOf = (iso: string) => DateTime.fromISO(iso, { zone: timeZone }).startOf(size).toMillis();
  const byStart = new Map<number, { accepted: number; clicks: number }>();
  const at = (ms: number) => {
    let b = byStart.get(ms);
    if (!b) byStart.set(ms, (b = { accepted: 0, clicks: 0 }));
    return b;
  };
  for (const s of sends) at(startOf(s.minute)).accepted += s.accepted;
  for (const c of clicks) at(startOf(c.minute)).clicks += c.clicks;
  const points = [...byStart.entries()]
    .sort(([a], [b]) => a - b)
    .map(([ms, v]) => ({ start: zonedIso(new Date(ms), timeZone)!, accepted: v.accepted, clicks: v.clicks }));
  return { bucket: size, points };
}
