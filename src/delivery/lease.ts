import type { Queryable } from '../db/types.ts';

/**
 * Takes or renews the one dispatcher lease of a LINE account. Succeeds when nobody holds it, when this holder
 * does, or when the holder stopped renewing (died) and it ran out. Returns true while this holder has it.
 */
export async function acquireLease(q: Queryable, accountId: string, holder: string, ttlMs: number): Promise<boolean> {
  const r = await q.query<{ holder: string }>(
    `INSERT INTO dispatcher_leases (line_account_id, holder, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))
     ON CONFLICT (line_account_id) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at,
       acquired_at = CASE WHEN dispatcher_leases.holder = EXCLUDED.holder THEN dispatcher_leases.acquired_at ELSE now() END
     WHERE dispatcher_leases.holder = EXCLUDED.holder OR dispatcher_leases.expires_at < now()
     RETURNING holder`,
    [accountId, holder, ttlMs / 1000],
  );
  return r.rows[0]?.holder === holder;
}

export async function releaseLease(q: Queryable, accountId: string, holder: string): Promise<void> {
  await q.query('DELETE FROM dispatcher_leases WHERE line_account_id = $1 AND holder = $2', [accountId, holder]);
}

export async function leaseHolder(q: Queryable, accountId: string): Promise<string | null> {
  const r = await q.query<{ holder: string }>('SELECT holder FROM dispatcher_leases WHERE line_account_id = $1 AND expires_at > now()', [
    accountId,
  ]);
  return r.rows[0]?.holder ?? null;
}
