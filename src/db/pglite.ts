import { fork } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { lockDataDir } from './data-dir-lock.ts';
import type { Reply, Request } from './pglite-thread.ts';
import { pgliteSettings } from './pglite-engine.ts';
import { RAW, rawOf, copyText, type Db, type Queryable, type QueryResult } from './types.ts';
import * as queries from './queries.ts';

export { DataDirLockedError } from './data-dir-lock.ts';

/**
 * Running from the TypeScript sources (tsx) rather than the compiled build (dist/, scripts/build-server.mjs): a new
 * thread or child does not inherit the main thread's module hooks, so from the sources it starts at an .mjs entry that
 * registers tsx first; compiled, it starts at the module itself and never loads tsx.
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');

type Call = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The database thread and the calls waiting on it. */
class Thread {
  private worker: Worker;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; trace: Error }>();
  private nextId = 1;
  private dead: Error | null = null;
  readonly ready: Promise<void>;

  constructor(dir: string | null) {
    this.worker = new Worker(new URL(FROM_SOURCE ? './pglite-thread-entry.mjs' : './pglite-thread.js', import.meta.url), {
      workerData: { dir, settings: pgliteSettings() },
      // from the sources the entry registers tsx; a CPU profile of the process (--cpu-prof) covers this thread too
      execArgv: process.execArgv.filter((a) => a.startsWith('--cpu-prof')),
      // V8's young generation grows to 32 MB per thread by default; this thread's objects are the messages it
      // passes on, so a small one costs a few more scavenges and ~25 MB less RSS
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    let started!: () => void;
    this.ready = new Promise((resolve, reject) => {
      started = resolve;
      this.worker.once('error', reject);
    });
    this.worker.on('message', (m: Reply) => {
      if (m.id === 0) return started();
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (!this.pending.size) this.worker.unref();
      if (m.ok) return p.resolve(m.value);
      const err = Object.assign(new Error(m.error.message), m.error.fields);
      err.name = m.error.name;
      err.stack = `${err.name}: ${err.message}\n${p.trace.stack?.split('\n').slice(2).join('\n') ?? ''}`;
      p.reject(err);
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`the embedded database thread exited (code ${code})`)));
  }

  private fail(e: Error): void {
    this.dead ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  call<T>(msg: Call): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    // the caller's stack, so an error points at the query that failed (formatted only if it is read)
    const trace = new Error();
    // Like PGlite on the main thread, the database keeps the process alive only while a call is waiting.
    if (!this.pending.size) this.worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, trace });
      this.worker.postMessage({ ...msg, id } as Request);
    });
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * Creates the database files (initdb) in a child process that ends right after. PGlite runs initdb as a second
 * PostgreSQL instance plus the initdb program inside the process that opens a new directory, and their memory
 * stays with that process (measured: 800 MB RSS after a first open in-process, 280 MB after a reopen; a thread
 * that ended did not give it back either). The child works in a directory of its own, renamed into place when
 * complete, so a start killed halfway leaves nothing that looks like a database.
 */
async function initDataDir(pgDir: string): Promise<void> {
  if (fs.existsSync(path.join(pgDir, 'PG_VERSION'))) return;
  const work = `${pgDir}.initdb`;
  fs.rmSync(work, { recursive: true, force: true });
  const child = fork(fileURLToPath(new URL(FROM_SOURCE ? './pglite-initdb-entry.mjs' : './pglite-initdb.js', import.meta.url)), [work], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    execArgv: [],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  if (code !== 0) throw new Error(`creating the embedded database failed (${signal ?? `exit code ${code}`}): ${stderr.trim()}`);
  fs.rmSync(pgDir, { recursive: true, force: true });
  fs.renameSync(work, pgDir);
}

function queryable(thread: Thread, tx?: number): Queryable {
  return {
    [RAW]: { tx },
    query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      return thread.call<QueryResult<R>>({ op: 'query', sql, params, tx });
    },
  };
}

/**
 * The embedded database (PGlite) under dir (in memory when null), running in a thread of its own so SQL does not
 * stall the server's event loop. Transactions are serialized, as PGlite runs one at a time.
 */
export async function openPglite(dir: string | null): Promise<Db> {
  let release: (() => Promise<void>) | null = null;
  if (dir) {
    // The lock lives beside the data (not inside PGlite's own directory); one left by a dead process is taken over.
    const lock = await lockDataDir(dir);
    release = () => lock.release();
  }
  let thread: Thread;
  try {
    if (dir) await initDataDir(path.join(dir, 'pg'));
    thread = new Thread(dir ? path.join(dir, 'pg') : null);
    await thread.ready;
  } catch (e) {
    if (release) await release().catch(() => undefined);
    throw e;
  }
  const base = queryable(thread);
  return {
    engine: 'pglite',
    query: base.query,
    async tx(fn) {
      const tx = await thread.call<number>({ op: 'begin' });
      let result;
      try {
        result = await fn(queryable(thread, tx));
      } catch (e) {
        await thread.call({ op: 'rollback', tx }).catch(() => undefined);
        throw e;
      }
      await thread.call({ op: 'commit', tx });
      return result;
    },
    async exec(sql) {
      await thread.call({ op: 'exec', sql });
    },
    async copyRows(table, columns, rows, q) {
      const { text, count } = copyText(rows);
      if (count === 0) return 0;
      const tx = q ? rawOf<{ tx?: number }>(q)?.tx : undefined;
      await thread.call({ op: 'copy', sql: queries.copyFromBlob(table, columns.join(', ')), text, tx });
      return count;
    },
    async close() {
      await thread.call({ op: 'close' }).catch(() => undefined);
      await thread.terminate();
      if (release) await release().catch(() => undefined);
    },
  };
}
