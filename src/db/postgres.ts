import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { RAW, rawOf, copyText, type Db, type Queryable, type QueryResult } from './types.ts';

pg.types.setTypeParser(20, (v) => Number(v)); // int8: ids and counts stay far below 2^53
pg.types.setTypeParser(1700, (v) => Number(v)); // numeric

function wrap(c: pg.Pool | pg.PoolClient): Queryable {
  return {
    [RAW]: c,
    async query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const r = await c.query(sql, params as unknown[] | undefined);
      return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
    },
  };
}

export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, idleTimeoutMillis: 30_000 });
  // A dropped idle connection must not crash the process; the next query opens a new one.
  pool.on('error', () => undefined);
  await pool.query('select 1');
  const base = wrap(pool);
  return {
    engine: 'postgres',
    query: base.query,
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async copyRows(table, columns, rows, q) {
      const { text, count } = copyText(rows);
      if (count === 0) return 0;
      const given = q ? rawOf<pg.PoolClient>(q) : undefined;
      const client = given && given !== (pool as unknown) ? given : await pool.connect();
      try {
        await pipeline(Readable.from([text]), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
      } finally {
        if (client !== given) client.release();
      }
      return count;
    },
    async close() {
      await pool.end();
    },
  };
}
