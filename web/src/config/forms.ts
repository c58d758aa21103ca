import type { z } from 'zod';
import type { TFunction } from 'i18next';
import { codeOfZodIssue } from '../../../src/domain/issues.ts';
import { issueText } from '../i18n/issues.ts';

/** zod issues as field → message in the user's language, for inline errors on a form (first message per field). */
export function fieldErrors(result: z.ZodSafeParseResult<unknown>, t: TFunction): Record<string, string> {
  if (result.success) return {};
  const out: Record<string, string> = {};
  for (const i of result.error.issues) {
    const k = i.path.join('.');
    out[k] ??= issueText(t, { message: i.message, ...codeOfZodIssue(i) });
  }
  return out;
}
