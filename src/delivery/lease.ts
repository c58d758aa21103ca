import type { Queryable } from '../db/types.ts';
import * as sql from './queries.ts';

/**
 * Takes or renews the one dispatcher lease of a LINE account. Succeeds when nobody holds it, when this holder
 * does, or when the holder stopped renewing (died) and it ran out. Returns true while this holder has it.
 */
export async function acquireLease(q: Queryable, accountId: string, holder: string, ttlMs: number): Promise<boolean> {
  const r = await q.query<{ holder: string }>(sql.ACQUIRE_LEASE, [accountId, holder, ttlMs / 1000]);
  return r.rows[0]?.holder === holder;
}

export async function releaseLease(q: Queryable, accountId: string, holder: string): Promise<void> {
  await q.query(sql.RELEASE_LEASE, [accountId, holder]);
}

export async function leaseHolder(q: Queryable, accountId: string): Promise<string | null> {
  const r = await q.query<{ holder: string }>(sql.LEASE_HOLDER, [accountId]);
  return r.rows[0]?.holder ?? null;
}
