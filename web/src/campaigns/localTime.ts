import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

/** "2026-12-24T18:00" in `zone` → that instant, or null when it is not a date-time. */
export function instantOf(at: string | null | undefined, zone: string): Date | null {
  if (!at || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(at)) return null;
  try {
    const t = dayjs.tz(at, zone);
    return t.isValid() ? t.toDate() : null;
  } catch {
    return null;
  }
}
