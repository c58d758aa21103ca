import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { campaignFixture, type Fixture } from './fixture.ts';

let f: Fixture;
before(async () => {
  f = await campaignFixture();
});
after(() => f.close());

test('a new campaign is a Draft with the UTM and activation defaults filled in', async () => {
  const r = await f.req('POST', 'campaigns', { name: 'Welcome', type: 'line' });
  assert.equal(r.status, 201, r.body);
  const c = r.json;
  assert.equal(c.state, 'Draft');
  assert.equal(c.type, 'line');
  assert.deepEqual(c.utm, { source: 'line', medium: 'social', campaign: '', extra: {} });
  assert.deepEqual(c.activation, { maxAttempts: 6, backoffBaseMs: 1000, backoffCapMs: 300000 });
  assert.deepEqual(c.schedule, { mode: 'immediate', at: null, timeZone: 'UTC' });
  assert.deepEqual(c.content, { lineAccountId: null, messages: [] });
  assert.deepEqual(c.audience, { parentSegmentId: null, segmentId: null });
  assert.equal(c.sendMode, 'multicast');
  assert.deepEqual(c.history, []);
  const bad = await f.req('POST', 'campaigns', { name: '  ', type: 'line' });
  assert.equal(bad.status, 400);
  const sms = await f.req('POST', 'campaigns', { name: 'x', type: 'sms' });
  assert.equal(sms.status, 400);
});

test('PATCH merges each tab; reorder is a PATCH of the messages in the new order', async () => {
  const id = (await f.req('POST', 'campaigns', { name: 'Tabs' })).json.id;
  const a = { type: 'text', text: 'first' };
  const b = { type: 'text', text: 'second' };
  let r = await f.req('PATCH', `campaigns/${id}`, {
    content: { lineAccountId: f.accountId, messages: [a, b] },
    utm: { campaign: '{{campaign.id}}', extra: { utm_content: 'hero' } },
    activation: { maxAttempts: 3 },
    schedule: { mode: 'scheduled', at: '2099-01-01T09:00', timeZone: 'Asia/Tokyo' },
    recipientCap: 100,
    trackingEnabled: false,
    aggregationUnit: 'spring_2099',
    deliverySpeed: { mode: 'staged', durationMinutes: 60 },
  });
  assert.equal(r.status, 200, r.body);
  assert.deepEqual(r.json.utm, { source: 'line', medium: 'social', campaign: '{{campaign.id}}', extra: { utm_content: 'hero' } });
  assert.deepEqual(r.json.activation, { maxAttempts: 3, backoffBaseMs: 1000, backoffCapMs: 300000 });
  assert.equal(r.json.recipientCap, 100);
  assert.equal(r.json.trackingEnabled, false);
  assert.equal(r.json.aggregationUnit, 'spring_2099');
  assert.deepEqual(r.json.deliverySpeed, { mode: 'staged', durationMinutes: 60 });
  r = await f.req('PATCH', `campaigns/${id}`, { content: { messages: [b, a] } });
  assert.deepEqual(
    r.json.content.messages.map((m: { text: string }) => m.text),
    ['second', 'first'],
  );
  assert.equal(r.json.content.lineAccountId, f.accountId, 'a partial tab keeps the fields it does not name');
  r = await f.req('PATCH', `campaigns/${id}`, { recipientCap: null, audience: { parentSegmentId: f.parentSegmentId } });
  assert.equal(r.json.recipientCap, null);
  assert.equal(r.json.audience.parentSegmentId, f.parentSegmentId);
  r = await f.req('PATCH', `campaigns/${id}`, {
    utm: { source: 'newsletter' },
    schedule: { timeZone: 'Europe/Paris' },
    activation: { backoffBaseMs: 2000 },
  });
  assert.deepEqual(
    r.json.utm,
    { source: 'newsletter', medium: 'social', campaign: '{{campaign.id}}', extra: { utm_content: 'hero' } },
    'one field changes, its siblings stay',
  );
  assert.deepEqual(r.json.schedule, { mode: 'scheduled', at: '2099-01-01T09:00', timeZone: 'Europe/Paris' });
  assert.deepEqual(r.json.activation, { maxAttempts: 3, backoffBaseMs: 2000, backoffCapMs: 300000 });
  r = await f.req('PATCH', `campaigns/${id}`, { audience: { segmentId: f.segmentId } });
  assert.deepEqual(r.json.audience, { parentSegmentId: f.parentSegmentId, segmentId: f.segmentId });
});

test('activation is editable only within bounds', async () => {
  const id = (await f.req('POST', 'campaigns', { name: 'Bounds' })).json.id;
  for (const activation of [
    { maxAttempts: 0 },
    { maxAttempts: 21 },
    { backoffBaseMs: 50 },
    { backoffCapMs: 3_600_001 },
    { backoffBaseMs: 60_000, backoffCapMs: 1_000 },
  ]) {
    const r = await f.req('PATCH', `campaigns/${id}`, { activation });
    assert.equal(r.status, 400, JSON.stringify(activation));
    assert.match(r.json.error.details[0].path, /activation/);
  }
  const ok = await f.req('PATCH', `campaigns/${id}`, { activation: { maxAttempts: 20, backoffBaseMs: 100, backoffCapMs: 3_600_000 } });
  assert.equal(ok.status, 200);
  // Request-shape errors carry a code and params too, so a UI can say them in the user's language.
  const low = await f.req('PATCH', `campaigns/${id}`, { activation: { maxAttempts: 0 } });
  assert.deepEqual({ code: low.json.error.details[0].code, params: low.json.error.details[0].params }, { code: 'min', params: { min: 1 } });
  const empty = await f.req('POST', 'campaigns', { name: ' ' });
  assert.equal(empty.json.error.details[0].code, 'empty');
});

test('references must be visible from the workspace: foreign account, parent segment and segment are refused', async () => {
  const id = (await f.req('POST', 'campaigns', { name: 'Refs' })).json.id;
  const r = await f.req('PATCH', `campaigns/${id}`, {
    content: { lineAccountId: f.otherAccountId },
    audience: { parentSegmentId: f.foreignParentId, segmentId: f.foreignSegmentId },
  });
  assert.equal(r.status, 400);
  assert.deepEqual(r.json.error.details.map((d: { path: string }) => d.path).sort(), [
    'body.audience.parentSegmentId',
    'body.audience.segmentId',
    'body.content.lineAccountId',
  ]);
  const six = await f.req('PATCH', `campaigns/${id}`, {
    content: { messages: Array.from({ length: 6 }, () => ({ type: 'text', text: 'x' })) },
  });
  assert.equal(six.status, 400);
});

test('list filters by state, by name (case-insensitive) and archived, and pages with a cursor', async () => {
  const ids: string[] = [];
  for (const n of ['Alpha promo', 'beta PROMO', 'Gamma', '100% off_sale'])
    ids.push((await f.req('POST', 'campaigns', { name: n })).json.id);
  const names = async (qs: string) => ((await f.req('GET', `campaigns?${qs}`)).json.items as { name: string }[]).map((c) => c.name);
  assert.deepEqual(await names('q=promo'), ['beta PROMO', 'Alpha promo']);
  assert.deepEqual(await names('q=%25%20off_'), ['100% off_sale'], 'LIKE wildcards in the search are literal');
  assert.deepEqual(await names('q=0%25_'), []);
  const arch = await f.req('POST', `campaigns/${ids[2]}/archive`);
  assert.equal(arch.status, 200);
  assert.ok(arch.json.archivedAt);
  assert.ok(!(await names('q=gamma')).length, 'archived campaigns are hidden by default');
  assert.deepEqual(await names('q=gamma&archived=true'), ['Gamma']);
  assert.deepEqual(await names('q=gamma&archived=all'), ['Gamma']);
  assert.equal((await f.req('POST', `campaigns/${ids[2]}/unarchive`)).json.archivedAt, null);
  assert.deepEqual(await names('q=gamma'), ['Gamma']);
  await f.t.ctx.db.query(`UPDATE campaigns SET state = 'Finished' WHERE id = $1`, [ids[0]]);
  assert.deepEqual(await names('state=Finished'), ['Alpha promo']);
  assert.equal((await f.req('GET', 'campaigns?state=Done')).status, 400);

  const all = (await f.req('GET', 'campaigns?archived=all&limit=500')).json.items.map((c: { id: string }) => c.id);
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { json: { items: { id: string }[]; nextCursor: string | null } } = await f.req(
      'GET',
      `campaigns?archived=all&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
    );
    assert.ok(page.json.items.length <= 2);
    seen.push(...page.json.items.map((c) => c.id));
    cursor = page.json.nextCursor;
  } while (cursor);
  assert.deepEqual(seen, all, 'paging returns every campaign once, newest first');
});

test('duplicate makes a new Draft "Copy of …" with the same tabs and no history', async () => {
  const id = await f.readyCampaign('Original');
  await f.req('PATCH', `campaigns/${id}`, { utm: { campaign: 'orig' }, recipientCap: 3 });
  const launched = await f.req('POST', `campaigns/${id}/launch`);
  assert.equal(launched.status, 200, launched.body);
  const d = await f.req('POST', `campaigns/${id}/duplicate`);
  assert.equal(d.status, 201, d.body);
  assert.notEqual(d.json.id, id);
  assert.equal(d.json.name, 'Copy of Original');
  assert.equal(d.json.state, 'Draft');
  assert.deepEqual(d.json.history, []);
  assert.equal(d.json.revisionId, null);
  assert.equal(d.json.launchedAt, null);
  assert.deepEqual(d.json.content, launched.json.content);
  assert.deepEqual(d.json.audience, launched.json.audience);
  assert.equal(d.json.utm.campaign, 'orig');
  assert.equal(d.json.recipientCap, 3);
});

test('a duplicate is named in the language of the user who makes it', async () => {
  const id = await f.readyCampaign('冬のセール');
  const me = (await f.req('GET', '/api/v1/me')).json;
  for (const [locale, name] of [
    ['ja', '冬のセールのコピー'],
    ['zh-TW', '冬のセール 的副本'],
    ['th', 'สำเนาของ 冬のセール'],
    [null, 'Copy of 冬のセール'],
  ] as const) {
    // The marketer sets their own language, as the UI's language menu does.
    assert.equal((await f.req('PATCH', `/api/v1/users/${me.user.id}`, { locale })).status, 200);
    const d = await f.req('POST', `campaigns/${id}/duplicate`);
    assert.equal(d.json.name, name, String(locale));
  }
  const long = await f.readyCampaign('👨‍👩‍👧'.repeat(30));
  const copy = (await f.req('POST', `campaigns/${long}/duplicate`)).json.name as string;
  assert.ok([...copy].length <= 200 && copy.endsWith('👨‍👩‍👧'), 'cut between whole characters');
});

test('a launched campaign is frozen: PATCH and DELETE answer 409 with the state; archive works once it is not sending', async () => {
  const id = await f.readyCampaign('Frozen');
  assert.equal((await f.req('POST', `campaigns/${id}/launch`)).status, 200);
  const p = await f.req('PATCH', `campaigns/${id}`, { name: 'Changed' });
  assert.equal(p.status, 409);
  assert.equal(p.json.error.currentState, 'Active');
  const d = await f.req('DELETE', `campaigns/${id}`);
  assert.equal(d.status, 409);
  const a = await f.req('POST', `campaigns/${id}/archive`);
  assert.equal(a.status, 409, 'an Active campaign is not archived');
  assert.equal((await f.req('POST', `campaigns/${id}/cancel`)).status, 200);
  assert.equal((await f.req('POST', `campaigns/${id}/archive`)).status, 200);
  assert.equal((await f.req('GET', `campaigns/${id}`)).json.name, 'Frozen');
});

test('a Draft can be deleted', async () => {
  const id = (await f.req('POST', 'campaigns', { name: 'Gone' })).json.id;
  assert.equal((await f.req('DELETE', `campaigns/${id}`)).status, 204);
  assert.equal((await f.req('GET', `campaigns/${id}`)).status, 404);
  assert.equal((await f.req('DELETE', `campaigns/${id}`)).status, 404);
});

test('sendMode: multicast for the same payload to everyone, push when a message is personalized', async () => {
  const id = (await f.req('POST', 'campaigns', { name: 'Mode' })).json.id;
  let r = await f.req('PATCH', `campaigns/${id}`, { content: { messages: [{ type: 'text', text: 'Hi all' }] } });
  assert.equal(r.json.sendMode, 'multicast');
  r = await f.req('PATCH', `campaigns/${id}`, {
    content: { messages: [{ type: 'text', text: 'Hi {{ profile.first_name | default: "there" }}' }] },
  });
  assert.equal(r.json.sendMode, 'push');
});
