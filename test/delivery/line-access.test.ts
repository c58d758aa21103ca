import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { createLineAccount } from '../../src/admin/line-accounts.ts';
import { transition } from '../../src/campaigns/transitions.ts';
import { onCampaignResumed } from '../../src/delivery/index.ts';
import { startDeliveryEngine, type DeliveryEngine } from '../../src/delivery/service.ts';
import { enginePorts } from '../../src/runtime/context.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { listener } from '../helpers/listener.ts';
import { addProfiles, statusCounts, world, type World } from './fixture.ts';
import { emuConfig, emuStats, launched, waitState } from './helpers.ts';

// The emulator knows one channel: a stateless account issues its tokens with these.
const CHANNEL = { channelId: '1656000001', channelSecret: 'stateless-channel-secret-01' };
// Short enough for a campaign to outlive several tokens, long enough that a loaded machine's event-loop lag
// (seconds, with other suites running) does not outlast a freshly issued token.
const TTL_SECONDS = 6;

let tdb: TestDb;
let emu: RunningEmulator;
let trap: Awaited<ReturnType<typeof listener>>;
let w: World;
let engine: DeliveryEngine;

before(async () => {
  tdb = await testDb();
  // tokens: [] — no long-lived token is accepted, only the stateless ones the emulator issues
  emu = await startEmulator({ port: 0, ...CHANNEL, tokens: [], statelessTokenTtlSeconds: TTL_SECONDS });
  trap = await listener();
  w = await world(tdb.db, { apiBaseUrl: emu.url });
  await addProfiles(tdb.db, w.parentSegmentId, 600);
  engine = startDeliveryEngine(tdb.db, enginePorts(w.box), { pollMs: 50, idleStopMs: 500, leaseTtlMs: 3_000 });
});
after(async () => {
  await engine.stop();
  await emu.close();
  await trap.close();
  await tdb.close();
});
beforeEach(async () => {
  await fetch(emu.url + '/_emulator/reset', { method: 'POST' });
  trap.requests.length = 0;
});

const resume = (campaignId: string) =>
  tdb.db.tx(async (q) => {
    await transition(q, campaignId, 'resume', { actor: 'test' });
    await onCampaignResumed(q, campaignId);
  });

async function statelessAccount(o: { channelSecret?: string; pushPerSecond?: number } = {}): Promise<string> {
  const a = await createLineAccount(tdb.db, w.box, {
    name: 'Stateless OA',
    ...CHANNEL,
    ...(o.channelSecret ? { channelSecret: o.channelSecret } : {}),
    tokenMode: 'stateless',
    apiBaseUrl: emu.url,
    isEmulator: true,
    pushPerSecond: o.pushPerSecond ?? 2000,
    multicastPerSecond: 200,
    workspaceIds: [w.ws],
  });
  return a.id;
}

test('an account stored pointing at a host that may not receive its token: the campaign is suspended (line_host_not_allowed), nothing is sent; fixed and resumed, it finishes', async () => {
  const accountId = await statelessAccount();
  const c = await launched(tdb.db, { ...w, accountId }, { sendMode: 'multicast', recipientCap: 50 });
  // as an earlier version (or an edit in the database) would have left it: a listener, and no emulator mark
  await tdb.db.query('UPDATE line_accounts SET api_base_url = $2, is_emulator = false WHERE id = $1', [accountId, trap.url]);
  const s = await waitState(tdb.db, c.campaignId, ['Suspended', 'Finished']);
  assert.deepEqual(s, { state: 'Suspended', reason: 'line_host_not_allowed' });
  assert.equal(trap.requests.length, 0, 'neither the channel secret nor a token reached the listener');
  await tdb.db.query('UPDATE line_accounts SET api_base_url = $2, is_emulator = true WHERE id = $1', [accountId, emu.url]);
  await resume(c.campaignId);
  await waitState(tdb.db, c.campaignId, ['Finished']);
  assert.equal((await statusCounts(tdb.db, c.campaignId)).accepted, 50);
  assert.equal((await emuStats(emu.url)).recipientDeliveries, 50);
});

test('stateless tokens: a push campaign runs across several token expiries, every recipient once, tokens renewed (not one per request), never suspended', async (t) => {
  // 600 pushes at 60/s take at least 10 s: no 6-second token can serve them all
  const accountId = await statelessAccount({ pushPerSecond: 60 });
  const c = await launched(tdb.db, { ...w, accountId }, { sendMode: 'push' });
  const s = await waitState(tdb.db, c.campaignId, ['Finished', 'Suspended'], 120_000);
  const stats = await emuStats(emu.url);
  const why = await tdb.db.query('SELECT last_status, count(*)::int AS n FROM delivery_requests WHERE campaign_id = $1 GROUP BY 1', [
    c.campaignId,
  ]);
  assert.equal(s.state, 'Finished', JSON.stringify({ s, why: why.rows, perEndpoint: stats.perEndpoint }));
  assert.deepEqual(await statusCounts(tdb.db, c.campaignId), { accepted: 600 });
  assert.equal(stats.recipientDeliveries, 600);
  assert.equal(stats.usersWithMultipleDeliveries, 0);
  const issued = (stats.perEndpoint as Record<string, { accepted: number }>).token!.accepted;
  assert.ok(issued >= 2, `renewed at least once (${issued} issued)`);
  assert.ok(issued <= 30, `reused, not issued per request (${issued} issued for 600 requests)`);
  t.diagnostic(
    `${issued} stateless tokens issued for 600 push requests; ${(stats.perEndpoint as Record<string, { clientError: number }>).push!.clientError} push 401s`,
  );
  // the cached token is sealed in the database, never stored in clear
  const row = await tdb.db.query<{ token_enc: string }>('SELECT token_enc FROM line_issued_tokens WHERE line_account_id = $1', [accountId]);
  assert.match(row.rows[0]!.token_enc, /^v1:/);
});

test('stateless tokens with a wrong channel secret: suspended as sender_unauthorized, the token endpoint asked a handful of times, not per request', async () => {
  const accountId = await statelessAccount({ channelSecret: 'not-the-channel-secret' });
  const c = await launched(tdb.db, { ...w, accountId }, { sendMode: 'push', recipientCap: 200 });
  const s = await waitState(tdb.db, c.campaignId, ['Suspended', 'Finished']);
  assert.deepEqual(s, { state: 'Suspended', reason: 'sender_unauthorized' });
  const stats = await emuStats(emu.url);
  const token = (stats.perEndpoint as Record<string, { clientError: number; accepted: number }>).token!;
  // (tokens accepted may come from another test's account still renewing in the background; refusals only from this one)
  assert.ok(token.clientError >= 1 && token.clientError <= 10, `${token.clientError} refused issues`);
  assert.equal(stats.recipientDeliveries, 0);
});

test('a stateless token that expires while a request is in flight: the 401 renews it once and the send goes through', async () => {
  const accountId = await statelessAccount();
  // the shared cache claims a token valid for an hour that LINE (the emulator) already considers expired
  const { mintStatelessToken } = await import('../../src/emulator/oauth.ts');
  const stale = mintStatelessToken(CHANNEL.channelId, Date.now() - 1_000);
  const { createHash } = await import('node:crypto');
  const key = createHash('sha256').update(`${emu.url}\n${CHANNEL.channelId}\n${CHANNEL.channelSecret}`).digest('hex');
  await tdb.db.query(
    `INSERT INTO line_issued_tokens (line_account_id, cred_key, token_enc, generation, issued_at, renew_at, expires_at)
     VALUES ($1, $2, $3, 1, now(), now() + interval '50 minutes', now() + interval '1 hour')`,
    [accountId, key, w.box.seal(stale)],
  );
  const c = await launched(tdb.db, { ...w, accountId }, { sendMode: 'multicast', recipientCap: 40 });
  const s = await waitState(tdb.db, c.campaignId, ['Finished', 'Suspended']);
  assert.equal(s.state, 'Finished', JSON.stringify(s));
  const stats = await emuStats(emu.url);
  const per = stats.perEndpoint as Record<string, { accepted: number; clientError: number }>;
  assert.equal(per.multicast!.clientError, 1, 'one 401 with the expired token');
  assert.equal(per.token!.accepted, 1, 'one renewal');
  assert.equal(stats.recipientDeliveries, 40);
});

test("the dispatcher's rates come from lineClientFor: never above LINE's limits for an account that is not an emulator account", async () => {
  const { lineClientFor } = await import('../../src/admin/line-access.ts');
  const a = await createLineAccount(tdb.db, w.box, {
    name: 'Fast',
    channelId: '1',
    channelSecret: 'secret-0000001',
    channelAccessToken: 'token-0000001',
    apiBaseUrl: 'https://api.line.me',
    pushPerSecond: 2000,
    multicastPerSecond: 200,
    workspaceIds: [],
  });
  // stored above the caps before the rule existed
  await tdb.db.query('UPDATE line_accounts SET push_per_second = 10000, multicast_per_second = 1000 WHERE id = $1', [a.id]);
  const access = await lineClientFor(tdb.db, w.box, a.id);
  assert.ok(access.ok);
  assert.deepEqual({ push: access.pushPerSecond, multicast: access.multicastPerSecond }, { push: 2000, multicast: 200 });
  await access.client.close();
  await tdb.db.query('UPDATE line_accounts SET is_emulator = true WHERE id = $1', [a.id]);
  const emuAccess = await lineClientFor(tdb.db, w.box, a.id);
  assert.ok(emuAccess.ok);
  assert.deepEqual({ push: emuAccess.pushPerSecond, multicast: emuAccess.multicastPerSecond }, { push: 10000, multicast: 1000 });
  await emuAccess.client.close();
});

test('emulator config can be changed at run time to refuse issuing (a rotated secret at LINE): the failure is classified unauthorized', async () => {
  const accountId = await statelessAccount();
  await emuConfig(emu.url, { channelSecret: 'rotated-at-line' });
  try {
    const { lineClientFor } = await import('../../src/admin/line-access.ts');
    const access = await lineClientFor(tdb.db, w.box, accountId);
    assert.ok(access.ok);
    const r = await access.client.botInfo();
    await access.client.close();
    assert.equal(r.kind, 'unauthorized');
    assert.equal(r.status, 400);
    assert.match(r.error ?? '', /invalid_client/);
    assert.ok(!(r.error ?? '').includes(CHANNEL.channelSecret));
  } finally {
    await emuConfig(emu.url, { channelSecret: CHANNEL.channelSecret });
  }
});
