import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from './errors.ts';

/** errorText bound to the current language. */
export function useErrorText(): (e: unknown) => string {
  const { t, i18n } = useTranslation();
  return useCallback((e: unknown) => errorText(t, e, i18n.language), [t, i18n.language]);
}
