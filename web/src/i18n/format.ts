/**
 * Numbers, percentages, dates and times as the user's language writes them (Intl), with times in the workspace's
 * time zone and that zone stated beside them.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export interface Format {
  locale: string;
  timeZone: string;
  number(n: number | null | undefined): string;
  /** A rate (0.1234) as a percentage with at most one decimal. */
  percent(rate: number | null | undefined): string;
  /** Date and time in the workspace's zone, the zone's short name appended (e.g. 2026/12/24 18:00 JST). */
  dateTime(iso: string | Date | null | undefined): string;
  /** Time of day in the workspace's zone with its short zone name. */
  time(iso: string | Date | null | undefined): string;
  /** A bucket start on a chart axis: hh:mm for minutes and hours, the date for days. */
  axis(iso: string, bucket: 'minute' | 'hour' | 'day'): string;
  /** The zone in words for a note: "Asia/Tokyo (Japan Standard Time)". */
  zoneName(timeZone?: string): string;
  /** Date and time in any zone, with that zone's short name. */
  dateTimeIn(iso: string | Date, timeZone: string): string;
}

const NONE = '—';

export function makeFormat(locale: string, timeZone: string): Format {
  const num = new Intl.NumberFormat(locale);
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const dt = (tz: string) =>
    new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: tz,
      timeZoneName: 'short',
    });
  const here = dt(timeZone);
  const t = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone, timeZoneName: 'short' });
  const hm = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone });
  const day = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone });
  const when = (v: string | Date | null | undefined) => (v == null ? null : typeof v === 'string' ? new Date(v) : v);
  return {
    locale,
    timeZone,
    number: (n) => (n == null || Number.isNaN(n) ? NONE : num.format(n)),
    percent: (r) => (r == null || Number.isNaN(r) ? NONE : pct.format(r)),
    dateTime: (v) => (when(v) ? here.format(when(v)!) : NONE),
    time: (v) => (when(v) ? t.format(when(v)!) : NONE),
    axis: (iso, bucket) => (bucket === 'day' ? day : hm).format(new Date(iso)),
    zoneName(tz = timeZone) {
      const long = new Intl.DateTimeFormat(locale, { timeZone: tz, timeZoneName: 'long' })
        .formatToParts(new Date())
        .find((p) => p.type === 'timeZoneName')?.value;
      return long && long !== tz ? `${tz} (${long})` : tz;
    },
    dateTimeIn: (v, tz) => dt(tz).format(typeof v === 'string' ? new Date(v) : v),
  };
}

/** The formatter for the current language and the given zone (the workspace's; UTC when it has none yet). */
export function useFormat(timeZone: string | null | undefined): Format {
  const { i18n } = useTranslation();
  const tz = timeZone || 'UTC';
  return useMemo(() => makeFormat(i18n.language, tz), [i18n.language, tz]);
}
