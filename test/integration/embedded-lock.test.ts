import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPglite, DataDirLockedError } from '../../src/db/pglite.ts';
import { testDb, testEngine } from '../helpers/db.ts';
import { killAll, spawnLinecast, type LinecastProcess } from '../helpers/processes.ts';

// The embedded engine only: PGlite silently loses writes when two processes share a data directory.
test('a second process opening the same embedded data directory gets a clear error', { skip: testEngine !== 'pglite' }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lc-lock-'));
  const db = await openPglite(dir);
  try {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import('${path.resolve('src/db/pglite.ts')}').then(m => m.openPglite(${JSON.stringify(dir)})).then(() => process.exit(0), e => { console.error(e.message); process.exit(3); })`,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    assert.equal(code, 3);
    assert.match(err, /in use by another Linecast process/);
    await assert.rejects(openPglite(dir), DataDirLockedError);
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// A supervisor restarts a killed process at once (systemd: 100 ms later, 5 tries in 10 s). The lock of a holder that
// is known dead must not stand in the way; the stale period is set far longer than the test so only a takeover passes.
test(
  "a restart right after kill -9 takes over the dead holder's lock at once and serves /healthz",
  { skip: testEngine !== 'pglite', timeout: 240_000 },
  async () => {
    const t = await testDb();
    await t.db.close();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lc-restart-'));
    fs.renameSync(t.dataDir!, path.join(dataDir, 'db'));
    const env = { LINECAST_DATA_DIR: dataDir, PORT: '0', LINECAST_LOCK_STALE_MS: '3600000', LINECAST_SECRET_KEY: 'lock-test-key' };
    const ps: LinecastProcess[] = [];
    try {
      for (let round = 0; round < 2; round++) {
        const first = spawnLinecast(['start', '--no-demo'], env);
        ps.push(first);
        assert.ok(await first.ready, `the process starts (round ${round}):\n${first.output()}`);
        first.child.kill('SIGKILL');
        await first.exited();
        assert.ok(fs.existsSync(path.join(dataDir, 'db', '.linecast.lock')), 'the killed process left its lock behind');
      }
      const next = spawnLinecast(['start', '--no-demo'], env);
      ps.push(next);
      const url = await next.ready;
      assert.ok(url, `the restarted process comes up instead of failing on the stale lock:\n${next.output()}`);
      const h = await fetch(`${url}/healthz`);
      assert.equal(h.status, 200);
      // while it runs, the lock still keeps others out, with the holder named
      const third = spawnLinecast(['start', '--no-demo'], env);
      ps.push(third);
      assert.equal(await third.ready, null);
      assert.match(third.output(), new RegExp(`in use by another Linecast process \\(pid ${next.child.pid} `));
    } finally {
      await killAll(ps);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
);
