import fs from 'node:fs';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';

/**
 * The data directory holds the database, the generated secret key (which unseals every LINE credential and signs
 * links), the lock and the emulator's state: none of it is for other local users. Two measures, both needed:
 *
 * - the process's umask becomes 077, so everything created from now on (by us, by PGlite's files, by the lock
 *   library, by the emulator) is 0600 / 0700 whatever the code that creates it asks for;
 * - what exists already (a directory made by an older version, or copied in) loses its group and other bits.
 *
 * Taking bits away (rather than setting 0600) keeps an owner's execute bit, so a data directory pointed somewhere
 * by mistake does not lose its scripts' modes. Symbolic links are not followed.
 */
export function secureDataDir(dir: string): { fixed: number } {
  privateUmask();
  const abs = path.resolve(dir);
  fs.mkdirSync(abs, { recursive: true, mode: 0o700 });
  return { fixed: privatize(abs) };
}

/** From here on, files and directories this process creates are for its owner only. */
export function privateUmask(): void {
  // A worker thread may not set the umask; the main thread's applies to the whole process.
  if (isMainThread) process.umask(0o077);
}

function privatize(p: string): number {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0; // removed meanwhile (a lock released)
    throw e;
  }
  if (st.isSymbolicLink()) return 0;
  let n = 0;
  if (st.mode & 0o077) {
    fs.chmodSync(p, st.mode & 0o700);
    n++;
  }
  if (st.isDirectory()) for (const name of fs.readdirSync(p)) n += privatize(path.join(p, name));
  return n;
}
