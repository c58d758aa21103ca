/**
 * The embedded database's own thread. PGlite executes SQL synchronously in WebAssembly, so on the server's thread
 * every statement stalls every request in flight (a 400-click batch: ~12 ms). Here it runs beside the event loop
 * that serves HTTP; src/db/pglite.ts sends it one message per statement. Started by pglite-thread-entry.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { baselineWasmOnly, ownerOnlyFileModes, pgliteOptions } from './pglite-engine.ts';

ownerOnlyFileModes();
baselineWasmOnly();

export type Request =
  | { id: number; op: 'query'; sql: string; params?: readonly unknown[]; tx?: number }
  | { id: number; op: 'exec'; sql: string }
  | { id: number; op: 'copy'; sql: string; text: string; tx?: number }
  | { id: number; op: 'begin' }
  | { id: number; op: 'commit' | 'rollback'; tx: number }
  | { id: number; op: 'close' };

export type Reply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { message: string; name: string; fields: Record<string, unknown> } };

// Given once at create: passed per query, PGlite copies its whole parser table for every statement.
const parsers = { [types.INT8]: (v: string) => Number(v), [types.NUMERIC]: (v: string) => Number(v) };

class Rollback extends Error {}

interface OpenTx {
  t: Transaction;
  finish: (commit: boolean) => void;
  done: Promise<void>;
}

const port = parentPort!;
const { dir, settings } = workerData as { dir: string | null; settings: Record<string, string> };
const pg = await PGlite.create(dir ?? undefined, { ...pgliteOptions(settings), parsers });
const txs = new Map<number, OpenTx>();
let nextTx = 1;

function begin(): Promise<number> {
  return new Promise((started, failed) => {
    const txId = nextTx++;
    let finish!: (commit: boolean) => void;
    const decided = new Promise<boolean>((r) => (finish = r));
    const done = pg
      .transaction(async (t) => {
        txs.set(txId, { t, finish, done });
        started(txId);
        if (!(await decided)) throw new Rollback();
      })
      .then(
        () => undefined,
        (e: unknown) => {
          if (!(e instanceof Rollback)) throw e;
        },
      )
      .finally(() => txs.delete(txId));
    done.catch(failed); // BEGIN itself failed: nothing registered
  });
}

async function end(txId: number, commit: boolean): Promise<void> {
  const open = txs.get(txId);
  if (!open) throw new Error(`transaction ${txId} is not open`);
  open.finish(commit);
  await open.done;
}

function target(tx: number | undefined): PGlite | Transaction {
  if (tx === undefined) return pg;
  const open = txs.get(tx);
  if (!open) throw new Error(`transaction ${tx} is not open`);
  return open.t;
}

async function handle(m: Request): Promise<unknown> {
  switch (m.op) {
    case 'query': {
      const r = await target(m.tx).query(m.sql, m.params as unknown[] | undefined);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    }
    case 'exec':
      await pg.exec(m.sql);
      return null;
    case 'copy':
      await target(m.tx).query(m.sql, [], { blob: new Blob([m.text]) });
      return null;
    case 'begin':
      return begin();
    case 'commit':
    case 'rollback':
      return end(m.tx, m.op === 'commit');
    case 'close':
      await pg.close();
      return null;
  }
}

port.on('message', (m: Request) => {
  handle(m).then(
    (value) => port.postMessage({ id: m.id, ok: true, value } satisfies Reply),
    (e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      // A database error's fields (code, constraint, detail…) are what callers branch on: keep them.
      const fields: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(err)) if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) fields[k] = v;
      port.postMessage({ id: m.id, ok: false, error: { message: err.message, name: err.name, fields } } satisfies Reply);
    },
  );
});
port.postMessage({ id: 0, ok: true, value: 'ready' } satisfies Reply);
