import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startDueCampaigns } from '../../src/campaigns/scheduler.ts';
import { captureLog } from '../helpers/log.ts';
import { campaignFixture, type Fixture } from './fixture.ts';

// A scheduled campaign whose start fails (here the database refuses its revision, as a full disk would) stays
// Planned, says why in its state reason, is retried with an exponential backoff, and does not hold up the campaigns
// due after it. The "clock" is the test moving the campaign's next try into the past: no wall-time assertion.
const backoff = { baseMs: 60_000, capMs: 3_600_000, random: () => 1 };

let f: Fixture;
before(async () => {
  f = await campaignFixture(3);
});
after(async () => {
  await f.close();
});

async function makeDue(id: string, secondsAgo: number): Promise<void> {
  await f.t.ctx.db.query(
    `UPDATE campaigns SET state = 'Planned', schedule = $2, scheduled_at = now() - make_interval(secs => $3) WHERE id = $1`,
    [id, JSON.stringify({ mode: 'scheduled', at: '2099-01-01T00:00', timeZone: 'UTC' }), secondsAgo],
  );
}

test('a campaign whose start keeps failing stays Planned with start_failed, backs off, logs its ids, and does not block others', async () => {
  const db = f.t.ctx.db;
  const senderFor = f.t.ctx.senderFor;
  const bad = await f.readyCampaign('unstartable');
  const good = await f.readyCampaign('fine');
  await makeDue(bad, 60); // first in line
  await makeDue(good, 30);
  await db.query(
    `CREATE FUNCTION refuse_revision() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device'; END $$`,
  );
  await db.query(
    `CREATE TRIGGER refuse_revision BEFORE INSERT ON campaign_revisions FOR EACH ROW WHEN (NEW.campaign_id = '${bad}'::uuid) EXECUTE FUNCTION refuse_revision()`,
  );
  const cap = captureLog();
  const opts = { log: cap.log, backoff };
  const failures = async () => (await db.query<{ n: number }>('SELECT start_failures AS n FROM campaigns WHERE id = $1', [bad])).rows[0]!.n;

  const first = await startDueCampaigns(db, senderFor, 100, opts);
  assert.deepEqual(
    first.map((o) => [o.campaignId, o.outcome, o.failures ?? null, o.retryInMs ?? null]),
    [
      [bad, 'start_failed', 1, 60_000],
      [good, 'started', null, null],
    ],
  );
  // the next rounds leave it alone until its backoff runs out
  for (let i = 0; i < 5; i++) assert.deepEqual(await startDueCampaigns(db, senderFor, 100, opts), []);
  assert.equal(await failures(), 1);

  const shown = await f.req('GET', `/api/v1/workspaces/${f.ws}/campaigns/${bad}`);
  assert.equal(shown.json.state, 'Planned');
  assert.equal(shown.json.stateReason, 'start_failed: could not extend file: No space left on device');

  // each time its next try comes, it fails again and waits twice as long
  const delays: number[] = [];
  for (let i = 0; i < 3; i++) {
    await db.query(`UPDATE campaigns SET start_retry_at = now() - interval '1 second' WHERE id = $1`, [bad]);
    const [o] = await startDueCampaigns(db, senderFor, 100, opts);
    assert.equal(o?.outcome, 'start_failed');
    delays.push(o!.retryInMs!);
  }
  assert.deepEqual(delays, [120_000, 240_000, 480_000]);
  assert.equal(await failures(), 4);

  const logged = cap.find(/could not start/);
  assert.equal(logged.length, 4, 'one log line per attempt, none between');
  for (const l of logged) {
    assert.equal(l.campaignId, bad);
    assert.equal(l.lineAccountId, f.accountId);
    assert.ok(l.level >= 50);
    assert.match(JSON.stringify(l.err), /No space left on device/);
  }

  // the cause goes away: the next try starts it and the reason is gone
  await db.query('DROP TRIGGER refuse_revision ON campaign_revisions');
  await db.query(`UPDATE campaigns SET start_retry_at = now() - interval '1 second' WHERE id = $1`, [bad]);
  assert.deepEqual(
    (await startDueCampaigns(db, senderFor, 100, opts)).map((o) => o.outcome),
    ['started'],
  );
  const now = await f.req('GET', `/api/v1/workspaces/${f.ws}/campaigns/${bad}`);
  assert.equal(now.json.state, 'Active');
  assert.equal(now.json.stateReason, null);
});
