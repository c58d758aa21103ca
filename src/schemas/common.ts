import { z } from 'zod';
import { UuidCursor } from './cursor.ts';

export { Text, storableText, unstorable, storableJson, jsonProblem, MAX_JSON_DEPTH } from './text.ts';
export { patchOf } from './patch.ts';

export const Uuid = z.uuid();
export const IdParams = z.object({ id: z.uuid() });
export const WsParams = z.object({ ws: z.uuid() });
export const WsIdParams = z.object({ ws: z.uuid(), id: z.uuid() });

export const Role = z.enum(['admin', 'marketer', 'viewer']);
export type Role = z.infer<typeof Role>;

/** The largest value an int4 column holds: every integer a request may store is bounded by its column. */
export const INT4_MAX = 2_147_483_647;

export const ListQuery = z.object({
  cursor: UuidCursor.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
