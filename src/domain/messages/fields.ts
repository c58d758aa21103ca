/**
 * Field builders shared by the message schemas. Error texts copy LINE's own wording where LINE's is known
 * ("May not be empty", "Length must be between 0 and 5000", "Size must be between 1 and 5") so the emulator
 * can answer with them verbatim; the rest are plain sentences for marketers.
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { graphemeLength, isHttpsUrl, isLinkUri } from './strings.ts';

export const MSG = {
  empty: 'May not be empty',
  length: (min: number, max: number) => `Length must be between ${min} and ${max}`,
  graphemes: (min: number, max: number) => `Length must be between ${min} and ${max} characters`,
  size: (min: number, max: number) => `Size must be between ${min} and ${max}`,
  oneOf: (values: readonly string[]) => `Must be one of the following values: [${values.join(', ')}]`,
  https: 'Must be an HTTPS URL',
  linkUri: 'Must be a URL with the http, https, line or tel scheme',
  integer: 'Must be an integer',
  /** LINE's wording for sender.name (reference #icon-nickname-switch; OpenAPI Sender.name). */
  reservedWord: 'Certain words such as LINE may not be used',
} as const;

/** Options that change what a schema accepts; one schema set is built per combination. */
export interface SchemaOptions {
  /** Accept Liquid in URL fields (drafts and campaign content); false for rendered messages (emulator). */
  templates: boolean;
}

/**
 * A string of at most `max` UTF-16 code units (JS length), as LINE counts. Not zod's `.max()`: zod 4.6
 * counts code points, which would let 5,000 emoji (10,000 units) through a 5,000 limit.
 */
export function text(max: number, min: 0 | 1 = 0) {
  const s = z.string();
  return (min === 1 ? s.min(1, MSG.empty) : s).refine((v) => v.length <= max, MSG.length(0, max));
}

/** A string counted in grapheme clusters, as LINE counts action text and labels. */
export function graphemes(max: number, min: 0 | 1 = 0) {
  const s = z.string();
  return (min === 1 ? s.min(1, MSG.empty) : s).refine((v) => graphemeLength(v) <= max, MSG.graphemes(0, max));
}

export function httpsUrl(o: SchemaOptions, max: number = LIMITS.urlMax) {
  return text(max, 1).refine((v) => v === '' || isHttpsUrl(v, o.templates), MSG.https);
}

export function linkUri(o: SchemaOptions) {
  return text(LIMITS.linkUriMax, 1).refine((v) => v === '' || isLinkUri(v, o.templates), MSG.linkUri);
}

/** An integer in LINE's int32 range (OpenAPI `format: int32`); `min` defaults to the bottom of that range. */
export function int(min: number = -LIMITS.int32Max - 1, max: number = LIMITS.int32Max) {
  return z
    .number()
    .int(MSG.integer)
    .min(min, min === 0 ? 'Must be 0 or more' : `Must be ${min} or more`)
    .max(max, `Must be at most ${max}`);
}

/** Zod's message for a wrong or missing type, in LINE's voice; used as the per-parse error map. */
export function typeErrorMessage(issue: { code?: string; input?: unknown; expected?: unknown }): string | undefined {
  if (issue.code !== 'invalid_type') return undefined;
  if (issue.input === undefined || issue.input === null) return 'must be specified';
  const expected = String(issue.expected);
  if (expected === 'int') return MSG.integer;
  if (expected === 'object') return 'Must be an object';
  if (expected === 'array') return 'Must be an array';
  return `Must be a ${expected}`;
}
