/**
 * The database-restart case of the fault suite (PostgreSQL only): a throw-away cluster of its own, a `linecast
 * worker` child process delivering a push campaign, and the cluster restarted twice mid-campaign (`pg_ctl restart
 * -m fast`, then `-m immediate`). Shared by test/integration/pg-restart.test.ts and bench/faults.ts.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { migrate } from '../../src/db/migrate.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import type { Db } from '../../src/db/types.ts';
import { startEmulator } from '../../src/emulator/index.ts';
import { SecretBox } from '../../src/security/secret-box.ts';
import { addAccount, addProfiles, statusCounts } from '../delivery/fixture.ts';
import { emuStats, launched } from '../delivery/helpers.ts';
import { killAll, spawnLinecast, type LinecastProcess } from '../helpers/processes.ts';
import type { CaseResult } from './suite.ts';

const root = path.join(import.meta.dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

function cluster(cmd: 'start' | 'restart' | 'stop', env: Record<string, string>): string {
  return execFileSync('bash', [path.join(root, 'scripts/pg-cluster.sh'), cmd], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  }).trim();
}

/** Queries that outlive the restarts: this process's own pool sees them too. */
async function retrying<T>(fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i > 100) throw e;
      await sleep(200);
    }
  }
}

export interface PgRestartResult extends CaseResult {
  /** How far the campaign was (recipients delivered) when each restart began. */
  restartsAt: { mode: string; sent: number }[];
  workerAlive: boolean;
  sameWorker: boolean;
  sawConnectionLoss: boolean;
  workerOutput: string;
}

export async function runPgRestartCase(
  recipients: number,
  opts: { pushPerSecond?: number; timeoutMs?: number } = {},
): Promise<PgRestartResult> {
  const env = { PG_TEST_DIR: `/tmp/linecast-pg-restart-${crypto.randomBytes(4).toString('hex')}`, PG_TEST_PORT: String(await freePort()) };
  const url = cluster('start', env);
  const emu = await startEmulator({ port: 0, record: 'counts' });
  const keyHex = crypto.randomBytes(32).toString('hex');
  const box = new SecretBox(Buffer.from(keyHex, 'hex'));
  const ps: LinecastProcess[] = [];
  let db: Db | null = null;
  try {
    db = await openPostgres(url, { max: 4 });
    await migrate(db);
    const ws = (await db.query<{ id: string }>(`INSERT INTO workspaces (name) VALUES ('Restart') RETURNING id`)).rows[0]!.id;
    // push at a paced rate: the send lasts long enough for two restarts in the middle of it
    const accountId = await addAccount(db, box, ws, { apiBaseUrl: emu.url, pushPerSecond: opts.pushPerSecond ?? 250 });
    const parentSegmentId = (await db.query<{ id: string }>(`INSERT INTO parent_segments (name) VALUES ('P') RETURNING id`)).rows[0]!.id;
    await addProfiles(db, parentSegmentId, recipients);
    const c = await launched(db, { box, ws, accountId, parentSegmentId }, { sendMode: 'push' });
    const t0 = performance.now();
    const worker = spawnLinecast(['worker'], {
      DATABASE_URL: url,
      LINECAST_SECRET_KEY: keyHex,
      LINECAST_LEASE_TTL_MS: '3000',
      LINECAST_DISPATCH_POLL_MS: '100',
      LOG_LEVEL: 'info',
    });
    ps.push(worker);
    if ((await worker.ready) !== 'worker') throw new Error(`the worker did not start:\n${worker.output()}`);
    const pid = worker.child.pid;
    const alive = () => worker.child.exitCode === null && worker.child.signalCode === null;
    const restartsAt: { mode: string; sent: number }[] = [];
    for (const [mode, at] of [
      ['fast', recipients * 0.25],
      ['immediate', recipients * 0.6],
    ] as const) {
      while (alive() && (await emuStats(emu.url)).recipientDeliveries < at) await sleep(50);
      restartsAt.push({ mode, sent: (await emuStats(emu.url)).recipientDeliveries });
      cluster('restart', { ...env, PG_RESTART_MODE: mode });
    }
    const deadline = Date.now() + (opts.timeoutMs ?? 240_000);
    let state = '';
    for (;;) {
      state = (await retrying(() => db!.query<{ state: string }>('SELECT state FROM campaigns WHERE id = $1', [c.campaignId]))).rows[0]!
        .state;
      if (state === 'Finished' || !alive() || Date.now() > deadline) break;
      await sleep(200);
    }
    const seconds = (performance.now() - t0) / 1000;
    const s = await emuStats(emu.url);
    const retried = await db.query<{ k: string; n: number }>(
      `SELECT COALESCE(last_status::text, '-') AS k, count(*)::int AS n FROM delivery_requests
       WHERE campaign_id = $1 AND attempts > 1 AND status <> 'superseded' GROUP BY 1 ORDER BY 1`,
      [c.campaignId],
    );
    return {
      case: 'db_restart_fast_then_immediate',
      engine: 'postgres',
      sendMode: 'push',
      recipients,
      spoiled: 0,
      lost: recipients - s.distinctUsers,
      duplicated: s.recipientDeliveries - s.distinctUsers,
      reasons: {
        recipients: await statusCounts(db, c.campaignId),
        retried: Object.fromEntries(retried.rows.map((r) => [r.k, r.n])),
        answered409: Number(s.duplicateRequests),
        suspensions: [],
      },
      finalState: state,
      seconds: +seconds.toFixed(1),
      restartsAt,
      workerAlive: alive(),
      sameWorker: worker.child.pid === pid,
      sawConnectionLoss: /database connection lost/.test(worker.output()),
      workerOutput: worker.output(),
    };
  } finally {
    await killAll(ps, 'SIGTERM');
    await emu.close();
    await db?.close().catch(() => undefined);
    try {
      cluster('stop', env);
    } catch {
      // already gone
    }
  }
}
