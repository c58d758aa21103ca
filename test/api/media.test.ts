import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { testApp, type TestApp } from '../helpers/app.ts';
import { realMp4 } from '../helpers/video.ts';
import { isIssueCode, issueMessage } from '../../src/domain/issues.ts';

let t: TestApp;
let dataDir: string;
const BASE = 'https://cast.example.com';
before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-media-'));
  t = await testApp({ dataDir, publicBaseUrl: BASE });
});
after(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const upload = (body: Buffer, type: string, ws = t.workspaceId) =>
  t.app.inject({ method: 'POST', url: `/api/v1/workspaces/${ws}/media`, headers: { ...t.auth(), 'content-type': type }, payload: body });
const local = (url: string) => url.slice(BASE.length);
const picture = (w: number, h: number, format: 'png' | 'jpeg', seed = 0) => {
  const s = sharp({ create: { width: w, height: h, channels: 3, background: { r: seed % 256, g: 90, b: 200 } } });
  return (format === 'png' ? s.png() : s.jpeg()).toBuffer();
};
/** A noisy picture: it compresses badly, so its preview must be made smaller to fit in 1 MB. */
const noisy = (w: number, h: number) =>
  sharp(Buffer.from(Array.from({ length: w * h * 3 }, () => Math.floor(Math.random() * 256))), {
    raw: { width: w, height: h, channels: 3 },
  })
    .png()
    .toBuffer();
test('a PNG upload: stored once by hash, a preview of at most 1 MB, the five imagemap widths, immutable public URLs', async () => {
  const png = await picture(1200, 800, 'png');
  const r = await upload(png, 'image/png');
  assert.equal(r.statusCode, 201, r.body);
  const m = r.json();
  assert.equal(m.kind, 'image');
  assert.equal(m.contentType, 'image/png');
  assert.deepEqual([m.width, m.height, m.bytes], [1200, 800, png.length]);
  assert.match(m.sha256, /^[0-9a-f]{64}$/);
  assert.deepEqual(m.urls, {
    original: `${BASE}/m/${m.sha256}/original`,
    preview: `${BASE}/m/${m.sha256}/preview`,
    imagemapBase: `${BASE}/m/${m.sha256}/imagemap`,
  });

  const again = await upload(png, 'image/png');
  assert.equal(again.statusCode, 200);
  assert.equal(again.json().id, m.id, 'the same file twice is one entry');

  const orig = await t.app.inject({ method: 'GET', url: local(m.urls.original) });
  assert.equal(orig.statusCode, 200);
  assert.equal(orig.headers['content-type'], 'image/png');
  assert.equal(orig.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.ok(orig.rawPayload.equals(png));
  const etag = orig.headers.etag as string;
  assert.equal((await t.app.inject({ method: 'GET', url: local(m.urls.original), headers: { 'if-none-match': etag } })).statusCode, 304);

  const prev = await t.app.inject({ method: 'GET', url: local(m.urls.preview) });
  assert.equal(prev.statusCode, 200);
  assert.ok(prev.rawPayload.length <= 1024 * 1024);
  assert.equal((await sharp(prev.rawPayload).metadata()).format, 'png');

  for (const w of [240, 300, 460, 700, 1040]) {
    const f = await t.app.inject({ method: 'GET', url: `${local(m.urls.imagemapBase)}/${w}` });
    assert.equal(f.statusCode, 200, String(w));
    assert.equal(f.headers['content-type'], 'image/png');
    assert.equal(f.headers['cache-control'], 'public, max-age=31536000, immutable');
    const meta = await sharp(f.rawPayload).metadata();
    assert.deepEqual([meta.width, meta.height], [w, Math.round((800 * w) / 1200)], `width ${w}`);
  }
  assert.equal((await t.app.inject({ method: 'GET', url: `${local(m.urls.imagemapBase)}/500` })).statusCode, 400);
  assert.equal((await t.app.inject({ method: 'GET', url: `/m/${'0'.repeat(64)}/original` })).statusCode, 404);
  // a path that tries to leave the media folder is not a hash: refused, naming the parameter, before any file is touched
  const escape = await t.app.inject({ method: 'GET', url: '/m/..%2F..%2Fetc/original' });
  assert.equal(escape.statusCode, 400);
  assert.equal(escape.json().error.details[0].path, 'params.hash');

  // on disk once, under the hash
  const dir = path.join(dataDir, 'media', m.sha256.slice(0, 2), m.sha256);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['imagemap', 'original', 'preview']);
});

test('a JPEG whose preview must shrink to fit 1 MB; the preview stays a JPEG', async () => {
  const big = await sharp(await noisy(1600, 1600))
    .jpeg({ quality: 100 })
    .toBuffer();
  assert.ok(big.length > 1024 * 1024);
  const r = await upload(big, 'image/jpeg');
  assert.equal(r.statusCode, 201, r.body);
  const prev = await t.app.inject({ method: 'GET', url: local(r.json().urls.preview) });
  assert.ok(prev.rawPayload.length <= 1024 * 1024, `${prev.rawPayload.length}`);
  assert.equal((await sharp(prev.rawPayload).metadata()).format, 'jpeg');
});

test('bad uploads: 415 for a type we do not take or bytes that are not what they claim, 400 for a broken image or nothing, 413 past LINE limits; never stored', async () => {
  const png = await picture(50, 50, 'png', 7);
  // each refusal names the field and carries an issue code whose English template is the message, so the UI can
  // say it in the user's language
  const cases: Array<[Buffer, string, number, string, string]> = [
    [png, 'image/jpeg', 415, 'body', 'media_type_mismatch'],
    [Buffer.from('hello, not a picture'), 'image/png', 415, 'body', 'media_type_unknown'],
    [png, 'image/gif', 415, 'headers.content-type', 'media_content_type'],
    [png, 'application/json', 415, 'headers.content-type', 'media_content_type'],
    [png, 'text/plain; charset=utf-8', 415, 'headers.content-type', 'media_content_type'],
    [png.subarray(0, 60), 'image/png', 400, 'body', 'media_image_unreadable'],
    [Buffer.concat([png.subarray(0, 8), Buffer.alloc(10 * 1024 * 1024)]), 'image/png', 413, 'body', 'media_image_too_large'],
    [Buffer.from('not a video at all'), 'video/mp4', 415, 'body', 'media_type_unknown'],
  ];
  for (const [body, type, status, field, code] of cases) {
    const r = await upload(body, type);
    assert.equal(r.statusCode, status, `${type} ${body.length}: ${r.body}`);
    const detail = r.json().error.details?.[0];
    assert.equal(detail?.path, field, r.body);
    assert.equal(detail?.code, code, r.body);
    assert.ok(isIssueCode(detail.code), r.body);
    assert.equal(detail.message, issueMessage(detail.code, detail.params), r.body);
    assert.equal(r.json().error.message, detail.message, r.body);
  }
  assert.deepEqual((await upload(png, 'image/jpeg')).json().error.details[0].params, { declared: 'image/jpeg', actual: 'image/png' });
  assert.deepEqual(
    (await upload(Buffer.concat([png.subarray(0, 8), Buffer.alloc(10 * 1024 * 1024)]), 'image/png')).json().error.details[0].params,
    { max: 10 },
  );
  for (const [type, status, code] of [
    ['image/png', 400, 'media_empty'],
    [undefined, 415, 'media_content_type'],
  ] as const) {
    const headers = { ...t.auth(), ...(type ? { 'content-type': type } : {}) };
    const empty = await t.app.inject({ method: 'POST', url: `/api/v1/workspaces/${t.workspaceId}/media`, headers });
    assert.equal(empty.statusCode, status, empty.body);
    assert.equal(empty.json().error.details[0].code, code, empty.body);
  }
  const rows = await t.ctx.db.query<{ n: string }>('SELECT count(*) AS n FROM media WHERE bytes < 100 OR bytes > 10485760');
  assert.equal(Number(rows.rows[0]!.n), 0);
  assert.deepEqual(fs.readdirSync(path.join(dataDir, 'media', 'tmp')), [], 'no scratch file left behind');
});

test('an MP4 upload is checked by its ftyp box and served as video/mp4, with a preview from its first frame', async () => {
  const video = realMp4();
  const r = await upload(video, 'video/mp4');
  assert.equal(r.statusCode, 201, r.body);
  assert.equal(r.json().kind, 'video');
  assert.equal(r.json().urls.preview, `${BASE}/m/${r.json().sha256}/preview`);
  const f = await t.app.inject({ method: 'GET', url: local(r.json().urls.original) });
  assert.equal(f.headers['content-type'], 'video/mp4');
  assert.ok(f.rawPayload.equals(video));
});

test('the list is per workspace; another workspace sees neither the entry nor its id, and its own upload of the same file is its own', async () => {
  const png = await picture(40, 40, 'png', 99);
  const mine = (await upload(png, 'image/png')).json();
  const other = (await t.app.inject({ method: 'POST', url: '/api/v1/workspaces', headers: t.auth(), payload: { name: 'Other' } })).json()
    .id as string;
  const list = await t.app.inject({ method: 'GET', url: `/api/v1/workspaces/${other}/media`, headers: t.auth() });
  assert.equal(list.statusCode, 200);
  assert.deepEqual(list.json().items, []);
  assert.equal(
    (await t.app.inject({ method: 'GET', url: `/api/v1/workspaces/${other}/media/${mine.id}`, headers: t.auth() })).statusCode,
    404,
  );
  const theirs = await upload(png, 'image/png', other);
  assert.equal(theirs.statusCode, 201);
  assert.notEqual(theirs.json().id, mine.id);
  assert.equal(theirs.json().sha256, mine.sha256, 'the bytes are stored once');
  const own = await t.app.inject({ method: 'GET', url: `/api/v1/workspaces/${t.workspaceId}/media?limit=500`, headers: t.auth() });
  assert.ok(own.json().items.some((x: { id: string }) => x.id === mine.id));
  assert.ok(!own.json().items.some((x: { id: string }) => x.id === theirs.json().id));
});

test('the sticker picker lists every sticker a bot may send', async () => {
  const r = await t.app.inject({ method: 'GET', url: `/api/v1/workspaces/${t.workspaceId}/stickers`, headers: t.auth() });
  assert.equal(r.statusCode, 200);
  const items = r.json().items as Array<{ packageId: string; stickerId: string }>;
  assert.ok(items.some((s) => s.packageId === '446' && s.stickerId === '1988'));
  assert.ok(items.some((s) => s.packageId === '11539' && s.stickerId === '52114149'));
});
