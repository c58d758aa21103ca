import path from 'node:path';
import type { Logger } from 'pino';
import type { Db } from './types.ts';
import { openPglite } from './pglite.ts';
import { migrate } from './migrate.ts';
import { secureDataDir } from './data-dir.ts';

/** PostgreSQL when DATABASE_URL is set, otherwise the embedded PGlite database under the data directory. */
export async function openDb(opts: { databaseUrl: string | null; dataDir: string; migrate?: boolean; log?: Logger }): Promise<Db> {
  const { log } = opts;
  if (!opts.databaseUrl) secureDataDir(opts.dataDir);
  // the PostgreSQL driver (pg, pg-copy-streams: ~3 MB of heap, more of code) is loaded only by processes that use it
  const db = opts.databaseUrl
    ? await (
        await import('./postgres.ts')
      ).openPostgres(opts.databaseUrl, {
        onConnectionError: (err) => log?.warn({ err: err.message }, 'database connection lost; reconnecting'),
        // a process started while the server restarts waits for it (LINECAST_DB_WAIT_MS, 30 s) instead of exiting
        waitMs: Number(process.env.LINECAST_DB_WAIT_MS ?? 30_000),
        max: Number(process.env.LINECAST_DB_POOL_MAX ?? 10),
      })
    : await openPglite(path.join(opts.dataDir, 'db'));
  if (opts.migrate !== false) await migrate(db);
  return db;
}
