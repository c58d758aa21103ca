import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { advisoryXactLock, LOCKS } from './locks.ts';
import type { Db } from './types.ts';
import * as queries from './queries.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Migrations are SQL files applied in file-name order, once each, each in its own transaction. */
export function migrationFiles(): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
}

export async function migrate(db: Db): Promise<string[]> {
  const applied: string[] = [];
  await db.tx(async (q) => {
    // An advisory lock keeps processes starting at once from applying the same file twice. The migrations table
    // is created under it too: two concurrent CREATE TABLE IF NOT EXISTS can both miss the table and one then
    // fails on PostgreSQL's catalog (duplicate key in pg_type).
    await advisoryXactLock(q, LOCKS.migrate);
    await q.query(queries.createMigrationsTable);
    const done = new Set((await q.query<{ name: string }>(queries.appliedMigrations)).rows.map((r) => r.name));
    for (const f of migrationFiles()) {
      if (done.has(f)) continue;
      const sql = fs.readFileSync(path.join(dir, f), 'utf8');
      for (const stmt of splitSql(sql)) await q.query(stmt);
      await q.query(queries.recordMigration, [f]);
      applied.push(f);
    }
  });
  return applied;
}

/** Splits a migration into statements; dollar-quoted bodies ($$ … $$) are kept whole. */
export function splitSql(sql: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inDollar = false;
  for (const line of sql.split('\n')) {
    const trimmed = line.trim();
    if (!inDollar && trimmed.startsWith('--')) continue;
    if ((line.match(/\$\$/g)?.length ?? 0) % 2 === 1) inDollar = !inDollar;
    cur += line + '\n';
    if (!inDollar && trimmed.endsWith(';')) {
      out.push(cur.trim());
      cur = '';
    }
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
