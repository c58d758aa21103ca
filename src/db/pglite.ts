import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { lockDataDir } from './data-dir-lock.ts';
import type { Reply, Request } from './pglite-thread.ts';
import { RAW, rawOf, copyText, type Db, type Queryable, type QueryResult } from './types.ts';
import * as queries from './queries.ts';

export { DataDirLockedError } from './data-dir-lock.ts';

type Call = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The database thread and the calls waiting on it. */
class Thread {
  private worker: Worker;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; trace: Error }>();
  private nextId = 1;
  private dead: Error | null = null;
  readonly ready: Promise<void>;

  constructor(dir: string | null) {
    this.worker = new Worker(new URL('./pglite-thread-entry.mjs', import.meta.url), {
      workerData: { dir },
      // tsx is registered by the entry; a CPU profile of the process (--cpu-prof) covers this thread too
      execArgv: process.execArgv.filter((a) => a.startsWith('--cpu-prof')),
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
  const thread = new Thread(dir ? path.join(dir, 'pg') : null);
  try {
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
