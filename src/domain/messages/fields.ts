/**
 * Field builders shared by the message schemas. Error texts copy LINE's own wording where LINE's is known
 * ("May not be empty", "Length must be between 0 and 5000", "Size must be between 1 and 5") so the emulator
 * can answer with them verbatim; the rest are plain sentences for marketers.
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { graphemeLength, isHttpsUrl, isLinkUri } from './strings.ts';
import { check, codeOfZodIssue, issueMessage } from '../issues.ts';

export const MSG = {
  empty: issueMessage('empty'),
  length: (min: number, max: number) => issueMessage('length', { min, max }),
  graphemes: (min: number, max: number) => issueMessage('graphemes', { min, max }),
  size: (min: number, max: number) => issueMessage('size', { min, max }),
  oneOf: (values: readonly string[]) => issueMessage('one_of', { values: values.join(', ') }),
  /** For a field with one allowed value (a `type` literal): zod reports it as code `equals`, so it is worded so. */
  equals: (value: string) => issueMessage('equals', { value }),
  https: issueMessage('https'),
  linkUri: issueMessage('link_uri'),
  extension: issueMessage('url_extension'),
  integer: issueMessage('integer'),
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
  return (min === 1 ? s.min(1, MSG.empty) : s).refine((v) => v.length <= max, check('length', { min: 0, max }));
}

/** A string counted in grapheme clusters, as LINE counts action text and labels. */
export function graphemes(max: number, min: 0 | 1 = 0) {
  const s = z.string();
  return (min === 1 ? s.min(1, MSG.empty) : s).refine((v) => graphemeLength(v) <= max, check('graphemes', { min: 0, max }));
}

export function httpsUrl(o: SchemaOptions, max: number = LIMITS.urlMax) {
  return text(max, 1).refine((v) => v === '' || isHttpsUrl(v, o.templates), check('https'));
}

export function linkUri(o: SchemaOptions) {
  return text(LIMITS.linkUriMax, 1).refine((v) => v === '' || isLinkUri(v, o.templates), check('link_uri'));
}

/** An integer in LINE's int32 range (OpenAPI `format: int32`); `min` defaults to the bottom of that range. */
export function int(min: number = -LIMITS.int32Max - 1, max: number = LIMITS.int32Max) {
  return z.number().int(MSG.integer).min(min, issueMessage('min', { min })).max(max, issueMessage('max', { max }));
}

/**
 * An array of `min`…`max` items, reported as LINE words it ("Size must be between 1 and 5") with code `size`.
 * One refinement rather than zod's min/max, whose issues cannot carry our code; it runs even when items fail.
 */
export function sizeBetween<T extends z.ZodArray<z.ZodType>>(a: T, min: number, max: number): T {
  return a.refine((v) => !Array.isArray(v) || (v.length >= min && v.length <= max), { ...check('size', { min, max }), when: () => true });
}

/** Zod's message for a wrong or missing type, in LINE's voice; used as the per-parse error map. */
export function typeErrorMessage(issue: { code?: string; input?: unknown; expected?: unknown }): string | undefined {
  if (issue.code !== 'invalid_type') return undefined;
  const { code, params } = codeOfZodIssue(issue);
  return issueMessage(code, params);
}
