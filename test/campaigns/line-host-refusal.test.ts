import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { listener } from '../helpers/listener.ts';
import { campaignFixture, TOKEN, uid, type Fixture } from './fixture.ts';

let f: Fixture;
let trap: Awaited<ReturnType<typeof listener>>;
before(async () => {
  f = await campaignFixture(5);
  await f.setQuota(null, 0);
  trap = await listener();
});
after(async () => {
  await f.close();
  await trap.close();
});

type Issue = { tab: string; path: string; message: string };

test('a campaign whose LINE account points where its token may not go: validate and launch name the account, test send is a 400, the listener receives nothing', async () => {
  const id = await f.readyCampaign();
  // as an account saved before the rule would be: not marked as an emulator, pointing at someone's listener
  await f.t.ctx.db.query('UPDATE line_accounts SET api_base_url = $2, is_emulator = false WHERE id = $1', [f.accountId, trap.url]);
  try {
    const v = await f.req('POST', `campaigns/${id}/validate`);
    assert.equal(v.status, 200, v.body);
    assert.equal(v.json.valid, false);
    const e = (v.json.errors as Issue[]).find((i) => i.path === 'content.lineAccountId');
    assert.ok(e, JSON.stringify(v.json.errors));
    assert.match(e.message, /apiBaseUrl/);

    const l = await f.req('POST', `campaigns/${id}/launch`);
    assert.equal(l.status, 422, l.body);
    assert.equal((await f.req('GET', `campaigns/${id}`)).json.state, 'Draft');

    const before = (await f.t.ctx.db.query('SELECT count(*)::int AS n FROM delivery_recipients WHERE campaign_id = $1', [id])).rows[0];
    const s = await f.req('POST', `campaigns/${id}/test-send`, { lineUserId: uid(1) });
    assert.equal(s.status, 400, s.body);
    assert.equal(s.json.error.details[0].path, 'lineAccountId');
    const afterRows = (await f.t.ctx.db.query('SELECT count(*)::int AS n FROM delivery_recipients WHERE campaign_id = $1', [id])).rows[0];
    assert.deepEqual(afterRows, before, 'a refused test send stores nothing');

    assert.equal(trap.requests.length, 0);
    assert.ok(!JSON.stringify(trap.requests).includes(TOKEN));
  } finally {
    await f.t.ctx.db.query('UPDATE line_accounts SET api_base_url = $2, is_emulator = true WHERE id = $1', [f.accountId, f.emuUrl]);
  }
});
