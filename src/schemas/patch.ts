import { z } from 'zod';

type Stripped<T> = T extends z.ZodDefault<infer I> ? I : T extends z.ZodPrefault<infer I> ? I : T;

/**
 * The body of a PATCH derived from an input schema: every field optional and no defaults. zod 4 keeps a field's
 * `.default()` inside `.partial()`, so a PATCH naming one field would otherwise reset every defaulted sibling
 * (an admin renaming themselves lost isAdmin and their memberships). Every PATCH route's body is built with
 * this; the repositories then merge what is present onto the stored row.
 */
export function patchOf<S extends z.ZodRawShape>(o: z.ZodObject<S>): z.ZodObject<{ [K in keyof S]: z.ZodOptional<Stripped<S[K]>> }> {
  const shape: Record<string, z.ZodType> = {};
  for (const [k, v] of Object.entries(o.shape)) {
    const inner = v instanceof z.ZodDefault || v instanceof z.ZodPrefault ? (v.unwrap() as z.ZodType) : (v as z.ZodType);
    shape[k] = inner.optional();
  }
  return z.object(shape) as unknown as z.ZodObject<{ [K in keyof S]: z.ZodOptional<Stripped<S[K]>> }>;
}

/** Keys of a PATCH body that were given (an explicit null counts; an absent key does not). */
export function named<T extends object>(patch: T, key: keyof T): boolean {
  return Object.prototype.hasOwnProperty.call(patch, key) && patch[key] !== undefined;
}
