import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';
import { deleteLineAccount } from '../../src/admin/line-accounts.ts';
import { snapshotCampaign } from '../../src/delivery/snapshot.ts';
import { startDeliveryEngine, type DeliveryEngine } from '../../src/delivery/service.ts';
import { enginePorts } from '../../src/runtime/context.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { SecretBox } from '../../src/security/secret-box.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { captureLog } from '../helpers/log.ts';
import { addAccount, addProfiles, campaign, statusCounts, world, type World } from './fixture.ts';
import { launched, stateOf, waitFor, waitState } from './helpers.ts';

// Failures in the delivery engine's loops: each is logged with its campaign and LINE account, none is retried in a
// tight loop, and the campaign says why it is not delivering. Backoffs are set to an hour, so "retried once" holds
// over any number of engine polls (the test's clock) and cannot depend on how fast this machine is.
const HOUR = { baseMs: 3_600_000, capMs: 3_600_000, random: () => 1 };

let tdb: TestDb;
let emu: RunningEmulator;
let w: World;

before(async () => {
  tdb = await testDb();
  emu = await startEmulator({ port: 0 });
  w = await world(tdb.db, { apiBaseUrl: emu.url });
  await addProfiles(tdb.db, w.parentSegmentId, 600);
});
after(async () => {
  await emu.close();
  await tdb.close();
});

function engineWithLog(): { engine: DeliveryEngine; cap: ReturnType<typeof captureLog> } {
  const cap = captureLog();
  const engine = startDeliveryEngine(tdb.db, enginePorts(w.box), {
    pollMs: 20,
    idleStopMs: 300,
    leaseTtlMs: 3_000,
    log: cap.log,
    campaignBackoff: HOUR,
    accountBackoff: HOUR,
  });
  return { engine, cap };
}

const pollsPast = (engine: DeliveryEngine, n: number) => {
  const target = engine.polls + n;
  return waitFor(async () => engine.polls >= target, 60_000, `${n} more engine polls`);
};

test("a campaign whose revision cannot be read is set aside with a backoff and a reason; the account's other campaign delivers", async () => {
  const good = await launched(tdb.db, w, { sendMode: 'multicast' });
  const bad = await campaign(tdb.db, w, { sendMode: 'multicast' });
  await tdb.db.tx((q) => snapshotCampaign(q, bad));
  // a revision written by a broken release: it does not read as a revision any more
  await tdb.db.query(`UPDATE campaign_revisions SET content = '{"messages": "not a list"}' WHERE id = $1`, [bad.revisionId]);
  const { engine, cap } = engineWithLog();
  try {
    await waitState(tdb.db, good.campaignId, ['Finished'], 60_000);
    assert.equal((await statusCounts(tdb.db, good.campaignId)).accepted, 600);
    await pollsPast(engine, 20);
    const s = await stateOf(tdb.db, bad.campaignId);
    assert.equal(s.state, 'Active');
    assert.match(s.reason ?? '', /^delivery_retrying: the campaign's frozen revision \d+ cannot be read/);
    const logged = cap.find(/cannot be prepared/);
    assert.equal(logged.length, 1, 'tried once, then waits out its backoff');
    assert.equal(logged[0]!.campaignId, bad.campaignId);
    assert.equal(logged[0]!.lineAccountId, w.accountId);
    assert.equal(logged[0]!.retryInMs, HOUR.capMs);
    assert.ok(logged[0]!.level >= 50, 'logged as an error');
  } finally {
    await engine.stop();
    await tdb.db.query(`UPDATE campaigns SET state = 'Suspended' WHERE id = $1`, [bad.campaignId]);
  }
});

test('an account whose dispatcher keeps failing is restarted after a backoff, logged with its campaigns, and they say why', async () => {
  const accountId = await addAccount(tdb.db, w.box, w.ws, { apiBaseUrl: emu.url });
  const c = await launched(tdb.db, { ...w, accountId }, { sendMode: 'multicast' });
  // its token was sealed with another key (LINECAST_SECRET_KEY changed): it cannot be read
  const other = new SecretBox(crypto.randomBytes(32));
  await tdb.db.query('UPDATE line_accounts SET channel_access_token_enc = $2 WHERE id = $1', [accountId, other.seal('x')]);
  const { engine, cap } = engineWithLog();
  try {
    await waitFor(async () => cap.find(/dispatcher stopped on an error/).length > 0, 60_000, 'the failure in the log');
    await pollsPast(engine, 20);
    const logged = cap.find(/dispatcher stopped on an error/);
    assert.equal(logged.length, 1, 'one start, then the backoff');
    assert.equal(logged[0]!.lineAccountId, accountId);
    assert.equal(logged[0]!.retryInMs, HOUR.capMs);
    const s = await stateOf(tdb.db, c.campaignId);
    assert.equal(s.state, 'Active');
    assert.match(s.reason ?? '', /^delivery_retrying: /);
  } finally {
    await engine.stop();
    await tdb.db.query(`UPDATE campaigns SET state = 'Suspended' WHERE id = $1`, [c.campaignId]);
  }
});

test('a LINE account deleted under an Active campaign suspends it (line_account_deleted) instead of spinning silently', async () => {
  const accountId = await addAccount(tdb.db, w.box, w.ws, { apiBaseUrl: emu.url });
  const c = await launched(tdb.db, { ...w, accountId }, { sendMode: 'multicast' });
  await deleteLineAccount(tdb.db, accountId);
  const { engine, cap } = engineWithLog();
  try {
    const s = await waitState(tdb.db, c.campaignId, ['Suspended'], 60_000);
    assert.equal(s.reason, 'line_account_deleted');
    const logged = cap.find(/LINE account deleted/);
    assert.equal(logged.length, 1);
    assert.equal(logged[0]!.lineAccountId, accountId);
    assert.deepEqual(logged[0]!.campaignIds, [c.campaignId]);
  } finally {
    await engine.stop();
  }
});
