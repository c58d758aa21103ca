import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type net from 'node:net';
import { request } from 'undici';
import { testApp, type TestApp } from '../helpers/app.ts';
import { buildApp } from '../../src/http/app.ts';
import type { App } from '../../src/http/context.ts';
import type { Db } from '../../src/db/types.ts';
import { createLineAccount } from '../../src/admin/line-accounts.ts';
import { seedDeliveries } from '../reporting/fixture.ts';

/**
 * CSV exports never look complete when they are not: parameters are checked before anything is sent (a bad
 * one is a 400, not a 200 with a header line and a dropped connection); a first page that fails is an ordinary
 * JSON error; a page that fails midway aborts the transfer, which the client sees as an incomplete response.
 */

let t: TestApp;
let campaignId: string;
let base: string;
/** Fails every query whose SQL matches `pattern` once `after` such queries have succeeded. */
const fault = { pattern: /$^/, after: 0, seen: 0 };
let faulty: App;
let port: number;

before(async () => {
  t = await testApp();
  const db = t.ctx.db;
  const account = await createLineAccount(db, t.ctx.box, {
    name: 'OA',
    channelId: '1650000000',
    channelSecret: 'channel-secret-0001',
    channelAccessToken: 'token-0001',
    apiBaseUrl: 'http://127.0.0.1:9',
    pushPerSecond: 1,
    multicastPerSecond: 1,
    workspaceIds: [t.workspaceId],
  });
  campaignId = (
    await db.query<{ id: string }>(
      `INSERT INTO campaigns (workspace_id, name, state, line_account_id, launched_at) VALUES ($1, 'Export', 'Finished', $2, now()) RETURNING id`,
      [t.workspaceId, account.id],
    )
  ).rows[0]!.id;
  await seedDeliveries(db, campaignId, account.id, [
    { key: 'a', profileId: null, lineUserId: 'U' + '1'.padStart(32, '0'), status: 'accepted' },
  ]);
  // Enough rows for more than one page of both exports (500 deliveries, 5,000 clicks a page).
  await db.query(
    `INSERT INTO delivery_recipients (id, campaign_id, revision_id, profile_id, line_user_id, status, reason, is_test)
     SELECT 2000000000 + g, $1, 1, NULL, 'U' || lpad(to_hex(g), 32, '0'), 'excluded', 'unfollowed', false FROM generate_series(1, 1200) g`,
    [campaignId],
  );
  await db.query(`INSERT INTO campaign_links (campaign_id, link_id, url, position) VALUES ($1, 'l1', 'https://example.com/', 0)`, [
    campaignId,
  ]);
  await db.query(
    `INSERT INTO clicks (campaign_id, link_id, token, clicked_at, user_agent, is_bot, is_test) SELECT $1, 'l1', 'tok', now() - g * interval '1 second', 'ua', false, false FROM generate_series(1, 12000) g`,
    [campaignId],
  );
  base = `/api/v1/workspaces/${t.workspaceId}/campaigns/${campaignId}`;
  // The same app over a database that can be made to fail chosen queries.
  const db2 = new Proxy(db, {
    get(target, prop, recv) {
      if (prop === 'query')
        return async (sql: string, params?: unknown[]) => {
          if (fault.pattern.test(sql) && fault.seen++ >= fault.after) throw new Error('injected database failure');
          return target.query(sql, params);
        };
      const v = Reflect.get(target, prop, recv);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  }) as Db;
  faulty = await buildApp({ ...t.ctx, db: db2, services: {} });
  await faulty.listen({ port: 0, host: '127.0.0.1' });
  port = (faulty.server.address() as net.AddressInfo).port;
});
after(async () => {
  await faulty.close();
  await t.close();
});

const get = (url: string) => t.app.inject({ url, headers: t.auth() });

test('query parameters of a CSV export are checked before anything is sent', async () => {
  for (const qs of ['reason=%00', 'reason=a%00b', 'status=bogus', 'isTest=maybe', `reason=${'r'.repeat(61)}`]) {
    const r = await get(`${base}/deliveries.csv?${qs}`);
    assert.equal(r.statusCode, 400, `${qs}: ${r.body.slice(0, 200)}`);
    assert.match(r.headers['content-type'] as string, /application\/json/);
    assert.match(r.json().error.details[0].path, /^querystring\./);
  }
  const ok = await get(`${base}/deliveries.csv?reason=unfollowed`);
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.body.trim().split('\n').length, 1 + 1200);
  const clicks = await get(`${base}/clicks.csv`);
  assert.equal(clicks.statusCode, 200);
  assert.equal(clicks.body.trim().split('\r\n').length, 1 + 12000);
});

for (const [name, path, pattern] of [
  ['deliveries.csv', 'deliveries.csv', /FROM deliveries WHERE campaign_id/],
  ['clicks.csv', 'clicks.csv', /FROM clicks c/],
] as const) {
  test(`${name}: a first page that fails is a JSON error, not a 200 with a header line`, async () => {
    Object.assign(fault, { pattern, after: 0, seen: 0 });
    try {
      const r = await request(`http://127.0.0.1:${port}${base}/${path}`, { headers: t.auth() });
      const body = await r.body.text();
      assert.equal(r.statusCode, 500, body);
      assert.match(String(r.headers['content-type']), /application\/json/);
      assert.equal(JSON.parse(body).error.code, 'internal');
    } finally {
      fault.pattern = /$^/;
    }
  });

  test(`${name}: a page that fails midway aborts the transfer, so the client sees it incomplete`, async () => {
    Object.assign(fault, { pattern, after: 1, seen: 0 });
    try {
      const r = await request(`http://127.0.0.1:${port}${base}/${path}`, { headers: t.auth() });
      assert.equal(r.statusCode, 200);
      await assert.rejects(r.body.text(), (e: Error) =>
        /terminated|other side closed|socket|aborted/i.test(`${e.message} ${(e as { cause?: Error }).cause?.message ?? ''}`),
      );
    } finally {
      fault.pattern = /$^/;
    }
  });
}
