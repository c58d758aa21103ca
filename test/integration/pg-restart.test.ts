import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { migrate } from '../../src/db/migrate.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import type { Db } from '../../src/db/types.ts';
import { startEmulator } from '../../src/emulator/index.ts';
import { SecretBox } from '../../src/security/secret-box.ts';
import { addAccount, addProfiles, statusCounts } from '../delivery/fixture.ts';
import { emuStats, launched } from '../delivery/helpers.ts';
import { testEngine } from '../helpers/db.ts';
import { killAll, spawnLinecast, type LinecastProcess } from '../helpers/processes.ts';

// The database server restarts (a minor-version upgrade, a failover, a crash) in the middle of a campaign. The
// worker must stay alive, reconnect by itself and finish: every recipient accepted once, counted at the emulator.
// The test runs a PostgreSQL cluster of its own (it restarts it), so other tests' databases are not disturbed.
const N = 4_000;
const root = path.join(import.meta.dirname, '../..');

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

function cluster(cmd: 'start' | 'restart' | 'stop', env: Record<string, string>): string {
  return execFileSync('bash', [path.join(root, 'scripts/pg-cluster.sh'), cmd], { env: { ...process.env, ...env }, encoding: 'utf8' }).trim();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Queries that outlive the restarts: the test's own pool sees them too. */
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

test(`PostgreSQL restarts (fast, then immediate) mid-campaign: the worker rides them out and ${N} recipients get it exactly once`, {
  skip: testEngine !== 'postgres' && 'needs PostgreSQL (LINECAST_TEST_ENGINE=postgres)',
  timeout: 600_000,
}, async () => {
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
    // push, 250 requests a second: the send lasts ~16 s, long enough for two restarts in the middle of it
    const accountId = await addAccount(db, box, ws, { apiBaseUrl: emu.url, pushPerSecond: 250 });
    const parentSegmentId = (await db.query<{ id: string }>(`INSERT INTO parent_segments (name) VALUES ('P') RETURNING id`)).rows[0]!.id;
    await addProfiles(db, parentSegmentId, N);
    const c = await launched(db, { box, ws, accountId, parentSegmentId }, { sendMode: 'push' });
    assert.equal(c.pending, N);

    const worker = spawnLinecast(['worker'], {
      DATABASE_URL: url,
      LINECAST_SECRET_KEY: keyHex,
      LINECAST_LEASE_TTL_MS: '3000',
      LINECAST_DISPATCH_POLL_MS: '100',
      LOG_LEVEL: 'info',
    });
    ps.push(worker);
    assert.equal(await worker.ready, 'worker', worker.output());
    const pid = worker.child.pid;

    for (const [mode, after] of [['fast', N * 0.25], ['immediate', N * 0.6]] as const) {
      for (;;) {
        const sent = (await emuStats(emu.url)).recipientDeliveries;
        if (sent >= after) break;
        assert.equal(worker.child.exitCode, null, `the worker is alive:\n${worker.output()}`);
        await sleep(50);
      }
      cluster('restart', { ...env, PG_RESTART_MODE: mode });
      const sent = (await emuStats(emu.url)).recipientDeliveries;
      assert.ok(sent < N, `the ${mode} restart landed mid-campaign (${sent} of ${N} sent)`);
    }

    const deadline = Date.now() + 240_000;
    for (;;) {
      const s = await retrying(() => db!.query<{ state: string }>('SELECT state FROM campaigns WHERE id = $1', [c.campaignId]));
      if (s.rows[0]!.state === 'Finished') break;
      assert.equal(worker.child.exitCode, null, `the worker is alive:\n${worker.output()}`);
      assert.ok(Date.now() < deadline, `Finished in time (state ${s.rows[0]!.state}):\n${worker.output().slice(-3000)}`);
      await sleep(200);
    }
    assert.equal(worker.child.exitCode, null);
    assert.equal(worker.child.pid, pid, 'the same worker process, not a restarted one');
    assert.match(worker.output(), /database connection lost/, 'the worker saw the restarts');
    const s = await emuStats(emu.url);
    assert.equal(s.recipientDeliveries, N, 'none lost');
    assert.equal(s.distinctUsers, N);
    assert.equal(s.usersWithMultipleDeliveries, 0, 'none twice');
    assert.deepEqual(await statusCounts(db, c.campaignId), { accepted: N });
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
});
