import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../../src/db/open.ts';
import { loadSecretKey } from '../../src/security/secret-box.ts';

/** Everything under the data directory: [path, mode] for each entry (symbolic links skipped). */
function modes(dir: string): [string, number, boolean][] {
  const out: [string, number, boolean][] = [];
  const walk = (p: string) => {
    const st = fs.lstatSync(p);
    if (st.isSymbolicLink()) return;
    out.push([path.relative(dir, p) || '.', st.mode & 0o777, st.isDirectory()]);
    if (st.isDirectory()) for (const n of fs.readdirSync(p)) walk(path.join(p, n));
  };
  walk(dir);
  return out;
}

function assertPrivate(dir: string) {
  const all = modes(dir);
  assert.ok(all.length > 20, `the database wrote its files (${all.length} entries)`);
  const open = all.filter(([, mode]) => mode & 0o077);
  assert.deepEqual(
    open.map(([p, m]) => `${p} ${m.toString(8)}`),
    [],
    'nothing readable by group or others',
  );
  for (const [p, mode, isDir] of all) assert.equal(mode, isDir ? 0o700 : 0o600, p);
}

test('a new data directory is 0700 and every file in it 0600: database, lock, secret key', async () => {
  const prev = process.umask(0o022); // what a shell usually gives
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-modes-'));
  try {
    const dir = path.join(root, 'data');
    const db = await openDb({ databaseUrl: null, dataDir: dir });
    // Files the database makes while it runs (a new table's) are private from the start, not only after a later fix-up.
    await db.query('CREATE TABLE t (x int)');
    await db.query('INSERT INTO t SELECT generate_series(1, 1000)');
    assert.ok(fs.existsSync(path.join(dir, 'db', '.linecast.lock')), 'the lock exists while the database is open');
    assertPrivate(dir);
    loadSecretKey(null, dir);
    assert.ok(fs.existsSync(path.join(dir, 'secret.key')));
    assertPrivate(dir);
    await db.close();
    assertPrivate(dir);
  } finally {
    process.umask(prev);
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('an existing data directory left open to others is closed on start', async () => {
  const prev = process.umask(0o022);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-modes-'));
  try {
    const dir = path.join(root, 'data');
    fs.mkdirSync(path.join(dir, 'old'), { recursive: true, mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    fs.writeFileSync(path.join(dir, 'secret.key'), 'ab'.repeat(32) + '\n', { mode: 0o644 });
    fs.writeFileSync(path.join(dir, 'old', 'state.json'), '{}', { mode: 0o666 });
    fs.chmodSync(path.join(dir, 'old', 'state.json'), 0o666);
    const db = await openDb({ databaseUrl: null, dataDir: dir });
    await db.close();
    assertPrivate(dir);
    // The key was read, not replaced.
    assert.equal(loadSecretKey(null, dir).toString('hex'), 'ab'.repeat(32));
  } finally {
    process.umask(prev);
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('closing takes group and other bits away, and keeps an owner execute bit', async () => {
  const { secureDataDir } = await import('../../src/db/data-dir.ts');
  const prev = process.umask(0o022);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-modes-'));
  try {
    fs.writeFileSync(path.join(root, 'tool.sh'), '#!/bin/sh\n', { mode: 0o755 });
    fs.symlinkSync('/etc/hostname', path.join(root, 'link'));
    const before = fs.statSync('/etc/hostname').mode & 0o777;
    secureDataDir(root);
    assert.equal(fs.statSync(path.join(root, 'tool.sh')).mode & 0o777, 0o700);
    assert.equal(fs.statSync('/etc/hostname').mode & 0o777, before, 'a symbolic link is not followed');
    assert.equal(process.umask(), 0o077, 'files made later are private too');
  } finally {
    process.umask(prev);
    fs.rmSync(root, { recursive: true, force: true });
  }
});
