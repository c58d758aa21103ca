import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createLineAccount } from '../../src/admin/line-accounts.ts';
import { splitSql } from '../../src/db/migrate.ts';
import { campaignLinks } from '../../src/delivery/links.ts';
import { finish } from '../../src/delivery/render/campaign.ts';
import type { LineMessage } from '../../src/domain/index.ts';
import type { ClickRecorder } from '../../src/tracking/click-recorder.ts';
import { linkIdFor } from '../../src/tracking/token.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { seedDeliveries } from '../reporting/fixture.ts';

// Clicks per URL and per place (message, carousel bubble): one URL in two bubbles of a carousel and in a text
// message is three links with their own clicks; the URL table adds them up and counts a person once.

let t: TestApp;
let campaignId: string;
const ids: Record<string, number> = {};
const BASE = 'https://go.example';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
const SALE = 'https://shop.example/sale';
const OTHER = 'https://shop.example/other';
const user = (n: number) => 'U' + n.toString(16).padStart(32, '0');

const bubble = (label: string, uri: string) => ({
  type: 'bubble',
  body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: label }] },
  footer: { type: 'box', layout: 'vertical', contents: [{ type: 'button', action: { type: 'uri', label: 'Buy', uri } }] },
});
const messages = [
  { type: 'text', text: `Sale today: ${SALE}` },
  { type: 'flex', altText: 'cards', contents: { type: 'carousel', contents: [bubble('A', SALE), bubble('B', SALE), bubble('C', OTHER)] } },
] as unknown as LineMessage[];

/** The dispatcher's own path: the campaign's link registry, then finish() (mapUrls with places + rule check). */
async function sendFor(deliveryId: number, sendMode: 'push' | 'multicast' = 'push'): Promise<LineMessage[]> {
  const links = await campaignLinks(t.ctx.db, { campaignId, sendMode, content: { trackingEnabled: true } as never }, BASE);
  const out = finish(messages, (url, place) => links.rewrite(url, { campaignId, deliveryId, recipient: null, place }));
  assert.ok(out.ok, JSON.stringify(out));
  await links.flush(t.ctx.db);
  return out.payload;
}
const click = async (u: string) => {
  const res = await t.app.inject({ url: u.replace(BASE, ''), headers: { 'user-agent': CHROME } });
  assert.equal(res.statusCode, 302);
  return res.headers.location;
};
type Msg = { text?: string; contents?: { contents: { footer: { contents: { action: { uri: string } }[] } }[] } };
const textLink = (p: LineMessage[]) => (p[0] as Msg).text!.split(' ').pop()!;
const bubbleLink = (p: LineMessage[], b: number) => (p[1] as Msg).contents!.contents[b]!.footer.contents[0]!.action.uri;

before(async () => {
  t = await testApp();
  const a = await createLineAccount(t.ctx.db, t.ctx.box, {
    name: 'OA',
    channelId: '1',
    channelSecret: 'places-secret-1234',
    channelAccessToken: 'access-token-xyz',
    apiBaseUrl: 'https://api.line.me',
    pushPerSecond: 2000,
    multicastPerSecond: 200,
    workspaceIds: [t.workspaceId],
  });
  const c = await t.ctx.db.query<{ id: string }>(
    `INSERT INTO campaigns (workspace_id, name, state, line_account_id, launched_at) VALUES ($1, 'Cards', 'Active', $2, now()) RETURNING id`,
    [t.workspaceId, a.id],
  );
  campaignId = c.rows[0]!.id;
  const ps = await t.ctx.db.query<{ id: string }>(`INSERT INTO parent_segments (name) VALUES ('p') RETURNING id`);
  for (let i = 1; i <= 2; i++) {
    const p = await t.ctx.db.query<{ id: number }>(
      `INSERT INTO profiles (parent_segment_id, customer_key, line_user_id, follow_status) VALUES ($1, $2, $3, 'following') RETURNING id`,
      [ps.rows[0]!.id, `c${i}`, user(i)],
    );
    ids[`p${i}`] = Number(p.rows[0]!.id);
  }
  Object.assign(
    ids,
    await seedDeliveries(t.ctx.db, campaignId, a.id, [
      { key: 'd1', profileId: ids.p1!, lineUserId: user(1), status: 'accepted' },
      { key: 'd2', profileId: ids.p2!, lineUserId: user(2), status: 'accepted' },
    ]),
  );
});
after(async () => t.close());

test('the same URL at three places is three links; each click counts at its place and redirects to the URL', async () => {
  const p1 = await sendFor(ids.d1!);
  const p2 = await sendFor(ids.d2!);
  const [t1, b0, b1] = [textLink(p1), bubbleLink(p1, 0), bubbleLink(p1, 1)];
  assert.equal(new Set([t1, b0, b1]).size, 3, 'three places, three tracked links');
  // d1 clicks the text link once and bubble 2 twice; d2 clicks bubble 1 and the other URL in bubble 3
  for (const u of [t1, b1, b1, bubbleLink(p2, 0), bubbleLink(p2, 2)]) assert.match((await click(u))!, /^https:\/\/shop\.example\//);
  await (t.ctx.services.clickRecorder as ClickRecorder).flush();

  const res = await t.app.inject({ url: `/api/v1/workspaces/${t.workspaceId}/campaigns/${campaignId}/report`, headers: t.auth() });
  assert.equal(res.statusCode, 200, res.body);
  const r = res.json();
  assert.deepEqual(
    r.links.map((l: { url: string; message: number; bubble: number | null; path: string; clicks: number; uniqueClickers: number }) => [
      l.url,
      l.message,
      l.bubble,
      l.path,
      l.clicks,
      l.uniqueClickers,
    ]),
    [
      [SALE, 0, null, 'text', 1, 1],
      [SALE, 1, 0, 'contents.contents[0].footer.contents[0].action.uri', 1, 1],
      [SALE, 1, 1, 'contents.contents[1].footer.contents[0].action.uri', 2, 1],
      [OTHER, 1, 2, 'contents.contents[2].footer.contents[0].action.uri', 1, 1],
    ],
  );
  assert.deepEqual(r.clicksByUrl, [
    { url: SALE, links: 3, clicks: 4, uniqueClickers: 2 },
    { url: OTHER, links: 1, clicks: 1, uniqueClickers: 1 },
  ]);
  assert.deepEqual(r.clicksByPlace, [
    { message: 0, bubble: null, links: 1, clicks: 1, uniqueClickers: 1 },
    { message: 1, bubble: 0, links: 1, clicks: 1, uniqueClickers: 1 },
    { message: 1, bubble: 1, links: 1, clicks: 2, uniqueClickers: 1 },
    { message: 1, bubble: 2, links: 1, clicks: 1, uniqueClickers: 1 },
  ]);

  const csv = await t.app.inject({ url: `/api/v1/workspaces/${t.workspaceId}/campaigns/${campaignId}/report.csv`, headers: t.auth() });
  assert.equal(csv.statusCode, 200);
  assert.match(csv.body, /link_position,link_id,url,message,bubble,path,clicks,unique_clickers\r\n/);
  assert.match(csv.body, /,https:\/\/shop\.example\/sale,2,2,contents\.contents\[1\]\.footer\.contents\[0\]\.action\.uri,2,1\r\n/);
  assert.match(
    csv.body,
    /\r\nurl,links,clicks,unique_clickers\r\nhttps:\/\/shop\.example\/sale,3,4,2\r\nhttps:\/\/shop\.example\/other,1,1,1\r\n/,
  );
  assert.match(csv.body, /\r\nmessage,bubble,links,clicks,unique_clickers\r\n1,,1,1,1\r\n2,1,1,1,1\r\n2,2,1,2,1\r\n2,3,1,1,1\r\n/);
});

test('a link recorded before places (URL-keyed) keeps redirecting and counting, shown without a place', async () => {
  const legacy = 'https://shop.example/legacy';
  const linkId = linkIdFor(legacy); // what the rewriter wrote before places were recorded
  await t.ctx.db.query(
    `INSERT INTO campaign_links (campaign_id, link_id, url, position) VALUES ($1, $2, $3, (SELECT max(position) + 1 FROM campaign_links WHERE campaign_id = $1))`,
    [campaignId, linkId, legacy],
  );
  await t.ctx.db.query(`INSERT INTO link_tokens (token, campaign_id, link_id, is_test) VALUES ('LegacyTok01', $1, $2, false)`, [
    campaignId,
    linkId,
  ]);
  assert.equal(await click(`${BASE}/c/LegacyTok01`), legacy);
  await (t.ctx.services.clickRecorder as ClickRecorder).flush();
  const r = (await t.app.inject({ url: `/api/v1/workspaces/${t.workspaceId}/campaigns/${campaignId}/report`, headers: t.auth() })).json();
  const row = r.links.find((l: { url: string }) => l.url === legacy);
  assert.deepEqual([row.message, row.bubble, row.path, row.clicks], [null, null, null, 1]);
  assert.deepEqual(r.clicksByPlace.at(-1), { message: null, bubble: null, links: 1, clicks: 1, uniqueClickers: 0 });
});

test('migration 430 keeps the links and clicks already stored', async () => {
  const other = await testApp();
  try {
    const db = other.ctx.db;
    const c = await db.query<{ id: string }>(`INSERT INTO campaigns (workspace_id, name) VALUES ($1, 'old') RETURNING id`, [
      other.workspaceId,
    ]);
    const id = c.rows[0]!.id;
    // the table as migration 420 left it, with a link and its clicks in it
    await db.query('ALTER TABLE campaign_links DROP COLUMN message_index, DROP COLUMN bubble, DROP COLUMN path');
    await db.query(`INSERT INTO campaign_links (campaign_id, link_id, url, position) VALUES ($1, 'abcdefgh', 'https://a.example/', 0)`, [
      id,
    ]);
    await db.query(
      `INSERT INTO click_minutes (campaign_id, link_id, minute, clicks) VALUES ($1, 'abcdefgh', date_trunc('minute', now()), 3)`,
      [id],
    );
    const sql = fs.readFileSync(path.join(import.meta.dirname, '../../src/db/migrations/430_link_places.sql'), 'utf8');
    for (const stmt of splitSql(sql)) await db.query(stmt);
    const rows = await db.query('SELECT link_id, url, position, message_index, bubble, path FROM campaign_links WHERE campaign_id = $1', [
      id,
    ]);
    assert.deepEqual(rows.rows, [
      { link_id: 'abcdefgh', url: 'https://a.example/', position: 0, message_index: null, bubble: null, path: null },
    ]);
    const m = await db.query<{ n: number }>('SELECT sum(clicks)::int AS n FROM click_minutes WHERE campaign_id = $1', [id]);
    assert.equal(m.rows[0]!.n, 3);
  } finally {
    await other.close();
  }
});
