/**
 * How the embedded database (PGlite) is opened, shared by its thread (pglite-thread.ts) and the process that
 * creates a new data directory (pglite-initdb.ts): file modes, PostgreSQL settings and the WebAssembly compiler.
 */
import fs from 'node:fs';
import v8 from 'node:v8';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';

/**
 * PGlite's file layer (emscripten's NODEFS) chmods each file it creates to the mode the database asked for (0666),
 * which the process umask cannot narrow. Only PGlite runs where this is called, so every chmod keeps the owner's
 * bits only: the database's files stay 0600 like the rest of the data directory (src/db/data-dir.ts).
 */
export function ownerOnlyFileModes(): void {
  for (const name of ['chmodSync', 'fchmodSync'] as const) {
    const chmod = fs[name] as (target: unknown, mode: fs.Mode) => void;
    (fs as unknown as Record<string, unknown>)[name] = (target: unknown, mode: fs.Mode) =>
      chmod(target, typeof mode === 'number' ? mode & 0o700 : mode);
  }
}

/**
 * PostgreSQL settings. PGlite keeps PostgreSQL's server defaults, sized for a machine of its own: 128 MB of shared
 * buffers, allocated and touched in the WebAssembly heap at start (a reopened database: 280 MB RSS; 160 MB with
 * 16 MB). The operating system's page cache still holds the data files, so a smaller pool costs a system call, not
 * a disk read (measured: the same CPU time for 200,000 rows loaded and claimed 500 at a time).
 * LINECAST_PGLITE_SHARED_BUFFERS (e.g. 64MB) changes it.
 */
export function pgliteSettings(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const sharedBuffers = env.LINECAST_PGLITE_SHARED_BUFFERS?.trim();
  return { shared_buffers: sharedBuffers && /^\d+(kB|MB|GB)$/.test(sharedBuffers) ? sharedBuffers : '16MB' };
}

/**
 * V8 compiles PostgreSQL's WebAssembly (9 MB) with its baseline compiler, then again with its optimizing one for
 * the functions that run often. The second copy and the compiler's memory cost ~50 MB of RSS; for short
 * statements baseline-only was as fast, but bulk work needs the optimized code (a 100,000-profile import: 11.8 CPU
 * seconds baseline-only, 8.3 with it). So the optimizing compiler stays on by default;
 * LINECAST_PGLITE_BASELINE_ONLY=1 trades that CPU for the memory on a small machine that sends small campaigns.
 * The flag only concerns WebAssembly compiled after it is set.
 */
export function baselineWasmOnly(env: NodeJS.ProcessEnv = process.env): void {
  if (env.LINECAST_PGLITE_BASELINE_ONLY === '1') v8.setFlagsFromString('--liftoff-only');
}

export function pgliteOptions(settings: Record<string, string>): PGliteOptions {
  return {
    relaxedDurability: false,
    startParams: [...PGlite.defaultStartParams, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])],
  };
}
