import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { RAW, rawOf, copyText, type Db, type Queryable, type QueryResult } from './types.ts';
import * as queries from './queries.ts';

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

export interface PostgresOptions {
  max?: number;
  /** A connection the server dropped (restart, failover, idle kill): told here, never thrown at the process. */
  onConnectionError?: (err: Error) => void;
  /** How long the first connection may keep failing before opening gives up (the server is starting). */
  waitMs?: number;
}

/**
 * A connection pool that rides out a server restart or failover: a dropped connection is reported and
 * discarded, the query that was running on it fails (its caller retries), and the next query opens a new one.
 * pg emits `error` on a client whose socket dies; on a client checked out of the pool (a transaction, a COPY)
 * nobody listened, so `read ECONNRESET` or `Connection terminated unexpectedly` crashed the process.
 */
export async function openPostgres(url: string, opts: PostgresOptions = {}): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    idleTimeoutMillis: 30_000,
    // a half-open connection (a failover that sent no RST) is found by TCP keep-alive instead of hanging forever
    keepAlive: true,
    connectionTimeoutMillis: 10_000,
    // No JIT: Linecast's statements are short, and PostgreSQL decides to compile on estimated cost. A snapshot chunk
    // of 20,000 rows spent 550 of its 611 ms compiling (docs/performance.md). An `options` in the URL overrides this.
    options: '-c jit=off',
  });
  const onError = (err: Error) => opts.onConnectionError?.(err);
  // idle connections: the pool discards them and tells us
  pool.on('error', onError);
  const waitUntil = Date.now() + (opts.waitMs ?? 0);
  for (let attempt = 1; ; attempt++) {
    try {
      await pool.query('select 1');
      break;
    } catch (err) {
      if (Date.now() >= waitUntil) {
        await pool.end().catch(() => undefined);
        throw err;
      }
      onError(err as Error);
      await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** attempt, 5_000)));
    }
  }
  /** A checked-out client, with a listener for the life of the checkout; a broken one is destroyed, not reused. */
  const checkout = async (): Promise<{ client: pg.PoolClient; done: (err?: unknown) => void }> => {
    const client = await pool.connect();
    let broken: Error | null = null;
    const listener = (err: Error) => {
      broken = err;
      onError(err);
    };
    client.on('error', listener);
    return {
      client,
      done(err?: unknown) {
        client.removeListener('error', listener);
        client.release(broken ?? (isConnectionError(err) ? (err as Error) : undefined));
      },
    };
  };
  const base = wrap(pool);
  return {
    engine: 'postgres',
    query: base.query,
    async tx(fn) {
      const { client, done } = await checkout();
      let failure: unknown;
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        failure = e;
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        done(failure);
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async copyRows(table, columns, rows, q) {
      const { text, count } = copyText(rows);
      if (count === 0) return 0;
      const given = q ? rawOf<pg.PoolClient>(q) : undefined;
      if (given && given !== (pool as unknown)) {
        // inside the caller's transaction: its checkout listens for connection errors
        await pipeline(Readable.from([text]), given.query(copyFrom(queries.copyFromStdin(table, columns.join(', ')))));
        return count;
      }
      const { client, done } = await checkout();
      let failure: unknown;
      try {
        await pipeline(Readable.from([text]), client.query(copyFrom(queries.copyFromStdin(table, columns.join(', ')))));
      } catch (e) {
        failure = e;
        throw e;
      } finally {
        done(failure);
      }
      return count;
    },
    async close() {
      await pool.end();
    },
  };
}

/** Errors that mean the connection itself is gone (not a refused statement): the client must not be reused. */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: string }).code ?? '';
  // 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 08xxx connection exceptions
  return (
    /^(57P0[123]|08)/.test(code) ||
    /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|Connection terminated|not queryable/i.test(`${code} ${err.message}`)
  );
}
