/**
 * The UI's languages (i18next + react-i18next). One catalogue per language in ./locales; English is the reference,
 * and its `issues` section is the server's own templates (src/domain/issues.ts), so a validation code is worded
 * once. The language is the user's stored choice (/me), else this browser's last choice, else the browser's
 * languages, else English. How to add a string: docs/ui.md.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/ja';
import 'dayjs/locale/th';
import 'dayjs/locale/zh-tw';
import { ISSUE_TEXT } from '../../../src/domain/issues.ts';
import { LOCALES, isLocale, pickLocale, type Locale } from '../../../src/domain/locales.ts';
import en from './locales/en.json';
import ja from './locales/ja.json';
import th from './locales/th.json';
import zhTW from './locales/zh-TW.json';

export { LOCALES, type Locale };

/** Each language named in itself, for the switcher. */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', ja: '日本語', th: 'ไทย', 'zh-TW': '繁體中文' };

export const catalogues = { en: { ...en, issues: ISSUE_TEXT }, ja, th, 'zh-TW': zhTW } as const;

const STORAGE = 'linecast.locale';
const DAYJS: Record<Locale, string> = { en: 'en', ja: 'ja', th: 'th', 'zh-TW': 'zh-tw' };

export function browserLocale(): Locale {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE);
  } catch {
    /* private mode */
  }
  if (isLocale(stored)) return stored;
  const langs = typeof navigator === 'undefined' ? [] : navigator.languages?.length ? navigator.languages : [navigator.language];
  return pickLocale(langs);
}

function apply(l: Locale) {
  dayjs.locale(DAYJS[l]);
  // lang picks the right CJK glyphs (ja vs zh-TW) and fonts (global.css), and tells screen readers the language.
  if (typeof document !== 'undefined') document.documentElement.lang = l;
}

void i18n.use(initReactI18next).init({
  resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: catalogues[l] }])),
  lng: browserLocale(),
  fallbackLng: 'en',
  supportedLngs: [...LOCALES],
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});
apply(i18n.language as Locale);
i18n.on('languageChanged', (l) => isLocale(l) && apply(l));

/** Switches the UI's language now and remembers it in this browser (the server copy is the caller's to save). */
export function setLocale(l: Locale): void {
  try {
    localStorage.setItem(STORAGE, l);
  } catch {
    /* private mode */
  }
  if (i18n.language !== l) void i18n.changeLanguage(l);
}

// eslint-disable-next-line i18next/no-literal-string -- locale code, not words
export const currentLocale = (): Locale => (isLocale(i18n.language) ? i18n.language : 'en');

export default i18n;
