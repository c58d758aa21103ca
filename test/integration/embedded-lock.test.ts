import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPglite, DataDirLockedError } from '../../src/db/pglite.ts';
import { testEngine } from '../helpers/db.ts';

// The embedded engine only: PGlite silently loses writes when two processes share a data directory.
test('a second process opening the same embedded data directory gets a clear error', { skip: testEngine !== 'pglite' }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lc-lock-'));
  const db = await openPglite(dir);
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', `import('${path.resolve('src/db/pglite.ts')}').then(m => m.openPglite(${JSON.stringify(dir)})).then(() => process.exit(0), e => { console.error(e.message); process.exit(3); })`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
