import { DateTime, IANAZone } from 'luxon';

export type ResolvedTime =
  | { ok: true; utc: Date; warning?: string }
  | { ok: false; path: 'schedule.at' | 'schedule.timeZone'; message: string };

/**
 * Turns a local date-time in an IANA zone into the UTC instant it names. Local times that do not exist (the
 * spring-forward gap) are refused rather than silently moved an hour; times that exist twice (fall back) take
 * the earlier instant and say so, because sending an hour late is worse than an hour early for a planned send.
 */
export function resolveLocalTime(at: string, timeZone: string): ResolvedTime {
  if (!IANAZone.isValidZone(timeZone)) return { ok: false, path: 'schedule.timeZone', message: `"${timeZone}" is not an IANA time zone (like Asia/Tokyo)` };
  const dt = DateTime.fromISO(at, { zone: timeZone });
  if (!dt.isValid) return { ok: false, path: 'schedule.at', message: `"${at}" is not a valid date-time` };
  const wanted = DateTime.fromISO(at, { zone: 'UTC' });
  const sameWallClock = (d: DateTime) =>
    d.year === wanted.year && d.month === wanted.month && d.day === wanted.day && d.hour === wanted.hour && d.minute === wanted.minute;
  if (!sameWallClock(dt)) {
    return { ok: false, path: 'schedule.at', message: `${at} does not exist in ${timeZone} (the clocks skip it for daylight saving time); pick another time` };
  }
  const candidates = dt.getPossibleOffsets().filter(sameWallClock).sort((a, b) => a.toMillis() - b.toMillis());
  const first = candidates[0] ?? dt;
  if (candidates.length > 1) {
    return {
      ok: true,
      utc: first.toJSDate(),
      warning: `${at} happens twice in ${timeZone} (daylight saving time ends); the campaign starts at the first one (${first.toISO()})`,
    };
  }
  return { ok: true, utc: first.toJSDate() };
}

/** The stored UTC instant shown back in the campaign's zone, for the response and the UI. */
export function toLocal(utc: Date, timeZone: string): string {
  return DateTime.fromJSDate(utc, { zone: IANAZone.isValidZone(timeZone) ? timeZone : 'UTC' }).toISO() ?? utc.toISOString();
}
