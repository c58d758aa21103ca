import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { testDb, testEngine } from '../helpers/db.ts';

/**
 * `linecast start` as a newcomer runs it: the first start prints how to sign in (email and a one-time password)
 * exactly once, never the key from LINECAST_ADMIN_KEY, and the printed password signs in. The data directory it
 * leaves is for its owner only.
 */
const root = path.join(import.meta.dirname, '../..');
const ENV_KEY = 'lc_env_admin_key_must_never_be_printed_0123';

async function start(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; out: () => string }> {
  const child = spawn(process.execPath, ['bin/linecast.js', 'start', '--no-demo'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 120 s:\n${out}`)), 120_000);
    const on = (b: Buffer) => {
      out += b.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
  // the sign-in message follows the "running at" line in the same write, or just after
  await new Promise((r) => setTimeout(r, 300));
  return { child, url, out: () => out };
}

async function stop(c: ChildProcess) {
  if (c.exitCode !== null) return;
  const exited = new Promise((r) => c.once('exit', r));
  c.kill('SIGTERM');
  await exited;
}

test(
  `${testEngine}: first start prints the admin's email and a one-time password once, never the environment's key`,
  { timeout: 300_000 },
  async () => {
    const tdb = testEngine === 'postgres' ? await testDb() : null;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-first-'));
    fs.chmodSync(dataDir, 0o755);
    const env = { LINECAST_DATA_DIR: dataDir, LINECAST_ADMIN_KEY: ENV_KEY, ...(tdb ? { DATABASE_URL: tdb.url! } : {}) };
    try {
      const first = await start(env);
      let out = first.out();
      await stop(first.child);
      out = first.out();
      assert.ok(!out.includes(ENV_KEY), `the key from LINECAST_ADMIN_KEY was printed:\n${out}`);
      assert.match(out, /email\s+admin@linecast\.local/);
      const pw = /password\s+([a-z2-9]{5}(?:-[a-z2-9]{5}){3})/.exec(out)?.[1];
      assert.ok(pw, `no password printed:\n${out}`);
      assert.equal(out.split(pw).length - 1, 1, 'the password appears once, in the message, not in the log');

      const second = await start(env);
      try {
        assert.ok(!second.out().includes(pw) && !/password\s+[a-z2-9]{5}-/.test(second.out()), 'the second start prints no password');
        assert.ok(!second.out().includes(ENV_KEY));
        // The printed password signs in, and asks for a new one.
        const r = await fetch(`${second.url}/api/v1/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'admin@linecast.local', password: pw }),
        });
        assert.equal(r.status, 200, await r.clone().text());
        assert.equal(((await r.json()) as { passwordMustChange: boolean }).passwordMustChange, true);
        // The environment's key works for automation.
        assert.equal((await fetch(`${second.url}/api/v1/me`, { headers: { authorization: `Bearer ${ENV_KEY}` } })).status, 200);
      } finally {
        await stop(second.child);
      }

      // The data directory the server used is private (0700, files 0600).
      const open: string[] = [];
      const walk = (p: string) => {
        const st = fs.lstatSync(p);
        if (st.isSymbolicLink()) return;
        if (st.mode & 0o077) open.push(`${path.relative(dataDir, p)} ${(st.mode & 0o777).toString(8)}`);
        if (st.isDirectory()) for (const n of fs.readdirSync(p)) walk(path.join(p, n));
      };
      walk(dataDir);
      assert.deepEqual(open, []);
      assert.ok(fs.existsSync(path.join(dataDir, 'secret.key')));
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await tdb?.close();
    }
  },
);
