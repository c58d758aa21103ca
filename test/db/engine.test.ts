import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { testDb, testEngine, type TestDb } from '../helpers/db.ts';

let t: TestDb;
before(async () => {
  t = await testDb();
});
after(() => t.close());

test(`${testEngine}: migrations created the schema`, async () => {
  const r = await t.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('workspaces','users','line_accounts','profiles','segments','campaigns')`,
  );
  assert.equal(r.rows[0]!.n, 6);
});

test(`${testEngine}: a failing transaction leaves nothing behind`, async () => {
  await assert.rejects(
    t.db.tx(async (q) => {
      await q.query(`INSERT INTO workspaces (name) VALUES ('rolled back')`);
      throw new Error('boom');
    }),
    /boom/,
  );
  const r = await t.db.query(`SELECT 1 FROM workspaces WHERE name = 'rolled back'`);
  assert.equal(r.rows.length, 0);
});

test(`${testEngine}: COPY bulk load escapes tabs, newlines, backslashes, nulls and JSON`, async () => {
  const ps = await t.db.query<{ id: string }>(`INSERT INTO parent_segments (name) VALUES ('copy') RETURNING id`);
  const id = ps.rows[0]!.id;
  const rows = [
    [id, 'a\tb', null, { note: 'line1\nline2 \\ back' }],
    [id, 'plain', 'U' + '0'.repeat(32), {}],
  ];
  const n = await t.db.tx((q) => t.db.copyRows('profiles', ['parent_segment_id', 'customer_key', 'line_user_id', 'attributes'], rows, q));
  assert.equal(n, 2);
  const got = await t.db.query<{ customer_key: string; line_user_id: string | null; attributes: { note?: string } }>(
    'SELECT customer_key, line_user_id, attributes FROM profiles WHERE parent_segment_id = $1 ORDER BY id',
    [id],
  );
  assert.deepEqual(
    got.rows.map((r) => r.customer_key),
    ['a\tb', 'plain'],
  );
  assert.equal(got.rows[0]!.line_user_id, null);
  assert.equal(got.rows[0]!.attributes.note, 'line1\nline2 \\ back');
});

test(`${testEngine}: int8 and counts come back as numbers`, async () => {
  const r = await t.db.query<{ n: number; big: number }>('SELECT count(*) AS n, 9007199254740::int8 AS big FROM workspaces');
  assert.equal(typeof r.rows[0]!.n, 'number');
  assert.equal(r.rows[0]!.big, 9007199254740);
});

test(`${testEngine}: a database error keeps its code and constraint, and the caller's stack`, async () => {
  const name = `dup-${Date.now()}`;
  const insertAgain = () => t.db.query('INSERT INTO users (email, name) VALUES ($1, $1), ($1, $1)', [`${name}@x.test`]);
  await assert.rejects(insertAgain(), (e: Error & { code?: string; constraint?: string }) => {
    assert.equal(e.code, '23505');
    assert.match(e.constraint ?? '', /email/);
    assert.match(e.stack ?? '', /engine\.test\.ts/, 'the stack points at the test, not at the engine plumbing');
    return true;
  });
});

test(`${testEngine}: rows written in a transaction are seen inside it and after commit (on PostgreSQL, not by others before)`, async () => {
  const name = `tx-${Date.now()}`;
  let outsideBeforeCommit = -1;
  await t.db.tx(async (q) => {
    await q.query('INSERT INTO workspaces (name) VALUES ($1)', [name]);
    const inside = await q.query('SELECT 1 FROM workspaces WHERE name = $1', [name]);
    assert.equal(inside.rows.length, 1);
    if (testEngine === 'postgres') {
      outsideBeforeCommit = (await t.db.query('SELECT 1 FROM workspaces WHERE name = $1', [name])).rows.length;
    }
  });
  // PGlite runs one transaction at a time: a query from outside waits for the commit instead (it would deadlock here)
  if (testEngine === 'postgres') assert.equal(outsideBeforeCommit, 0);
  const after = await t.db.query('SELECT 1 FROM workspaces WHERE name = $1', [name]);
  assert.equal(after.rows.length, 1);
});

test(`${testEngine}: a query from outside an open transaction sees all of it or none (PGlite runs it after the commit)`, async () => {
  const name = `order-${Date.now()}`;
  let outside: Promise<{ rows: unknown[] }> | null = null;
  await t.db.tx(async (q) => {
    await q.query('INSERT INTO workspaces (name) VALUES ($1)', [name]);
    outside = t.db.query('SELECT 1 FROM workspaces WHERE name = $1', [name]);
    await q.query('SELECT pg_sleep(0.05)');
  });
  assert.equal((await outside!).rows.length, testEngine === 'pglite' ? 1 : 0);
});

test(
  `${testEngine}: PostgreSQL's JIT is off on Linecast's connections unless the URL asks for it`,
  { skip: testEngine !== 'postgres' },
  async () => {
    // the JIT compiled a 20,000-row snapshot chunk for 550 of its 611 ms (docs/performance.md)
    const shown = await t.db.query<{ jit: string }>('SHOW jit');
    assert.equal(shown.rows[0]!.jit, 'off');
    const { openPostgres } = await import('../../src/db/postgres.ts');
    const u = new URL(t.url!);
    u.searchParams.set('options', '-c jit=on');
    const own = await openPostgres(u.toString(), { max: 1 });
    try {
      assert.equal((await own.query<{ jit: string }>('SHOW jit')).rows[0]!.jit, 'on');
    } finally {
      await own.close();
    }
  },
);
