/**
 * Creates a new embedded database directory (initdb) and exits: run as a child process by src/db/pglite.ts
 * (through pglite-initdb-entry.mjs), so the memory initdb needs goes back to the system when it ends.
 */
import { PGlite } from '@electric-sql/pglite';
import { baselineWasmOnly, ownerOnlyFileModes, pgliteOptions, pgliteSettings } from './pglite-engine.ts';

ownerOnlyFileModes();
baselineWasmOnly();
// The server that started this died: stop; the next start creates the directory again from scratch.
process.on('disconnect', () => process.exit(1));

const dir = process.argv[2];
if (!dir) throw new Error('usage: pglite-initdb <directory>');
const pg = await PGlite.create(dir, pgliteOptions(pgliteSettings()));
await pg.close();
process.exit(0);
