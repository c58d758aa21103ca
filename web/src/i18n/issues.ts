import type { TFunction } from 'i18next';

/** A problem from the server or the shared rules: code + params when it has them, the English message always. */
export interface IssueLike {
  message: string;
  code?: string;
  params?: Record<string, string | number>;
}

/**
 * The problem in the user's language: its code's translation filled with its params. A code the catalogues do not
 * know yet (a newer server) falls back to the English message rather than showing a key.
 */
export function issueText(t: TFunction, i: IssueLike): string {
  if (i.code) {
    // eslint-disable-next-line i18next/no-literal-string -- catalogue key, not words
    const key = `issues.${i.code}`;
    const text = t(key, { ...(i.params ?? {}), defaultValue: '' });
    if (text && text !== key) return text;
  }
  return i.message;
}
