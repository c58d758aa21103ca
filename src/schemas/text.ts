import { z } from 'zod';

/**
 * Text that can be stored: PostgreSQL's text and jsonb hold no NUL character, and a UTF-16 surrogate without
 * its partner is not a character at all (the driver would turn it into U+FFFD as text, and jsonb refuses its
 * escape). Both are refused where they come in, with a 400 naming the field, instead of failing in the
 * database as a 500. Every string of every request schema is built from `Text` (or from a format such as
 * uuid whose pattern cannot hold either).
 */
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `s` cannot be stored, or null when it can. */
export function unstorable(s: string): string | null {
  const m = UNSTORABLE.exec(s);
  if (!m) return null;
  return m[0] === '\u0000'
    ? 'must not contain the NUL character (\\u0000)'
    : `must be well-formed Unicode: a lone surrogate (\\u${m[0].charCodeAt(0).toString(16)}) at position ${m.index}`;
}

/** The check itself, for string formats (url) whose pattern lets such characters through. */
export const storableText = z.superRefine((s: string, ctx) => {
  const why = unstorable(s);
  if (why) ctx.addIssue({ code: 'custom', message: why, input: s });
});

export const Text = z.string().check(storableText);

/** How deep loose JSON (message drafts, profile attributes) may nest: well past any LINE message, far below a stack. */
export const MAX_JSON_DEPTH = 32;

/**
 * Checks every key and string of a JSON value without recursion: unstorable text and nesting beyond
 * `maxDepth` are reported with their path (relative to the value). Returns the first problem found.
 */
export function jsonProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): { path: (string | number)[]; message: string } | null {
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: value, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const why = unstorable(v);
      if (why) return { path, message: why };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= maxDepth) return { path, message: `nests more than ${maxDepth} levels deep` };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, i] });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      const why = unstorable(k);
      if (why) return { path: [...path, k], message: `the key ${why}` };
      stack.push({ v: (v as Record<string, unknown>)[k], path: [...path, k] });
    }
  }
  return null;
}

/** A refinement for loose objects: their unknown members are checked by jsonProblem. */
export const storableJson = z.superRefine((v: unknown, ctx) => {
  const p = jsonProblem(v);
  if (p) ctx.addIssue({ code: 'custom', message: p.message, path: p.path, input: v });
});
