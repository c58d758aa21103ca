import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { testApp, type TestApp } from '../helpers/app.ts';
import { issueMessage } from '../../src/domain/issues.ts';

// DELETE /api/v1/workspaces/{ws}/media/{id}: unused files are deleted (bytes too, once no workspace has them);
// files launched campaigns use leave the library but stay online; files drafts use are kept (409 naming them).

let t: TestApp;
let dataDir: string;
const BASE = 'https://cast.example.com';
before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-media-del-'));
  t = await testApp({ dataDir, publicBaseUrl: BASE });
});
after(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const ws = () => `/api/v1/workspaces/${t.workspaceId}`;
const picture = (seed: number) =>
  sharp({ create: { width: 60, height: 40, channels: 3, background: { r: seed, g: 20, b: 99 } } })
    .png()
    .toBuffer();
async function upload(seed: number, w = t.workspaceId) {
  const r = await t.app.inject({
    method: 'POST',
    url: `/api/v1/workspaces/${w}/media`,
    headers: { ...t.auth(), 'content-type': 'image/png' },
    payload: await picture(seed),
  });
  assert.ok(r.statusCode === 201 || r.statusCode === 200, r.body);
  return r.json() as { id: string; sha256: string; urls: { original: string; preview: string; imagemapBase: string } };
}
const del = (id: string, w = t.workspaceId) =>
  t.app.inject({ method: 'DELETE', url: `/api/v1/workspaces/${w}/media/${id}`, headers: t.auth() });
const fetchFile = (url: string) => t.app.inject({ method: 'GET', url: url.slice(BASE.length) });
const inLibrary = async (id: string) =>
  ((await t.app.inject({ method: 'GET', url: `${ws()}/media?limit=500`, headers: t.auth() })).json().items as { id: string }[]).some(
    (m) => m.id === id,
  );
async function campaignUsing(name: string, state: string, url: string, frozen: boolean) {
  const messages = JSON.stringify([{ type: 'image', originalContentUrl: url, previewImageUrl: url }]);
  const c = await t.ctx.db.query<{ id: string }>(
    `INSERT INTO campaigns (workspace_id, name, state, messages) VALUES ($1, $2, $3, $4::jsonb) RETURNING id`,
    [t.workspaceId, name, state, frozen ? '[]' : messages],
  );
  if (frozen)
    await t.ctx.db.query(`INSERT INTO campaign_revisions (campaign_id, content) VALUES ($1, jsonb_build_object('messages', $2::jsonb))`, [
      c.rows[0]!.id,
      messages,
    ]);
  return c.rows[0]!.id;
}

test('an unused file is deleted: gone from the library, its entry 404, its files no longer served', async () => {
  const m = await upload(1);
  assert.equal((await fetchFile(m.urls.original)).statusCode, 200);
  const r = await del(m.id);
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(r.json(), { id: m.id, outcome: 'deleted', campaigns: [] });
  assert.equal(await inLibrary(m.id), false);
  assert.equal((await t.app.inject({ method: 'GET', url: `${ws()}/media/${m.id}`, headers: t.auth() })).statusCode, 404);
  for (const u of [m.urls.original, m.urls.preview, `${m.urls.imagemapBase}/1040`]) assert.equal((await fetchFile(u)).statusCode, 404, u);
  assert.equal(fs.existsSync(path.join(dataDir, 'media', m.sha256.slice(0, 2), m.sha256)), false, 'the bytes are removed from the store');
  assert.equal((await del(m.id)).statusCode, 404, 'a second delete finds nothing');
});

test('a file a launched campaign uses (scheduled, sending, sent) leaves the library and stays online', async () => {
  for (const [state, frozen] of [
    ['Planned', true],
    ['Active', true],
    ['Finished', true],
  ] as const) {
    const m = await upload(10 + state.length);
    const cid = await campaignUsing(`Sale ${state}`, state, m.urls.original, frozen);
    const r = await del(m.id);
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { id: m.id, outcome: 'hidden', campaigns: [{ id: cid, name: `Sale ${state}`, state }] });
    assert.equal(await inLibrary(m.id), false, 'hidden from the library');
    assert.equal((await t.app.inject({ method: 'GET', url: `${ws()}/media/${m.id}`, headers: t.auth() })).statusCode, 404);
    const f = await fetchFile(m.urls.original);
    assert.equal(f.statusCode, 200, 'LINE can still fetch it');
    assert.equal(f.headers['content-type'], 'image/png');
    assert.equal((await fetchFile(`${m.urls.imagemapBase}/240`)).statusCode, 200);
    // uploading the same file again puts it back in the library, same entry
    const back = await upload(10 + state.length);
    assert.equal(back.id, m.id);
    assert.equal(await inLibrary(m.id), true);
  }
});

test('a file a draft uses is not deleted: 409 naming the drafts, with its issue code', async () => {
  const m = await upload(40);
  const draft = await campaignUsing('Autumn draft', 'Draft', `${m.urls.imagemapBase}`, false);
  await campaignUsing('Sent one', 'Finished', m.urls.original, true);
  const r = await del(m.id);
  assert.equal(r.statusCode, 409, r.body);
  const body = r.json().error;
  assert.deepEqual(body.campaigns, [{ id: draft, name: 'Autumn draft', state: 'Draft' }]);
  assert.equal(body.details[0].code, 'media_in_use_by_drafts');
  assert.equal(body.details[0].message, issueMessage('media_in_use_by_drafts', { campaigns: 'Autumn draft' }));
  assert.equal(await inLibrary(m.id), true, 'nothing changed');
  assert.equal((await fetchFile(m.urls.original)).statusCode, 200);
});

test("another workspace's delete never touches this one: 404 for its id, and shared bytes stay while an entry needs them", async () => {
  const m = await upload(70);
  const other = (await t.app.inject({ method: 'POST', url: '/api/v1/workspaces', headers: t.auth(), payload: { name: 'Other' } })).json()
    .id as string;
  assert.equal((await del(m.id, other)).statusCode, 404);
  const theirs = await upload(70, other);
  assert.equal(theirs.sha256, m.sha256);
  assert.equal((await del(theirs.id, other)).json().outcome, 'deleted');
  assert.equal((await fetchFile(m.urls.original)).statusCode, 200, 'this workspace still has the file');
  assert.equal(await inLibrary(m.id), true);
});

test('a malformed id is a 400 naming it, and nothing is deleted', async () => {
  const m = await upload(90);
  const bad = await t.app.inject({ method: 'DELETE', url: `${ws()}/media/not-a-uuid`, headers: t.auth() });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /id/);
  assert.equal(await inLibrary(m.id), true);
});
