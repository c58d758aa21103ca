import fc from 'fast-check';
import { resolve, type OpenApiDoc, type Schema } from './openapi.ts';
import {
  hostileNumber,
  hostileString,
  hostileValue,
  nulStrings,
  sqlStrings,
  surrogateStrings,
  unicodeStrings,
  wrongType,
  Raw,
} from './hostile.ts';

/**
 * Values that reach the database: by field name, the real ids and values of the fixtures (so a request gets
 * past "not found" to the code behind it), and generators for the fields whose schema says too little
 * (segment rules, LINE messages).
 */
export interface Pools {
  /** Field or parameter name → real values (ids of the home and victim workspaces, emulator URL, …). */
  values: Record<string, readonly unknown[]>;
  /** Field name → a whole generator (it mixes valid and hostile values itself). */
  special: Record<string, fc.Arbitrary<unknown>>;
}

/**
 * How hard a request leans on the server: `clean` values are plain (only numbers sit at their edges), so the
 * request reaches the code behind validation with everything else ordinary; `nasty` strings are valid by the
 * schema but hard on storage; `hostile` adds, now and then, a value of the wrong kind anywhere.
 */
export type Mode = 'clean' | 'nasty' | 'hostile';
const HOSTILE_WEIGHT = 1;
const VALID_WEIGHT = 14;
const MAX_DEPTH = 6;

/** Characters that are valid in a JSON string but hard on what stores it: NUL, lone surrogates, controls. */
const nastyUnit = fc.oneof(
  { arbitrary: fc.constantFrom('\u0000', '\ud800', '\udfff', '\u202e', '\u200b', '\ufeff', "'", '%', '\\', '_', '"'), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 6 },
);

function boundedStrings(min: number, max: number): fc.Arbitrary<string> {
  const fixed = [...nulStrings, ...surrogateStrings, ...unicodeStrings, ...sqlStrings].filter((s) => s.length >= min && s.length <= max);
  const parts: fc.Arbitrary<string>[] = [fc.string({ unit: nastyUnit, minLength: min, maxLength: Math.max(min, Math.min(max, 24)) })];
  if (fixed.length) parts.push(fc.constantFrom(...fixed));
  if (max < 1_000_000) parts.push(fc.constant('w'.repeat(max)), fc.constant('\u0000'.repeat(max)));
  return fc.oneof(...parts);
}

function integers(s: Schema): fc.Arbitrary<number> {
  const min = Math.max(Number(s.minimum ?? -(2 ** 53 - 1)), -(2 ** 53 - 1));
  const max = Math.min(Number(s.maximum ?? 2 ** 53 - 1), 2 ** 53 - 1);
  // The documented bounds and the edges of PostgreSQL's int and bigint, where they are inside them.
  const edges = [min, max, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 - 1].filter((n) => n >= min && n <= max);
  return fc.oneof(
    fc.integer({ min: Math.max(min, -1000), max: Math.min(max, Math.max(min, -1000) + 2000) }),
    fc.constantFrom(...edges),
    fc.integer({ min, max }),
  );
}

const cleanStrings = (min: number, max: number) =>
  fc.string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789 -_'),
    minLength: Math.max(min, 1),
    maxLength: Math.max(min, Math.min(max, 16)),
  });

export class SchemaArbs {
  constructor(
    private doc: OpenApiDoc,
    private pools: Pools,
    readonly mode: Mode = 'hostile',
  ) {}

  /** A value for `schema` under the field `name`: valid (clean or nasty by the mode), in hostile mode now and then hostile. */
  value(schema: Schema, name: string, depth = 0): fc.Arbitrary<unknown> {
    const special = this.pools.special[name];
    if (special) return special;
    if (this.mode !== 'hostile') return this.valid(schema, name, depth);
    return fc.oneof(
      { arbitrary: this.valid(schema, name, depth), weight: VALID_WEIGHT },
      { arbitrary: hostileValue, weight: HOSTILE_WEIGHT },
    );
  }

  /** A value the schema accepts (real ids where the name has a pool), strings chosen to be hard on storage. */
  valid(schema: Schema, name: string, depth = 0): fc.Arbitrary<unknown> {
    const s = resolve(this.doc, schema);
    const pool = this.pools.values[name];
    let arb = this.validInner(s, name, depth, pool);
    if (s.nullable) arb = fc.oneof({ arbitrary: arb, weight: 5 }, { arbitrary: fc.constant(null), weight: 1 });
    return arb;
  }

  private validInner(s: Schema, name: string, depth: number, pool: readonly unknown[] | undefined): fc.Arbitrary<unknown> {
    if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
    const branches = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
    if (branches?.length) return fc.oneof(...branches.map((b) => this.valid(b, name, depth + 1)));
    const type = Array.isArray(s.type) ? s.type[0] : s.type;
    if (pool?.length && type !== 'array' && type !== 'object')
      return fc.oneof({ arbitrary: fc.constantFrom(...pool), weight: 4 }, { arbitrary: this.validByType(s, type, name, depth), weight: 1 });
    return this.validByType(s, type, name, depth);
  }

  private validByType(s: Schema, type: string | undefined, name: string, depth: number): fc.Arbitrary<unknown> {
    switch (type) {
      case 'string': {
        if (s.format === 'uuid') return fc.uuid();
        if (s.format === 'email') return fc.oneof(fc.emailAddress(), fc.constantFrom('a@b.co', 'x+tag@example.com', 'UPPER@EXAMPLE.COM'));
        const min = Number(s.minLength ?? 0);
        const max = Number(s.maxLength ?? 2_000_000);
        if (s.pattern) {
          try {
            return fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length >= min && x.length <= max);
          } catch {
            return fc.string({ minLength: min, maxLength: Math.min(max, 20) });
          }
        }
        return this.mode === 'clean' ? cleanStrings(min, max) : boundedStrings(min, max);
      }
      case 'integer':
        return integers(s);
      case 'number':
        return fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true, min: s.minimum, max: s.maximum }),
          fc.integer({ min: -1000, max: 1000 }),
        );
      case 'boolean':
        return fc.boolean();
      case 'array': {
        const min = Number(s.minItems ?? 0);
        const maxItems = Number(s.maxItems ?? 20);
        if (depth > MAX_DEPTH) return fc.constant([]);
        const item = s.items ? this.value(s.items as Schema, name, depth + 1) : hostileValue;
        const arrays: fc.Arbitrary<unknown[]>[] = [fc.array(item, { minLength: min, maxLength: Math.max(min, Math.min(maxItems, 4)) })];
        // The documented maximum itself, when it is small enough to send.
        if (maxItems <= 1000 && depth < 2) arrays.push(item.chain((v) => fc.constant(Array.from({ length: maxItems }, () => v))));
        return fc.oneof({ arbitrary: arrays[0]!, weight: 8 }, ...arrays.slice(1).map((a) => ({ arbitrary: a, weight: 1 })));
      }
      case 'object':
        return this.object(s, depth);
      default:
        // No type: anything JSON (zod's unknown / looseObject members).
        return fc.oneof(hostileString, hostileNumber, wrongType, fc.jsonValue({ maxDepth: 2 }));
    }
  }

  private object(s: Schema, depth: number): fc.Arbitrary<unknown> {
    if (depth > MAX_DEPTH) return fc.constant({});
    const props = (s.properties ?? {}) as Record<string, Schema>;
    const required = new Set<string>((s.required as string[] | undefined) ?? []);
    const shape: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [k, v] of Object.entries(props)) shape[k] = this.value(v, k, depth + 1);
    const base = fc.record(shape, { requiredKeys: [...required].filter((k) => k in shape) });
    const extraSchema = s.additionalProperties;
    const extras =
      extraSchema && typeof extraSchema === 'object' && Object.keys(extraSchema).length
        ? fc.dictionary(boundedStrings(0, 60), this.value(extraSchema as Schema, '*', depth + 1), { maxKeys: 4 })
        : fc.constant({});
    return fc
      .tuple(base, extras, fc.nat({ max: 19 }), fc.constantFrom(...(required.size ? [...required] : ['-'])), hostileValue)
      .map(([b, e, dice, req, junk]) => {
        const o: Record<string, unknown> = { ...e, ...b };
        if (dice === 0) delete o[req]; // a required field left out
        if (dice === 1) o['unexpectedField'] = junk; // a field nobody asked for
        return o;
      });
  }
}

/** Renders a generated value as a query-string value (strings as they are, everything else as JSON text). */
export function queryText(v: unknown): string | string[] {
  if (typeof v === 'string') return v;
  if (v instanceof Raw) return v.json;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return JSON.stringify(v) ?? '';
}
