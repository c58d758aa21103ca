import path from 'node:path';
import type { Db } from './types.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import { migrate } from './migrate.ts';
import { secureDataDir } from '../security/data-dir.ts';

/** PostgreSQL when DATABASE_URL is set, otherwise the embedded PGlite database under the data directory. */
export async function openDb(opts: { databaseUrl: string | null; dataDir: string; migrate?: boolean }): Promise<Db> {
  if (!opts.databaseUrl) secureDataDir(opts.dataDir);
  const db = opts.databaseUrl ? await openPostgres(opts.databaseUrl) : await openPglite(path.join(opts.dataDir, 'db'));
  if (opts.migrate !== false) await migrate(db);
  return db;
}
