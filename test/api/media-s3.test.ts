import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import S3rver from 's3rver';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { testApp, type TestApp } from '../helpers/app.ts';
import { loadConfig, mediaS3Config, type MediaS3Config } from '../../src/config.ts';
import { S3MediaStore } from '../../src/media/s3-store.ts';

// The media library on an S3-compatible bucket, against a real S3 server speaking the S3 protocol over HTTP
// (s3rver, from npm; no mock of the SDK): uploads land in the bucket under the prefix, the same /m/ URLs serve
// them, a delete removes them, and the keys never leave the SDK.

let server: S3rver;
let t: TestApp;
let dir: string;
let s3cfg: MediaS3Config;
const BASE = 'https://cast.example.com';
const SECRET = 'S3RVER'; // s3rver's only key pair

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-s3-'));
  server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: path.join(dir, 's3'),
    configureBuckets: [{ name: 'media', configs: [] }],
  });
  const { port } = await server.run();
  s3cfg = mediaS3Config({
    LINECAST_MEDIA_S3_BUCKET: 'media',
    LINECAST_MEDIA_S3_ENDPOINT: `http://127.0.0.1:${port}`,
    LINECAST_MEDIA_S3_PREFIX: 'linecast/media',
    LINECAST_MEDIA_S3_ACCESS_KEY_ID: 'S3RVER',
    LINECAST_MEDIA_S3_SECRET_ACCESS_KEY: SECRET,
  })!;
  t = await testApp({ dataDir: path.join(dir, 'data'), publicBaseUrl: BASE, mediaS3: s3cfg });
});
after(async () => {
  await t?.close();
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function bucketKeys(): Promise<string[]> {
  const c = new S3Client({
    region: 'us-east-1',
    endpoint: s3cfg.endpoint!,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: SECRET },
  });
  try {
    const r = await c.send(new ListObjectsV2Command({ Bucket: 'media' }));
    return (r.Contents ?? []).map((o) => o.Key!).sort();
  } finally {
    c.destroy();
  }
}

test('configuration: the bucket switches S3 on, path-style for an endpoint, the prefix ends with a slash', () => {
  assert.equal(mediaS3Config({}), null);
  assert.equal(loadConfig({}).mediaS3, null);
  assert.deepEqual(
    { ...s3cfg, endpoint: null },
    {
      bucket: 'media',
      region: 'us-east-1',
      endpoint: null,
      forcePathStyle: true,
      prefix: 'linecast/media/',
      accessKeyId: 'S3RVER',
      secretAccessKey: SECRET,
    },
  );
  assert.equal(mediaS3Config({ LINECAST_MEDIA_S3_BUCKET: 'b' })!.forcePathStyle, false, 'AWS itself: virtual-hosted style');
  // errors name the variable, never the value
  const half = () => mediaS3Config({ LINECAST_MEDIA_S3_BUCKET: 'b', LINECAST_MEDIA_S3_SECRET_ACCESS_KEY: 'very-secret-value' });
  assert.throws(half, (e: Error) => /LINECAST_MEDIA_S3_ACCESS_KEY_ID/.test(e.message) && !e.message.includes('very-secret-value'));
  assert.throws(
    () => mediaS3Config({ LINECAST_MEDIA_S3_BUCKET: 'b', LINECAST_MEDIA_S3_ENDPOINT: 'ftp://user:pw@x' }),
    (e: Error) => /LINECAST_MEDIA_S3_ENDPOINT/.test(e.message) && !e.message.includes('pw'),
  );
});

test('an upload is stored in the bucket (original, preview, five widths) and served at the same /m/ URLs', async () => {
  const png = await sharp({ create: { width: 800, height: 400, channels: 3, background: '#06c755' } })
    .png()
    .toBuffer();
  const r = await t.app.inject({
    method: 'POST',
    url: `/api/v1/workspaces/${t.workspaceId}/media`,
    headers: { ...t.auth(), 'content-type': 'image/png' },
    payload: png,
  });
  assert.equal(r.statusCode, 201, r.body);
  assert.ok(!r.body.includes(s3cfg.endpoint!), 'the bucket address is not handed out: Linecast serves the files');
  const m = r.json();
  const dirKey = `linecast/media/${m.sha256.slice(0, 2)}/${m.sha256}`;
  assert.deepEqual(
    await bucketKeys(),
    ['imagemap/1040', 'imagemap/240', 'imagemap/300', 'imagemap/460', 'imagemap/700', 'original', 'preview'].map((v) => `${dirKey}/${v}`),
  );
  assert.equal(fs.existsSync(path.join(dir, 'data', 'media', m.sha256.slice(0, 2))), false, 'nothing kept on local disk');
  assert.deepEqual(fs.readdirSync(path.join(dir, 'data', 'media', 'tmp')), [], 'scratch files removed');

  const f = await t.app.inject({ method: 'GET', url: `/m/${m.sha256}/original` });
  assert.equal(f.statusCode, 200);
  assert.equal(f.headers['content-type'], 'image/png');
  assert.equal(f.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.ok(f.rawPayload.equals(png));
  const w = await t.app.inject({ method: 'GET', url: `/m/${m.sha256}/imagemap/240` });
  assert.equal((await sharp(w.rawPayload).metadata()).width, 240);
  const head = await t.app.inject({ method: 'HEAD', url: `/m/${m.sha256}/preview` });
  assert.equal(head.statusCode, 200);
  assert.equal(Number(head.headers['content-length']) > 0, true);

  const d = await t.app.inject({ method: 'DELETE', url: `/api/v1/workspaces/${t.workspaceId}/media/${m.id}`, headers: t.auth() });
  assert.equal(d.json().outcome, 'deleted');
  assert.deepEqual(await bucketKeys(), [], 'every variant removed from the bucket');
  assert.equal((await t.app.inject({ method: 'GET', url: `/m/${m.sha256}/original` })).statusCode, 404);
});

test('the store alone: a missing object is null, remove of nothing is fine', async () => {
  const store = new S3MediaStore(s3cfg, path.join(dir, 'data'));
  try {
    assert.equal(await store.get('b'.repeat(64), 'original'), null);
    await store.remove('b'.repeat(64));
    await store.putBuffer('c'.repeat(64), 'preview', Buffer.from('x'));
    const got = await store.get('c'.repeat(64), 'preview');
    assert.equal(got!.size, 1);
    await store.remove('c'.repeat(64));
    assert.equal(await store.get('c'.repeat(64), 'preview'), null);
  } finally {
    store.close();
  }
});
