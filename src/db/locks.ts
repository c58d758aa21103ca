import type { Queryable } from './types.ts';
import * as sql from './queries.ts';

/**
 * Transaction-scoped advisory locks that serialize what several processes may try at once on one database.
 * Held until the caller's transaction ends; on the embedded engine (one process) they cost nothing.
 */
export const LOCKS = {
  /** Applying migrations (also creating the migrations table itself). */
  migrate: 814021,
  /** First start: the admin user, the demo workspace and data, the sandbox LINE account. */
  firstStart: 814022,
} as const;

export async function advisoryXactLock(q: Queryable, key: (typeof LOCKS)[keyof typeof LOCKS]): Promise<void> {
  await q.query(sql.advisoryXactLock, [key]);
}
