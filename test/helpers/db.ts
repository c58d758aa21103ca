import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import { migrationFiles, migrate } from '../../src/db/migrate.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import type { Db } from '../../src/db/types.ts';

/** Which engine this test process runs on: LINECAST_TEST_ENGINE=pglite (default) or postgres. */
export const testEngine = (process.env.LINECAST_TEST_ENGINE ?? 'pglite') as 'pglite' | 'postgres';

function schemaHash(): string {
  const dir = path.join(import.meta.dirname, '../../src/db/migrations');
  const h = crypto.createHash('sha256');
  for (const f of migrationFiles()) h.update(f).update(fs.readFileSync(path.join(dir, f)));
  return h.digest('hex').slice(0, 12);
}

/**
 * PGlite's first start (initdb) takes 4–6 s, so one migrated template directory is built per schema version
 * and every test database is a copy of it (under a second).
 */
async function pgliteTemplate(): Promise<string> {
  const root = path.join(os.tmpdir(), 'linecast-test-templates');
  fs.mkdirSync(root, { recursive: true });
  const dir = path.join(root, `pglite-${schemaHash()}`);
  if (fs.existsSync(path.join(dir, 'READY'))) return dir;
  const release = await lockfile.lock(root, {
    lockfilePath: path.join(root, 'build.lock'),
    retries: { retries: 600, minTimeout: 100, maxTimeout: 200 },
    stale: 120_000,
  });
  try {
    if (!fs.existsSync(path.join(dir, 'READY'))) {
      fs.rmSync(dir, { recursive: true, force: true });
      const db = await openPglite(dir);
      await migrate(db);
      await db.close();
      fs.writeFileSync(path.join(dir, 'READY'), '');
    }
  } finally {
    await release();
  }
  return dir;
}

async function postgresTemplate(adminUrl: string): Promise<string> {
  const name = `linecast_tmpl_${schemaHash()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(4242)');
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rows.length) {
      await admin.query(`CREATE DATABASE ${name}`);
      const db = await openPostgres(withDb(adminUrl, name), { max: 1 });
      await migrate(db);
      await db.close();
    }
    await admin.query('SELECT pg_advisory_unlock(4242)');
  } finally {
    await admin.end();
  }
  return name;
}

export function withDb(url: string, dbName: string): string {
  const u = new URL(url);
  u.pathname = '/' + dbName;
  return u.toString();
}

export interface TestDb {
  db: Db;
  /** For PostgreSQL: the URL of this test's own database (other processes can connect to it). */
  url: string | null;
  /** For PGlite: the data directory of this test's copy. */
  dataDir: string | null;
  close(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file. */
export async function testDb(): Promise<TestDb> {
  if (testEngine === 'postgres') {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) throw new Error('LINECAST_TEST_ENGINE=postgres needs TEST_DATABASE_URL');
    const tmpl = await postgresTemplate(adminUrl);
    const name = `t_${crypto.randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${tmpl}`);
    await admin.end();
    const url = withDb(adminUrl, name);
    const db = await openPostgres(url, { max: 10 });
    return {
      db,
      url,
      dataDir: null,
      async close() {
        await db.close();
        const a = new pg.Client({ connectionString: adminUrl });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const tmpl = await pgliteTemplate();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-test-'));
  fs.cpSync(tmpl, dataDir, { recursive: true });
  const db = await openPglite(dataDir);
  return {
    db,
    url: null,
    dataDir,
    async close() {
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh database with no migrations applied (for tests of a migration over existing data). */
export async function emptyDb(): Promise<TestDb> {
  if (testEngine === 'postgres') {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) throw new Error('LINECAST_TEST_ENGINE=postgres needs TEST_DATABASE_URL');
    const name = `e_${crypto.randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = withDb(adminUrl, name);
    const db = await openPostgres(url, { max: 4 });
    return {
      db,
      url,
      dataDir: null,
      async close() {
        await db.close();
        const a = new pg.Client({ connectionString: adminUrl });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-test-'));
  const db = await openPglite(dataDir);
  return {
    db,
    url: null,
    dataDir,
    async close() {
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
