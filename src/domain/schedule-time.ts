import { DateTime, IANAZone } from 'luxon';
import { coded, type CodedIssue } from './issues.ts';

export type ResolvedTime =
  { ok: true; utc: Date; warning?: CodedIssue } | ({ ok: false; path: 'schedule.at' | 'schedule.timeZone' } & CodedIssue);

/**
 * Turns a local date-time in an IANA zone into the UTC instant it names. Local times that do not exist (the
 * spring-forward gap) are refused rather than silently moved an hour; times that exist twice (fall back) take
 * the earlier instant and say so, because sending an hour late is worse than an hour early for a planned send.
 */
export function resolveLocalTime(at: string, timeZone: string): ResolvedTime {
  if (!IANAZone.isValidZone(timeZone)) return { ok: false, path: 'schedule.timeZone', ...coded('schedule_bad_zone', { timeZone }) };
  const dt = DateTime.fromISO(at, { zone: timeZone });
  if (!dt.isValid) return { ok: false, path: 'schedule.at', ...coded('schedule_bad_time', { at }) };
  const wanted = DateTime.fromISO(at, { zone: 'UTC' });
  const sameWallClock = (d: DateTime) =>
    d.year === wanted.year && d.month === wanted.month && d.day === wanted.day && d.hour === wanted.hour && d.minute === wanted.minute;
  if (!sameWallClock(dt)) {
    return { ok: false, path: 'schedule.at', ...coded('schedule_skipped_time', { at, timeZone }) };
  }
  const candidates = dt
    .getPossibleOffsets()
    .filter(sameWallClock)
    .sort((a, b) => a.toMillis() - b.toMillis());
  const first = candidates[0] ?? dt;
  if (candidates.length > 1) {
    return {
      ok: true,
      utc: first.toJSDate(),
      warning: coded('schedule_repeated_time', { at, timeZone, first: first.toISO() ?? at }),
    };
  }
  return { ok: true, utc: first.toJSDate() };
}

/** The stored UTC instant shown back in the campaign's zone, for the response and the UI. */
export function toLocal(utc: Date, timeZone: string): string {
  return DateTime.fromJSDate(utc, { zone: IANAZone.isValidZone(timeZone) ? timeZone : 'UTC' }).toISO() ?? utc.toISOString();
}
