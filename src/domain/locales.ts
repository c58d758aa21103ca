/**
 * The languages Linecast speaks, and how a language tag from a browser (`ja-JP`, `zh-Hant-TW`) or a POSIX locale
 * (`ja_JP.UTF-8`) maps onto one of them. Shared by the UI (browser language), the API (a user's stored choice) and
 * the first start (demo data in the system's language).
 */
export const LOCALES = ['en', 'ja', 'th', 'zh-TW'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** One tag onto a supported locale, or null: Chinese only when written in Traditional characters (Taiwan, Hong Kong, Macau). */
export function localeOf(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  // POSIX: language_TERRITORY.codeset@modifier; BCP 47: language-Script-REGION.
  const t = tag
    .trim()
    .replace(/[.@].*$/, '')
    .replace(/_/g, '-')
    .toLowerCase();
  const [lang, ...rest] = t.split('-');
  if (lang === 'ja') return 'ja';
  if (lang === 'th') return 'th';
  if (lang === 'en') return 'en';
  if (lang === 'zh' && rest.some((p) => p === 'hant' || p === 'tw' || p === 'hk' || p === 'mo')) return 'zh-TW';
  return null;
}

/** The first of several tags (most preferred first) that Linecast speaks, else the default. */
export function pickLocale(tags: readonly (string | null | undefined)[], fallback: Locale = DEFAULT_LOCALE): Locale {
  for (const t of tags) {
    const l = localeOf(t);
    if (l) return l;
  }
  return fallback;
}

/** A time zone name the runtime knows (IANA, e.g. Asia/Tokyo); works in Node and in browsers. */
export function isTimeZone(tz: unknown): tz is string {
  if (typeof tz !== 'string' || !tz || tz.length > 100) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Text encodings of profile files. Spreadsheets in Japan save CSV as Shift_JIS (Excel's "CSV (comma delimited)") or
 * as UTF-8 with a BOM ("CSV UTF-8"); `auto` tells them apart.
 */
export const IMPORT_ENCODINGS = ['auto', 'utf-8', 'shift_jis'] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

const COPY_OF: Record<Locale, (name: string) => string> = {
  en: (n) => `Copy of ${n}`,
  ja: (n) => `${n}のコピー`,
  th: (n) => `สำเนาของ ${n}`,
  'zh-TW': (n) => `${n} 的副本`,
};

/**
 * The name of a duplicated campaign in the language of whoever duplicates it (data a marketer reads, so not English
 * for a Japanese team), at most `max` characters, never cut inside a character a reader sees as one.
 */
export function copyName(name: string, locale: Locale | null | undefined, max = 200): string {
  const full = COPY_OF[locale ?? DEFAULT_LOCALE](name);
  if ([...full].length <= max) return full;
  let out = '';
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(full)) {
    if ([...out].length + [...segment].length > max) break;
    out += segment;
  }
  return out;
}
