import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SecretBox, loadSecretKey, last4 } from '../../src/security/secret-box.ts';

test('sealed values open again and never contain the plain text; each seal differs', () => {
  const box = new SecretBox(crypto.randomBytes(32));
  const a = box.seal('my-channel-secret');
  const b = box.seal('my-channel-secret');
  assert.notEqual(a, b);
  assert.ok(!a.includes('my-channel-secret'));
  assert.equal(box.open(a), 'my-channel-secret');
});

test('a tampered value or a wrong key fails to open', () => {
  const box = new SecretBox(crypto.randomBytes(32));
  const s = box.seal('x'.repeat(40));
  const raw = Buffer.from(s.slice(3), 'base64');
  raw[raw.length - 1] = raw[raw.length - 1]! ^ 1;
  assert.throws(() => box.open('v1:' + raw.toString('base64')));
  assert.throws(() => new SecretBox(crypto.randomBytes(32)).open(s));
});

test('without LINECAST_SECRET_KEY a key is generated once with mode 0600 and reused', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lc-key-'));
  const k1 = loadSecretKey(null, dir);
  const k2 = loadSecretKey(null, dir);
  assert.deepEqual(k1, k2);
  assert.equal(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777, 0o600);
  fs.rmSync(dir, { recursive: true });
});

test('LINECAST_SECRET_KEY in hex, base64 or as a passphrase gives a 32-byte key', () => {
  const hex = crypto.randomBytes(32).toString('hex');
  assert.equal(loadSecretKey(hex, '/nonexistent').toString('hex'), hex);
  const b64 = crypto.randomBytes(32).toString('base64');
  assert.equal(loadSecretKey(b64, '/nonexistent').toString('base64'), b64);
  assert.equal(loadSecretKey('correct horse battery staple', '/nonexistent').length, 32);
});

test('last4 shows only the tail', () => {
  assert.equal(last4('abcdefgh'), 'efgh');
  assert.equal(last4('abc'), '•••');
});
