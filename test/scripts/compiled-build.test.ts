import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
// @ts-expect-error -- a plain ES module without types (it runs before anything is compiled)
import { buildServer } from '../../scripts/build-server.mjs';

// The compiled server (scripts/build-server.mjs → dist/) is what `npm start` runs. Built here into a folder of its own
// (dist/ may be in use), then started as a real process. NODE_DEBUG=esm makes Node name every module it loads, in every
// thread and child, so the test sees that the threads and the initdb child load the compiled modules, never tsx.
const root = path.join(import.meta.dirname, '../..');
const out = path.join(root, '.tmp', `dist-test-${process.pid}`);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-compiled-'));

before(async () => {
  await (buildServer as (out: string) => Promise<void>)(out);
});
after(() => {
  fs.rmSync(out, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** The module URLs Node's ESM loader reported loading (NODE_DEBUG=esm). */
const loaded = (log: string) => new Set([...log.matchAll(/Storing (file:\/\/\S+)/g)].map((m) => m[1]!));

test('the compiled build starts on a new data directory and serves /healthz, with no tsx in any thread or child', async () => {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(out, 'cli.js'), 'start'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_DEBUG: 'esm',
      LINECAST_DATA_DIR: dataDir,
      PORT: String(port),
      LINECAST_SANDBOX_PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise((r) => child.once('exit', r));
  try {
    let health: unknown = null;
    for (let i = 0; i < 600 && child.exitCode === null; i++) {
      health = await fetch(`http://127.0.0.1:${port}/healthz`)
        .then((r) => (r.ok ? r.json() : null))
        .catch(() => null);
      if (health) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.deepEqual(health, { ok: true, engine: 'pglite' }, log.slice(-2000));
    const urls = loaded(log);
    const outUrl = new URL(`file://${out}/`).href;
    // (the initdb child's stderr stays with its parent; the build has no .mjs entries, so a start proves it ran compiled)
    for (const m of ['cli.js', 'db/pglite-thread.js', 'db/migrate.js']) assert.ok(urls.has(outUrl + m), `${m} loaded from the build`);
    assert.deepEqual(
      [...urls].filter((u) => /\/tsx\/|\/src\/.*\.ts$/.test(u)),
      [],
      'no tsx and no TypeScript source loaded',
    );
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
});

test('a render thread of the compiled build loads the compiled worker, not tsx', () => {
  // a loop is not cheap: it renders on a render thread
  const script = `
    const { RenderPool } = await import(${JSON.stringify(new URL(`file://${out}/delivery/render/pool.js`).href)});
    const pool = new RenderPool({ threads: 1 });
    const source = { key: 'k', campaign: { id: 'c', name: 'n' }, messages: [{ type: 'text', text: '{% for i in (1..3) %}x{% endfor %}' }], utm: null };
    const [o] = await pool.render('lane', source, [{ id: 1, profile: {} }], { timeMs: 5000, memory: 1e6, outputChars: 1e5 });
    console.log('RESULT ' + JSON.stringify({ o, rendered: pool.rendered }));
    await pool.close();`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    env: { ...process.env, NODE_DEBUG: 'esm' },
    encoding: 'utf8',
  });
  const log = r.stdout + r.stderr;
  assert.equal(r.status, 0, log.slice(-2000));
  const result = JSON.parse(/RESULT (.*)/.exec(r.stdout)![1]!) as { o: { ok: boolean; messages: unknown }; rendered: unknown };
  assert.deepEqual(result.o.messages, [{ type: 'text', text: 'xxx' }]);
  assert.deepEqual(result.rendered, { onThread: 0, isolated: 1 });
  const urls = loaded(log);
  assert.ok(urls.has(new URL(`file://${out}/delivery/render/worker.js`).href), 'the thread loads the compiled worker');
  assert.deepEqual(
    [...urls].filter((u) => /\/tsx\//.test(u)),
    [],
  );
});
