import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { migrationFiles, splitSql } from '../../src/db/migrate.ts';
import { testEngine, withDb } from '../helpers/db.ts';
import { killAll, spawnLinecast, type LinecastProcess } from '../helpers/processes.ts';

// What an orchestrator does with replicas: every process of a deployment starts at the same moment against a
// database nobody has set up yet. Each must come up; the first start's data must exist exactly once.
const ROUNDS = Number(process.env.LINECAST_FIRST_START_ROUNDS ?? 2);
const adminUrl = process.env.TEST_DATABASE_URL ?? '';

async function withAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A half-migrated database: the first `n` migrations applied, as an older release would have left it. */
async function applyFirst(url: string, n: number): Promise<void> {
  const dir = path.join(import.meta.dirname, '../../src/db/migrations');
  await withAdmin(url, async (c) => {
    await c.query('CREATE TABLE schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    for (const f of migrationFiles().slice(0, n)) {
      await c.query('BEGIN');
      for (const stmt of splitSql(fs.readFileSync(path.join(dir, f), 'utf8'))) await c.query(stmt);
      await c.query('INSERT INTO schema_migrations (name) VALUES ($1)', [f]);
      await c.query('COMMIT');
    }
  });
}

async function startTogether(url: string): Promise<void> {
  const env = { DATABASE_URL: url, LINECAST_SECRET_KEY: 'first-start-test-key', PORT: '0', LINECAST_SANDBOX_PORT: '0' };
  const ps: LinecastProcess[] = [
    spawnLinecast(['start', '--no-worker'], env),
    spawnLinecast(['start', '--no-worker'], env),
    spawnLinecast(['worker'], env),
    spawnLinecast(['worker'], env),
    spawnLinecast(['worker'], env),
  ];
  try {
    const ready = await Promise.all(ps.map((p) => p.ready));
    ready.forEach((r, i) => assert.ok(r, `process ${i} (${ps[i]!.child.spawnargs.slice(2).join(' ')}) came up:\n${ps[i]!.output()}`));
    for (const r of ready.slice(0, 2)) assert.equal((await fetch(`${r}/healthz`)).status, 200);
    // everything a first start creates exists once
    await withAdmin(url, async (c) => {
      const one = async (sql: string) => (await c.query<{ n: number }>(sql)).rows[0]!.n;
      assert.equal(await one('SELECT count(*)::int AS n FROM users WHERE is_admin'), 1);
      assert.equal(await one(`SELECT count(*)::int AS n FROM workspaces`), 1);
      assert.equal(await one(`SELECT count(*)::int AS n FROM parent_segments WHERE name = 'Demo customers'`), 1);
      assert.equal(await one('SELECT count(*)::int AS n FROM profiles'), 3000);
      assert.equal(await one('SELECT count(*)::int AS n FROM line_accounts WHERE is_sandbox'), 1);
      assert.equal(await one('SELECT count(*)::int AS n FROM schema_migrations'), migrationFiles().length);
    });
    // and the processes stay up (a crash after the ready line would show here)
    for (const p of ps) assert.equal(p.child.exitCode, null, p.output());
  } finally {
    await killAll(ps, 'SIGTERM');
  }
}

async function freshDatabase(fn: (url: string) => Promise<void>): Promise<void> {
  const name = `fs_${crypto.randomBytes(5).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  try {
    await fn(withDb(adminUrl, name));
  } finally {
    await withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

const skip = testEngine !== 'postgres' && 'needs PostgreSQL (LINECAST_TEST_ENGINE=postgres)';

test(
  `scale-out first start: 2 API servers and 3 workers started at once on a fresh database all come up (${ROUNDS} rounds)`,
  { skip, timeout: 600_000 },
  async () => {
    for (let i = 0; i < ROUNDS; i++) await freshDatabase(startTogether);
  },
);

test(
  'scale-out first start on a half-migrated database: all come up and finish the migrations once',
  { skip, timeout: 300_000 },
  async () => {
    await freshDatabase(async (url) => {
      await applyFirst(url, Math.ceil(migrationFiles().length / 2));
      await startTogether(url);
    });
  },
);
