import { z } from 'zod';

export const Uuid = z.uuid();
export const IdParams = z.object({ id: z.uuid() });
export const WsParams = z.object({ ws: z.uuid() });
export const WsIdParams = z.object({ ws: z.uuid(), id: z.uuid() });

export const Role = z.enum(['admin', 'marketer', 'viewer']);
export type Role = z.infer<typeof Role>;

export const ListQuery = z.object({
  cursor: z.string().max(200).optional(),
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
