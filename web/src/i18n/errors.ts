import type { TFunction } from 'i18next';
import { ApiError, errorMessage } from '../api/client.ts';
import { issueText } from './issues.ts';

const STATUSES = [400, 401, 403, 404, 409, 413, 415, 422, 429] as const;

/**
 * An error as the user reads it. In English the API's own message (it is English and the most specific); in other
 * languages what went wrong by HTTP status, then each detail from its issue code — never the API's English.
 */
export function errorText(t: TFunction, e: unknown, language: string): string {
  if (e instanceof ApiError) {
    if (language === 'en' && e.status !== 0) return errorMessage(e);
    if (e.status === 0) return t('errors.network');
    const status = (STATUSES as readonly number[]).includes(e.status) ? String(e.status) : e.status >= 500 ? '500' : '400';
    const head = t(`errors.status.${status}`);
    const details = e.details.map((d) => issueText(t, d)).filter(Boolean);
    return details.length ? `${head}: ${details.join(' / ')}` : head;
  }
  if (e instanceof TypeError && language !== 'en') return t('errors.network');
  return e instanceof Error ? e.message : String(e);
}
