import fs from 'node:fs';
import path from 'node:path';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import lockfile from 'proper-lockfile';
import { RAW, rawOf, copyText, type Db, type Queryable, type QueryResult } from './types.ts';

/** PGlite allows one process per data directory; a second opener would silently lose writes. */
export class DataDirLockedError extends Error {
  constructor(dir: string) {
    super(
      `The data directory ${dir} is in use by another Linecast process. ` +
        'The embedded database allows one process at a time: stop the other process, ' +
        'or set DATABASE_URL to a PostgreSQL server to run several.',
    );
    this.name = 'DataDirLockedError';
  }
}

const parsers = { [types.INT8]: (v: string) => Number(v), [types.NUMERIC]: (v: string) => Number(v) };

function wrap(q: PGlite | Transaction): Queryable {
  return {
    [RAW]: q,
    async query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const r = await q.query<R>(sql, params as unknown[] | undefined, { parsers });
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
  };
}

export async function openPglite(dir: string | null): Promise<Db> {
  let release: (() => Promise<void>) | null = null;
  if (dir) {
    fs.mkdirSync(dir, { recursive: true });
    try {
      // The lock lives beside the data (not inside PGlite's own directory) and is refreshed while we run;
      // a lock left by a killed process goes stale after 10 s and is taken over.
      release = await lockfile.lock(dir, { lockfilePath: path.join(dir, '.linecast.lock'), stale: 10_000, update: 2_000 });
    } catch (e) {
      if ((e as { code?: string }).code === 'ELOCKED') throw new DataDirLockedError(dir);
      throw e;
    }
  }
  const pg = await PGlite.create(dir ? path.join(dir, 'pg') : undefined, { relaxedDurability: false });
  const base = wrap(pg);
  return {
    engine: 'pglite',
    query: base.query,
    async tx(fn) {
      return pg.transaction((t) => fn(wrap(t)));
    },
    async exec(sql) {
      await pg.exec(sql);
    },
    async copyRows(table, columns, rows, q) {
      const { text, count } = copyText(rows);
      if (count === 0) return 0;
      const sql = `COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`;
      const target = (q ? rawOf<PGlite | Transaction>(q) : undefined) ?? pg;
      await target.query(sql, [], { blob: new Blob([text]) });
      return count;
    },
    async close() {
      await pg.close();
      if (release) await release().catch(() => undefined);
    },
  };
}
