import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { test } from 'node:test';
import { SecretBox } from '../../src/security/secret-box.ts';
import { startEmulator } from '../../src/emulator/index.ts';
import { testDb, testEngine } from '../helpers/db.ts';
import { addAccount, addProfiles, statusCounts } from '../delivery/fixture.ts';
import { emuStats, launched, waitState } from '../delivery/helpers.ts';

const root = path.join(import.meta.dirname, '../..');

test(
  'scale-out: two `linecast worker` processes share the work on PostgreSQL (one lease per account); totals exact',
  { skip: testEngine !== 'postgres' && 'needs PostgreSQL (LINECAST_TEST_ENGINE=postgres)', timeout: 300_000 },
  async () => {
    const tdb = await testDb();
    const emu = await startEmulator({ port: 0, record: 'counts', faults: { latencyMs: 10 } as never });
    const keyHex = crypto.randomBytes(32).toString('hex');
    const box = new SecretBox(Buffer.from(keyHex, 'hex'));
    const children: ChildProcess[] = [];
    try {
      const db = tdb.db;
      const ws = (await db.query<{ id: string }>(`INSERT INTO workspaces (name) VALUES ('Scale') RETURNING id`)).rows[0]!.id;
      const parentSegmentId = (await db.query<{ id: string }>(`INSERT INTO parent_segments (name) VALUES ('P') RETURNING id`)).rows[0]!.id;
      await addProfiles(db, parentSegmentId, 20_000);
      // two LINE accounts, so each worker can hold one lease; push on one, multicast on the other
      const a1 = await addAccount(db, box, ws, { apiBaseUrl: emu.url, token: 'scale-token-1', pushPerSecond: 2000 });
      const a2 = await addAccount(db, box, ws, { apiBaseUrl: emu.url, token: 'scale-token-2', multicastPerSecond: 20 });
      const env = {
        ...process.env,
        DATABASE_URL: tdb.url!,
        LINECAST_SECRET_KEY: keyHex,
        LINECAST_LEASE_TTL_MS: '2000',
        LINECAST_DISPATCH_POLL_MS: '100',
        LOG_LEVEL: 'warn',
      };
      for (let i = 0; i < 2; i++)
        children.push(spawn(process.execPath, ['bin/linecast.js', 'worker'], { cwd: root, env, stdio: 'ignore' }));
      const w = { box, ws, parentSegmentId };
      const push = await launched(db, { ...w, accountId: a1 }, { sendMode: 'push', recipientCap: 4_000 });
      const multi = await launched(db, { ...w, accountId: a2 }, { sendMode: 'multicast' });
      await waitState(db, push.campaignId, ['Finished'], 120_000);
      await waitState(db, multi.campaignId, ['Finished'], 120_000);
      assert.equal((await statusCounts(db, push.campaignId)).accepted, 4_000);
      assert.equal((await statusCounts(db, multi.campaignId)).accepted, 20_000);
      const s = await emuStats(emu.url);
      assert.equal(s.recipientDeliveries, 24_000);
      // the same users got both campaigns (from two accounts): per user at most one delivery per campaign
      assert.equal(s.distinctUsers, 20_000);
      assert.equal(s.usersWithMultipleDeliveries, 4_000, 'exactly the 4,000 users in both campaigns got two deliveries');
    } finally {
      for (const c of children) c.kill('SIGTERM');
      await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
      await emu.close();
      await tdb.close();
    }
  },
);
