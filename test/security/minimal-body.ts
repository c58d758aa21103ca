import fc from 'fast-check';
import { resolve, type OpenApiDoc, type Schema } from './openapi.ts';

/**
 * The smallest body an operation's schema accepts, with named fields filled from `values` (real ids), so
 * that a request passes validation and reaches the route's own checks. Deterministic.
 */
export function minimalBody(doc: OpenApiDoc, schema: Schema, values: Record<string, unknown>, name = '', depth = 0): unknown {
  const s = resolve(doc, schema);
  if (name in values) return values[name];
  if (s.default !== undefined && depth > 0) return s.default;
  if (Array.isArray(s.enum)) return s.enum[0];
  const branches = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (branches?.length) return minimalBody(doc, branches[0]!, values, name, depth + 1);
  switch (Array.isArray(s.type) ? s.type[0] : s.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const k of (s.required as string[] | undefined) ?? []) out[k] = minimalBody(doc, s.properties?.[k] ?? {}, values, k, depth + 1);
      return out;
    }
    case 'array':
      return Array.from({ length: Number(s.minItems ?? 0) }, () => minimalBody(doc, s.items ?? {}, values, name, depth + 1));
    case 'string':
      if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (s.format === 'email') return 'someone@example.com';
      if (s.pattern)
        return fc.sample(
          fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length >= (s.minLength ?? 0) && x.length <= (s.maxLength ?? 1e9)),
          { seed: 1, numRuns: 1 },
        )[0];
      return 'x'.repeat(Math.max(1, Number(s.minLength ?? 1)));
    case 'integer':
    case 'number':
      return Number(s.minimum ?? 1);
    case 'boolean':
      return false;
    default:
      return null;
  }
}

/** Paths (dot-separated) of every property named in `names`, anywhere in the schema's object tree. */
export function fieldPaths(doc: OpenApiDoc, schema: Schema, names: string[], prefix = '', depth = 0): string[] {
  if (depth > 4) return [];
  const s = resolve(doc, schema);
  const out: string[] = [];
  for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (names.includes(k)) out.push(p);
    else out.push(...fieldPaths(doc, v, names, p, depth + 1));
  }
  return out;
}

/** Sets `path` (dot-separated) in a copy of `body`, creating objects on the way. */
export function setPath(body: unknown, path: string, value: unknown): Record<string, unknown> {
  const out = structuredClone((body ?? {}) as Record<string, unknown>);
  const keys = path.split('.');
  let cur = out;
  for (const k of keys.slice(0, -1)) cur = (cur[k] = { ...((cur[k] as object) ?? {}) }) as Record<string, unknown>;
  cur[keys.at(-1)!] = value;
  return out;
}
