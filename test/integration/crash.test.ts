import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openDb } from '../../src/db/open.ts';
import type { Db } from '../../src/db/types.ts';
import { SecretBox } from '../../src/security/secret-box.ts';
import { startEmulator } from '../../src/emulator/index.ts';
import { testDb } from '../helpers/db.ts';
import { addAccount, addProfile, addProfiles, campaign, statusCounts } from '../delivery/fixture.ts';
import { emuStats } from '../delivery/helpers.ts';
import { beginSnapshot } from '../../src/delivery/snapshot.ts';

const N = Number(process.env.LINECAST_CRASH_RECIPIENTS ?? 100_000);
const TOKEN = 'crash-test-token-0001';
const KILLS = 5;
const root = path.join(import.meta.dirname, '../..');

/** A Linecast process that delivers: `start` on the embedded database, `worker` on PostgreSQL. */
function spawnLinecast(env: Record<string, string>, embedded: boolean): { child: ChildProcess; url: Promise<string | null> } {
  const args = embedded ? ['bin/linecast.js', 'start', '--no-demo'] : ['bin/linecast.js', 'worker'];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = new Promise<string | null>((resolve) => {
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
      if (/worker running/.test(out)) resolve(null);
    });
    child.on('exit', () => resolve(null));
  });
  child.stderr!.on('data', (b: Buffer) => {
    if (process.env.LINECAST_CRASH_DEBUG) process.stderr.write(b);
  });
  return { child, url };
}

const exited = (c: ChildProcess) =>
  new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test(
  `crash: kill -9 the delivering process ${KILLS} times during a ${N}-recipient campaign; every eligible recipient gets it exactly once`,
  { timeout: 600_000 },
  async (t) => {
    const tdb = await testDb();
    const embedded = tdb.db.engine === 'pglite';
    const emu = await startEmulator({ port: 0, record: 'counts', faults: { latencyMs: 30, latencyJitterMs: 20 } as never });
    const keyHex = crypto.randomBytes(32).toString('hex');
    const box = new SecretBox(Buffer.from(keyHex, 'hex'));
    const adminKey = 'lc_crash_' + crypto.randomBytes(12).toString('hex');
    let db: Db = tdb.db;
    let dataDir = '';
    const children: ChildProcess[] = [];
    try {
      const ws = (await db.query<{ id: string }>(`INSERT INTO workspaces (name) VALUES ('Crash') RETURNING id`)).rows[0]!.id;
      // slow enough (20 multicasts a second) that the send lasts several seconds and the kills land mid-send
      const accountId = await addAccount(db, box, ws, { apiBaseUrl: emu.url, multicastPerSecond: 20, token: TOKEN });
      const parentSegmentId = (await db.query<{ id: string }>(`INSERT INTO parent_segments (name) VALUES ('P') RETURNING id`)).rows[0]!.id;
      await addProfiles(db, parentSegmentId, N);
      await addProfile(db, parentSegmentId, 'no-id', null);
      // launched as the API launches: the first chunk of the audience in the launch, the rest streamed by the dispatcher
      // (issue 16), so the first kill lands while the snapshot is still being written
      const c = await campaign(db, { box, ws, accountId, parentSegmentId }, { sendMode: 'multicast' });
      const first = await db.tx((q) => beginSnapshot(q, c, 500));
      assert.equal(first.complete, false);
      // `linecast start` keeps its PGlite database in <LINECAST_DATA_DIR>/db
      dataDir = embedded ? fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-crash-')) : '';
      if (embedded) {
        await db.close();
        fs.renameSync(tdb.dataDir!, path.join(dataDir, 'db'));
      }

      const env: Record<string, string> = {
        LINECAST_SECRET_KEY: keyHex,
        LINECAST_ADMIN_KEY: adminKey,
        LINECAST_LEASE_TTL_MS: '1500',
        LINECAST_DISPATCH_POLL_MS: '100',
        // small snapshot chunks, so the stream lasts past the first sends and the first kill lands inside it
        LINECAST_SNAPSHOT_CHUNK_MAX: '500',
        // the restarts below follow each kill at once: the dead holder's lock is taken over, not waited out
        LINECAST_LOCK_STALE_MS: '3600000',
        PORT: '0',
        ...(embedded ? { LINECAST_DATA_DIR: dataDir } : { DATABASE_URL: tdb.url! }),
      };
      let kills = 0;
      let killedMidSnapshot = 0;
      let last = 0;
      /**
       * Requests LINE accepted whose acceptance the killed process had not recorded: the kill landed between the
       * send and the write of its result. Each must be sent again with its key and answered 409, never delivered twice.
       */
      const caught = new Map<string, string>(); // retry key → LINE's request id
      const inDb = async <T>(fn: (d: Db) => Promise<T>): Promise<T> => {
        if (!embedded) return fn(db);
        const d = await openDb({ databaseUrl: null, dataDir, migrate: false });
        try {
          return await fn(d);
        } finally {
          await d.close();
        }
      };
      while (kills < KILLS) {
        const p = spawnLinecast(env, embedded);
        children.push(p.child);
        // kill once this process has sent something, at a random moment after that
        const start = Date.now();
        for (;;) {
          if ((await emuStats(emu.url)).recipientDeliveries > last) break;
          assert.ok(Date.now() - start < 240_000 && p.child.exitCode === null, 'the restarted process sends');
          await sleep(20);
        }
        // the first kill as soon as LINE has something: mid-snapshot; the others at a random moment
        if (kills > 0) await sleep(Math.random() * 1_200);
        p.child.kill('SIGKILL');
        await exited(p.child);
        kills++;
        const streaming = await inDb((d) =>
          d.query<{ open: boolean }>('SELECT snap_next IS NOT NULL AS open FROM delivery_campaigns WHERE campaign_id = $1', [c.campaignId]),
        );
        if (streaming.rows[0]!.open) killedMidSnapshot++;
        last = (await emuStats(emu.url)).recipientDeliveries;
        const open = await inDb((d) =>
          d.query<{ retry_key: string }>(`SELECT retry_key FROM delivery_requests WHERE campaign_id = $1 AND status = 'queued'`, [
            c.campaignId,
          ]),
        );
        for (const { retry_key: key } of open.rows) {
          const accepted = emu.state.acceptedRetry(TOKEN, key, Date.now());
          if (accepted?.requestId) caught.set(key, accepted.requestId);
        }
      }
      assert.ok(last < N, `the campaign must still be running after the last kill (sent ${last})`);
      assert.ok(caught.size >= 1, 'at least one kill landed after LINE accepted a request and before its result was written');
      assert.ok(killedMidSnapshot >= 1, 'at least one kill landed while the snapshot was still streaming');
      t.diagnostic(`${killedMidSnapshot} kills landed while the snapshot was streaming`);
      t.diagnostic(`${caught.size} requests accepted by LINE but not yet recorded when a kill landed`);

      const final = spawnLinecast(env, embedded);
      children.push(final.child);
      const deadline = Date.now() + 240_000;
      if (embedded) {
        const url = await final.url;
        assert.ok(url, 'the final process started');
        for (;;) {
          const r = await fetch(`${url}/api/v1/workspaces/${ws}/campaigns/${c.campaignId}/progress`, {
            headers: { authorization: `Bearer ${adminKey}` },
          });
          const p = (await r.json()) as { state?: string };
          if (p.state === 'Finished') break;
          assert.ok(Date.now() < deadline, 'Finished in time');
          await sleep(200);
        }
        final.child.kill('SIGTERM');
        await exited(final.child);
        db = await openDb({ databaseUrl: null, dataDir, migrate: false });
      } else {
        for (;;) {
          const s = await db.query<{ state: string }>('SELECT state FROM campaigns WHERE id = $1', [c.campaignId]);
          if (s.rows[0]!.state === 'Finished') break;
          assert.ok(Date.now() < deadline, 'Finished in time');
          await sleep(200);
        }
        final.child.kill('SIGTERM');
        await exited(final.child);
      }
      const s = await emuStats(emu.url);
      assert.equal(s.distinctUsers, N, 'every eligible recipient received the bundle');
      assert.equal(s.usersWithMultipleDeliveries, 0, 'nobody received it twice');
      assert.equal(s.recipientDeliveries, N);
      assert.deepEqual(await statusCounts(db, c.campaignId), { accepted: N, 'excluded/missing_recipient_id': 1 });
      // each caught request was sent again after the kill with the same key; LINE answered 409 with the id of the first
      // acceptance, which is what the log records
      const after = await db.query<{ retry_key: string; status: string; line_request_id: string | null; attempts: number }>(
        `SELECT retry_key, status, line_request_id, attempts FROM delivery_requests WHERE retry_key = ANY($1::uuid[])`,
        [[...caught.keys()]],
      );
      assert.equal(after.rows.length, caught.size);
      for (const r of after.rows) {
        assert.equal(r.status, 'accepted');
        assert.equal(r.line_request_id, caught.get(r.retry_key), "recorded with the first acceptance's request id (from the 409)");
      }
      assert.ok(Number(s.duplicateRequests) >= caught.size, `LINE answered 409 at least ${caught.size} times (got ${s.duplicateRequests})`);
    } finally {
      for (const ch of children) if (ch.exitCode === null && ch.signalCode === null) ch.kill('SIGKILL');
      await emu.close();
      if (embedded) {
        await db.close().catch(() => {});
        fs.rmSync(tdb.dataDir!, { recursive: true, force: true });
        if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
      } else await tdb.close();
    }
  },
);
