/**
 * Instants written in a time zone with their offset (`2026-12-24T18:00:05.123+09:00`): what CSV exports hold, so a
 * spreadsheet shows the workspace's local time and the file still says exactly which instant it was. Intl only, so
 * it runs in browsers too.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      fractionalSecondDigits: 3,
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** `date` as local date-time in `timeZone` with its UTC offset; null stays null. */
export function zonedIso(date: Date | string | null | undefined, timeZone: string): string | null {
  if (date === null || date === undefined) return null;
  const d = typeof date === 'string' ? new Date(date) : date;
  if (Number.isNaN(d.getTime())) return null;
  const p: Record<string, string> = {};
  for (const part of formatFor(timeZone).formatToParts(d)) p[part.type] = part.value;
  // longOffset reads "GMT+09:00", or "GMT" for UTC itself.
  const offset = (p.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}.${p.fractionalSecond}${offset}`;
}
