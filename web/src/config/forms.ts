import type { z } from 'zod';

/** zod issues as field → message, for inline errors on a form (first message per field). */
export function fieldErrors(result: z.ZodSafeParseResult<unknown>): Record<string, string> {
  if (result.success) return {};
  const out: Record<string, string> = {};
  for (const i of result.error.issues) {
    const k = i.path.join('.');
    out[k] ??= i.message;
  }
  return out;
}
