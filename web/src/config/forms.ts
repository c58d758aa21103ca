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

/**
 * The fields of `edited` whose values differ from `original`: what a PATCH should name. Sending a whole form
 * would write back values the user never touched (and undo someone else's change made meanwhile).
 */
export function changedFields<T extends Record<string, unknown>>(original: Partial<T>, edited: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(edited) as (keyof T)[]) {
    if (JSON.stringify(edited[k]) !== JSON.stringify(original[k])) out[k] = edited[k];
  }
  return out;
}
