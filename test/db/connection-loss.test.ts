import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { openPostgres } from '../../src/db/postgres.ts';
import { rawOf, type Db } from '../../src/db/types.ts';
import { testDb, testEngine, type TestDb } from '../helpers/db.ts';

// A server restart or failover drops every connection, including one checked out for a transaction or a COPY.
// pg then emits `error` on that client; with nobody listening the process died (`Connection terminated
// unexpectedly`). Here one backend is terminated while its client is checked out: the transaction fails, the
// process lives, and the next queries run on new connections.
const skip = testEngine !== 'postgres' && 'needs PostgreSQL (LINECAST_TEST_ENGINE=postgres)';

let t: TestDb;
let db: Db;
const lost: Error[] = [];

before(async () => {
  if (skip) return;
  t = await testDb();
  db = await openPostgres(t.url!, { max: 3, onConnectionError: (e) => lost.push(e) });
});
after(async () => {
  if (skip) return;
  await db.close();
  await t.close();
});

async function terminate(pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: t.url! });
  await admin.connect();
  try {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

test('a connection dropped in the middle of a transaction fails that transaction, not the process', { skip }, async () => {
  const before = lost.length;
  await assert.rejects(
    db.tx(async (q) => {
      const pid = (await q.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      const client = rawOf<pg.PoolClient>(q)!;
      const ended = new Promise((r) => client.once('end', r));
      await terminate(pid);
      await ended; // the socket is gone while the client is still checked out
      await q.query('SELECT 1');
    }),
  );
  assert.ok(lost.length > before, 'the lost connection was reported');
  // the pool opens new connections: every one of its slots works again
  const r = await Promise.all([1, 2, 3, 4, 5, 6].map(() => db.query<{ n: number }>('SELECT 1 AS n')));
  assert.deepEqual(
    r.map((x) => x.rows[0]!.n),
    [1, 1, 1, 1, 1, 1],
  );
});

test('every pooled connection dropped at once (a restart): the next queries and transactions succeed', { skip }, async () => {
  await Promise.all([1, 2, 3].map(() => db.tx((q) => q.query('SELECT pg_sleep(0.05)'))));
  const admin = new pg.Client({ connectionString: t.url! });
  await admin.connect();
  await admin.query(
    'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  await admin.end();
  let ok = 0;
  for (let i = 0; i < 10 && ok < 3; i++) {
    try {
      await db.tx(async (q) => {
        await q.query('CREATE TEMP TABLE x (n int) ON COMMIT DROP');
        await db.copyRows('x', ['n'], [[1], [2]], q);
      });
      ok++;
    } catch {
      // a connection that died idle is found on first use
    }
  }
  assert.equal(ok, 3);
});
