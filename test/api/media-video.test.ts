import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { testApp, type TestApp } from '../helpers/app.ts';
import { realMp4 } from '../helpers/video.ts';
import { issueMessage } from '../../src/domain/issues.ts';

// Video previews: made from the first frame with ffmpeg, or taken from a picture of the library (previewId);
// a server without ffmpeg takes videos only with a picture, and says so with a coded 400.

let withFfmpeg: TestApp;
let without: TestApp;
let dir: string;
const BASE = 'https://cast.example.com';
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-video-'));
  withFfmpeg = await testApp({ dataDir: path.join(dir, 'a'), publicBaseUrl: BASE });
  // a server where the programs are not installed (a path that does not exist, as on a machine without ffmpeg)
  without = await testApp({
    dataDir: path.join(dir, 'b'),
    publicBaseUrl: BASE,
    ffmpeg: { ffmpeg: path.join(dir, 'no-such-ffmpeg'), ffprobe: path.join(dir, 'no-such-ffprobe') },
  });
});
after(async () => {
  await withFfmpeg.close();
  await without.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const upload = (t: TestApp, body: Buffer, type: string, query = '', ws = t.workspaceId) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/workspaces/${ws}/media${query}`,
    headers: { ...t.auth(), 'content-type': type },
    payload: body,
  });
const fetchFile = (t: TestApp, url: string) => t.app.inject({ method: 'GET', url: url.slice(BASE.length) });
const count = async (t: TestApp) => (await t.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM media')).rows[0]!.n;
const fakeMp4 = () =>
  Buffer.concat([
    Buffer.from([0, 0, 0, 0x18]),
    Buffer.from('ftypisom'),
    Buffer.from([0, 0, 2, 0]),
    Buffer.from('isommp41'),
    Buffer.alloc(256, 1),
  ]);

test('with ffmpeg: an MP4 gets a JPEG preview of its first frame (≤ 1 MB), its size and duration', async () => {
  const mp4 = realMp4({ width: 320, height: 240, seconds: 2 });
  const r = await upload(withFfmpeg, mp4, 'video/mp4');
  assert.equal(r.statusCode, 201, r.body);
  const m = r.json();
  assert.equal(m.kind, 'video');
  assert.deepEqual([m.width, m.height], [320, 240]);
  assert.ok(m.durationMs >= 1900 && m.durationMs <= 2100, String(m.durationMs));
  assert.equal(m.urls.preview, `${BASE}/m/${m.sha256}/preview`);
  const p = await fetchFile(withFfmpeg, m.urls.preview);
  assert.equal(p.statusCode, 200);
  assert.equal(p.headers['content-type'], 'image/jpeg', 'a video preview is a picture, not video/mp4');
  assert.ok(p.rawPayload.length <= 1024 * 1024);
  const meta = await sharp(p.rawPayload).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 320, 240]);
  const o = await fetchFile(withFfmpeg, m.urls.original);
  assert.equal(o.headers['content-type'], 'video/mp4');
  assert.ok(o.rawPayload.equals(mp4));
});

test('with ffmpeg: bytes that start like an MP4 but hold no playable video are refused (400, coded), nothing stored', async () => {
  const before = await count(withFfmpeg);
  const r = await upload(withFfmpeg, fakeMp4(), 'video/mp4');
  assert.equal(r.statusCode, 400, r.body);
  const d = r.json().error.details[0];
  assert.equal(d.code, 'media_video_unreadable');
  assert.equal(d.path, 'body');
  assert.equal(await count(withFfmpeg), before);
});

test('without ffmpeg: a video without previewId is a coded 400 asking for a picture; with one, its preview is used', async () => {
  const mp4 = realMp4({ seconds: 1, width: 160, height: 120 });
  const r = await upload(without, mp4, 'video/mp4');
  assert.equal(r.statusCode, 400, r.body);
  const d = r.json().error.details[0];
  assert.deepEqual(
    [d.code, d.path, d.message],
    ['media_video_preview_required', 'query.previewId', issueMessage('media_video_preview_required')],
  );
  assert.equal(await count(without), 0);

  const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#123456' } })
    .png()
    .toBuffer();
  const pic = (await upload(without, png, 'image/png')).json();
  const v = await upload(without, mp4, 'video/mp4', `?previewId=${pic.id}`);
  assert.equal(v.statusCode, 201, v.body);
  assert.equal(v.json().durationMs, null, 'no ffprobe: the duration is unknown');
  const vp = await fetchFile(without, v.json().urls.preview);
  assert.equal(vp.headers['content-type'], 'image/png');
  assert.ok(vp.rawPayload.equals((await fetchFile(without, pic.urls.preview)).rawPayload));
});

test("previewId must be a picture of the caller's workspace: a video, another workspace's picture or nothing is a coded 400", async () => {
  const other = (
    await without.app.inject({ method: 'POST', url: '/api/v1/workspaces', headers: without.auth(), payload: { name: 'Other' } })
  ).json().id as string;
  const png = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#654321' } })
    .png()
    .toBuffer();
  const theirs = (await upload(without, png, 'image/png', '', other)).json();
  const mp4 = realMp4({ seconds: 1, width: 128, height: 96 });
  for (const id of [theirs.id, '00000000-0000-4000-8000-000000000000']) {
    const r = await upload(without, mp4, 'video/mp4', `?previewId=${id}`);
    assert.equal(r.statusCode, 400, r.body);
    assert.deepEqual([r.json().error.details[0].code, r.json().error.details[0].path], ['media_preview_not_found', 'query.previewId']);
  }
  const bad = await upload(without, mp4, 'video/mp4', '?previewId=nope');
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /previewId/);
});
