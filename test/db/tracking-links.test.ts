import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ClickRecorder } from '../../src/tracking/click-recorder.ts';
import { createLinkRewriter, TrackingConflictError } from '../../src/tracking/rewriter.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let campaignId: string;
const BASE = 'https://go.example';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

async function newCampaign(tracking = true): Promise<string> {
  const r = await t.ctx.db.query<{ id: string }>(
    'INSERT INTO campaigns (workspace_id, name, tracking_enabled) VALUES ($1, $2, $3) RETURNING id',
    [t.workspaceId, 'c', tracking],
  );
  return r.rows[0]!.id;
}
const tokenOf = (u: string) => u.slice(`${BASE}/c/`.length);
const recorder = () => t.ctx.services.clickRecorder as ClickRecorder;

before(async () => {
  t = await testApp();
  campaignId = await newCampaign();
});
after(async () => t.close());

test('per-campaign rewriter: one token per URL, redirect answers 302 to the stored destination', async () => {
  const rw = await createLinkRewriter(t.ctx.db, { campaignId, publicBaseUrl: BASE, perRecipient: false, enabled: true });
  const dest = 'https://shop.example/sale?utm_source=line&utm_medium=social';
  const a = rw(dest);
  const b = rw(dest, { deliveryId: 7 });
  assert.equal(a, b);
  assert.match(a, /^https:\/\/go\.example\/c\/[0-9A-Za-z]{11}$/);
  assert.equal(rw('tel:0312345678'), 'tel:0312345678');
  assert.equal(rw('line://ti/p/@x'), 'line://ti/p/@x');

  // Not written yet: the link must not work before flush.
  assert.equal((await t.app.inject({ url: `/c/${tokenOf(a)}` })).statusCode, 404);
  assert.equal(rw.pending, 2);
  await rw.flush();
  assert.equal(rw.pending, 0);
  const res = await t.app.inject({ url: `/c/${tokenOf(a)}`, headers: { 'user-agent': CHROME } });
  assert.equal(res.statusCode, 302);
  assert.equal(res.headers.location, dest);

  // A second rewriter for the same campaign (another process, a restart) reuses the written token.
  const rw2 = await createLinkRewriter(t.ctx.db, { campaignId, publicBaseUrl: BASE, perRecipient: false, enabled: true });
  assert.equal(rw2(dest), a);
  assert.equal(rw2.pending, 0);
});

test('per-recipient rewriter: a token per delivery and link, recorded with the delivery', async () => {
  const c = await newCampaign();
  const rw = await createLinkRewriter(t.ctx.db, { campaignId: c, publicBaseUrl: BASE, perRecipient: true, enabled: true });
  const u1 = 'https://a.example/1';
  const u2 = 'https://a.example/2';
  const t11 = rw(u1, { deliveryId: 1 });
  assert.equal(rw(u1, { deliveryId: 1 }), t11, 'the same URL twice in one message keeps one token');
  const t12 = rw(u2, { deliveryId: 1 });
  const t21 = rw(u1, { deliveryId: 2 });
  assert.equal(new Set([t11, t12, t21]).size, 3);
  assert.ok(tokenOf(t11).length <= 22, tokenOf(t11));
  assert.equal(rw.pending, 2, 'two new links; per-recipient tokens are signed, not stored');
  assert.equal((await t.app.inject({ url: `/c/${tokenOf(t11)}` })).statusCode, 404, 'the link is not written yet');
  await rw.flush();
  await rw.flush(); // nothing pending: a no-op
  const stored = await t.ctx.db.query('SELECT 1 FROM link_tokens WHERE campaign_id = $1', [c]);
  assert.equal(stored.rows.length, 0);

  for (const [u, ua] of [
    [t11, CHROME],
    [t11, CHROME],
    [t21, 'facebookexternalhit/1.1;line-poker/1.0'],
  ] as const) {
    const res = await t.app.inject({ url: `/c/${tokenOf(u)}`, headers: { 'user-agent': ua } });
    assert.equal(res.statusCode, 302);
  }
  await recorder().flush();
  const clicks = await t.ctx.db.query<{ delivery_id: number; is_bot: boolean; user_agent: string }>(
    'SELECT delivery_id, is_bot, user_agent FROM clicks WHERE campaign_id = $1 ORDER BY delivery_id, id',
    [c],
  );
  assert.deepEqual(
    clicks.rows.map((r) => [Number(r.delivery_id), r.is_bot]),
    [
      [1, false],
      [1, false],
      [2, true],
    ],
  );
  assert.equal(clicks.rows[0]!.user_agent, CHROME);
  const minutes = await t.ctx.db.query<{ n: number }>('SELECT sum(clicks)::int AS n FROM click_minutes WHERE campaign_id = $1', [c]);
  assert.equal(minutes.rows[0]!.n, 2, 'bots are not counted');
  const clickers = await t.ctx.db.query<{ delivery_id: number }>('SELECT delivery_id FROM link_clickers WHERE campaign_id = $1', [c]);
  assert.deepEqual(
    clickers.rows.map((r) => Number(r.delivery_id)),
    [1],
  );
});

test('deleting a campaign deletes its clicks and clickers (no foreign key on the click tables: a trigger does it)', async () => {
  const c = await newCampaign();
  const rw = await createLinkRewriter(t.ctx.db, { campaignId: c, publicBaseUrl: BASE, perRecipient: true, enabled: true });
  const u = rw('https://a.example/gone', { deliveryId: 7 });
  await rw.flush();
  assert.equal((await t.app.inject({ url: `/c/${tokenOf(u)}`, headers: { 'user-agent': CHROME } })).statusCode, 302);
  await recorder().flush();
  const count = async (table: string) =>
    (await t.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE campaign_id = $1`, [c])).rows[0]!.n;
  assert.deepEqual([await count('clicks'), await count('link_clickers')], [1, 1]);
  await t.ctx.db.query('DELETE FROM campaigns WHERE id = $1', [c]);
  assert.deepEqual([await count('clicks'), await count('link_clickers')], [0, 0]);
});

test('a click buffered for a campaign deleted before the write is dropped; the rest of the batch is written', async () => {
  const gone = await newCampaign();
  const kept = await newCampaign();
  // a recorder of its own that writes only when told, so the delete surely comes between record and write
  const own = new ClickRecorder(t.ctx.db, t.ctx.campaignLookup, { intervalMs: 3_600_000, batchSize: 1_000 });
  for (const c of [gone, kept]) {
    const rw = await createLinkRewriter(t.ctx.db, { campaignId: c, publicBaseUrl: BASE, perRecipient: true, enabled: true });
    const token = tokenOf(rw('https://d.example/', { deliveryId: 3 }));
    await rw.flush();
    own.record({ campaignId: c, linkId: 'l', deliveryId: '3', isTest: false, url: 'https://d.example/' }, token, CHROME);
  }
  await t.ctx.db.query('DELETE FROM campaigns WHERE id = $1', [gone]);
  await own.close();
  assert.equal(own.buffered, 0, 'the batch was written, not handed back after a failure');
  const count = async (table: string, c: string) =>
    (await t.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE campaign_id = $1`, [c])).rows[0]!.n;
  for (const table of ['clicks', 'click_minutes', 'link_clickers']) {
    assert.equal(await count(table, gone), 0, `${table} of the deleted campaign`);
    assert.equal(await count(table, kept), 1, `${table} of the other campaign`);
  }
});

test('HEAD requests redirect but count as bots', async () => {
  const c = await newCampaign();
  const rw = await createLinkRewriter(t.ctx.db, { campaignId: c, publicBaseUrl: BASE, perRecipient: false, enabled: true });
  const u = rw('https://h.example/');
  await rw.flush();
  const res = await t.app.inject({ method: 'HEAD', url: `/c/${tokenOf(u)}`, headers: { 'user-agent': CHROME } });
  assert.equal(res.statusCode, 302);
  await recorder().flush();
  const r = await t.ctx.db.query<{ is_bot: boolean }>('SELECT is_bot FROM clicks WHERE campaign_id = $1', [c]);
  assert.deepEqual(
    r.rows.map((x) => x.is_bot),
    [true],
  );
});

test('unknown, malformed and hostile tokens answer 404 and never redirect', async () => {
  for (const path of [
    '/c/AAAAAAAAAAA',
    '/c/short',
    '/c/..%2f..%2fetc',
    '/c/https%3A%2F%2Fevil.example',
    '/c/AAAAAAAAAAA?url=https://evil.example',
  ]) {
    const res = await t.app.inject({ url: path });
    assert.equal(res.statusCode, 404, path);
    assert.equal(res.headers.location, undefined);
  }
});

test('tracking switched off: URLs come back unchanged and nothing is written', async () => {
  const c = await newCampaign(false);
  const rw = await createLinkRewriter(t.ctx.db, { campaignId: c, publicBaseUrl: BASE, perRecipient: true, enabled: false });
  assert.equal(rw.enabled, false);
  assert.equal(rw('https://x.example/', { deliveryId: 1 }), 'https://x.example/');
  await rw.flush();
  const r = await t.ctx.db.query('SELECT 1 FROM link_tokens WHERE campaign_id = $1', [c]);
  assert.equal(r.rows.length, 0);
  // The revision's frozen flag wins over the current column.
  const on = await createLinkRewriter(t.ctx.db, { campaignId: c, publicBaseUrl: BASE, perRecipient: true, enabled: true });
  assert.notEqual(on('https://x.example/', { deliveryId: 1 }), 'https://x.example/');
});

test("signed tokens: a changed character, another campaign's key or a test token never count as someone else", async () => {
  const c = await newCampaign();
  const rw = await createLinkRewriter(t.ctx.db, { campaignId: c, publicBaseUrl: BASE, perRecipient: true, enabled: true });
  const tok = tokenOf(rw('https://s.example/', { deliveryId: 12345678901 }));
  await rw.flush();
  const ok = await t.app.inject({ url: `/c/${tok}`, headers: { 'user-agent': CHROME } });
  assert.equal(ok.statusCode, 302);
  assert.equal(ok.headers.location, 'https://s.example/');
  for (let i = 0; i < tok.length; i++) {
    const ch = tok[i] === 'A' ? 'B' : 'A';
    const forged = tok.slice(0, i) + ch + tok.slice(i + 1);
    assert.equal((await t.app.inject({ url: `/c/${forged}` })).statusCode, 404, forged);
  }
  const testRw = await createLinkRewriter(t.ctx.db, {
    campaignId: c,
    publicBaseUrl: BASE,
    perRecipient: true,
    enabled: true,
    isTest: true,
  });
  const testTok = tokenOf(testRw('https://s.example/', { deliveryId: 1 }));
  await testRw.flush();
  assert.equal((await t.app.inject({ url: `/c/${testTok}`, headers: { 'user-agent': CHROME } })).statusCode, 302);
  await recorder().flush();
  const r = await t.ctx.db.query<{ delivery_id: number; is_test: boolean }>(
    'SELECT delivery_id, is_test FROM clicks WHERE campaign_id = $1 ORDER BY is_test',
    [c],
  );
  assert.deepEqual(
    r.rows.map((x) => [Number(x.delivery_id), x.is_test]),
    [
      [12345678901, false],
      [1, true],
    ],
  );
  const m = await t.ctx.db.query<{ n: number }>('SELECT sum(clicks)::int AS n FROM click_minutes WHERE campaign_id = $1', [c]);
  assert.equal(m.rows[0]!.n, 1, 'test clicks are not counted');
});

test('links registered differently by another process at the same time: flush reports a conflict and reloads', async () => {
  const c = await newCampaign();
  const a = await createLinkRewriter(t.ctx.db, { campaignId: c, publicBaseUrl: BASE, perRecipient: true, enabled: true });
  const b = await createLinkRewriter(t.ctx.db, { campaignId: c, publicBaseUrl: BASE, perRecipient: true, enabled: true });
  a('https://one.example/', { deliveryId: 1 });
  b('https://two.example/', { deliveryId: 2 }); // same position 0, another URL
  await a.flush();
  await assert.rejects(b.flush(), TrackingConflictError);
  // Render again with the same rewriter: now consistent with what is stored.
  const again = tokenOf(b('https://two.example/', { deliveryId: 2 }));
  await b.flush();
  const res = await t.app.inject({ url: `/c/${again}` });
  assert.equal(res.headers.location, 'https://two.example/');
  const one = tokenOf(b('https://one.example/', { deliveryId: 3 }));
  assert.equal(b.pending, 0);
  assert.equal((await t.app.inject({ url: `/c/${one}` })).headers.location, 'https://one.example/');
});

test('a per-campaign token that is already taken by another link is a conflict', async () => {
  const c = await newCampaign();
  const rw = await createLinkRewriter(t.ctx.db, { campaignId: c, publicBaseUrl: BASE, perRecipient: false, enabled: true });
  const w = rw('https://collide.example/');
  await t.ctx.db.query(`INSERT INTO link_tokens (token, campaign_id, link_id) VALUES ($1, $2, 'other')`, [tokenOf(w), campaignId]);
  await assert.rejects(rw.flush(), TrackingConflictError);
  const w2 = rw('https://collide.example/');
  assert.notEqual(w2, w);
  await rw.flush();
  assert.equal((await t.app.inject({ url: `/c/${tokenOf(w2)}` })).headers.location, 'https://collide.example/');
});
