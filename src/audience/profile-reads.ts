/** Profile reads other modules make through ports (the delivery engine's renderer variables). */
import type { Queryable } from '../db/types.ts';
import * as sql from './queries.ts';

/**
 * Attributes by profile id. One row of two joined lists: PGlite parses result rows in JavaScript, and 500 rows cost
 * more than one row of the same data.
 */
export async function profileAttributes(q: Queryable, profileIds: readonly number[]): Promise<Map<number, Record<string, unknown> | null>> {
  if (!profileIds.length) return new Map();
  const r = await q.query<{ ids: string | null; attrs: string | null }>(sql.profileAttributesRow, [profileIds]);
  const row = r.rows[0];
  if (!row?.ids) return new Map();
  const ids = row.ids.split(',');
  const attrs = JSON.parse(row.attrs!) as (Record<string, unknown> | null)[];
  return new Map(ids.map((id, i) => [Number(id), attrs[i] ?? null]));
}
