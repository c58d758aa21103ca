import type { TFunction } from 'i18next';
import { EMULATOR_RATE_LIMITS, LINE_RATE_LIMITS, type FieldIssue } from '../../../src/domain/line-hosts.ts';
import { ApiError, type ErrorDetail } from '../api/client.ts';
import { issueText } from '../i18n/issues.ts';

/** The LINE account form's error texts: the domain's account rules and the server's 400 details, per field. */

type RateField = 'pushPerSecond' | 'multicastPerSecond';

/**
 * One rule on the account as a whole (src/domain/line-hosts.ts), in the user's language. Those rules carry no
 * issue code, so the field says which rule it is: the rates have their caps, the token its mode, the base URL
 * where credentials may go, and a secret asked for in an edit is one to type again for a new host.
 */
export function accountRuleText(
  t: TFunction,
  i: FieldIssue & Partial<ErrorDetail>,
  ctx: { isEmulator: boolean; stateless: boolean; editing: boolean },
): string {
  if (i.code) return issueText(t, { message: i.message, code: i.code, params: i.params });
  const caps = ctx.isEmulator ? EMULATOR_RATE_LIMITS : LINE_RATE_LIMITS;
  switch (i.path) {
    case 'pushPerSecond':
    case 'multicastPerSecond':
      return ctx.isEmulator
        ? t('lineAccounts.rateCapEmulator', { max: caps[i.path as RateField] })
        : t('lineAccounts.rateCapLine', { max: caps[i.path as RateField] });
    case 'apiBaseUrl':
      return t('lineAccounts.hostRefused');
    case 'channelSecret':
      return ctx.editing ? t('lineAccounts.reenterSecrets') : i.message;
    case 'channelAccessToken':
      return ctx.editing
        ? t('lineAccounts.reenterSecrets')
        : ctx.stateless
          ? t('lineAccounts.tokenNotUsed')
          : t('lineAccounts.tokenRequired');
    default:
      return i.message;
  }
}

/**
 * The server's 400 details as field → message (it alone knows the operator's allowed hosts). In English its own
 * words, which are the most specific (why a URL is refused); in other languages the rule by its field.
 */
export function serverFieldErrors(
  e: unknown,
  text: (i: FieldIssue & Partial<ErrorDetail>) => string,
  english: boolean,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (e instanceof ApiError)
    for (const d of e.details) {
      const path = d.path.replace(/^body\./, '');
      out[path] ??= english && !d.code ? d.message : text({ ...d, path });
    }
  return out;
}
