import type { Queryable } from './types.ts';
import * as queries from './queries.ts';

/** Answers once the database does: the health probe's round trip (GET /healthz). */
export async function ping(q: Queryable): Promise<void> {
  await q.query(queries.ping);
}
