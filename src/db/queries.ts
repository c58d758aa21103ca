/**
 * The SQL text of src/db, one named constant (or small function, where the text varies) per statement, named for
 * what it does or for the one function that runs it. The module's other files pass these to `q.query`; no other file
 * of the module holds SQL (docs/architecture.md, "Named queries"; test/architecture/sql-ownership.test.ts).
 */

// locks.ts
export const advisoryXactLock = 'SELECT pg_advisory_xact_lock($1)';

// migrate.ts
export const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`;
export const appliedMigrations = 'SELECT name FROM schema_migrations';
export const recordMigration = 'INSERT INTO schema_migrations (name) VALUES ($1)';

// pglite.ts
export const copyFromBlob = (table: string, columns: string) => `COPY ${table} (${columns}) FROM '/dev/blob'`;

// postgres.ts
export const copyFromStdin = (table: string, columns: string) => `COPY ${table} (${columns}) FROM STDIN`;

// health.ts
export const ping = 'SELECT 1';
