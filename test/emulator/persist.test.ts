import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { startSandbox } from '../../src/runtime/sandbox.ts';

const TOKEN = 'persist-token';
const uid = (n: number) => 'U' + n.toString(16).padStart(32, '0');
const dir = () => mkdtempSync(join(tmpdir(), 'linecast-emu-state-'));
const text = (t: string) => ({ type: 'text' as const, text: t });

const client = (url: string) => new messagingApi.MessagingApiClient({ channelAccessToken: TOKEN, baseURL: url });

async function failure(p: Promise<unknown>): Promise<HTTPFetchError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof HTTPFetchError, String(e));
    return e;
  }
  assert.fail('expected an HTTP error');
}

async function received(
  url: string,
  user: string,
): Promise<{ count: number; deliveries: Array<{ requestId: string; messages: unknown[] }> | null; state: string }> {
  return (await (await fetch(`${url}/_emulator/users/${user}/messages`)).json()) as never;
}

/** After a restart: the retry key still answers 409 with the first acceptance's id, and nothing is sent twice. */
async function assertRemembers(url: string, key: string, first: { requestId: string; sentMessages: unknown }, user: string, body: string) {
  const err = await failure(client(url).pushMessage({ to: user, messages: [text(body)] }, key));
  assert.equal(err.status, 409);
  assert.equal(err.headers.get('x-line-accepted-request-id'), first.requestId);
  assert.deepEqual((JSON.parse(err.body) as { sentMessages: unknown }).sentMessages, first.sentMessages);
  const got = await received(url, user);
  assert.equal(got.count, 1, 'delivered once, not again');
  assert.deepEqual(got.deliveries?.[0]?.messages, [text(body)]);
  assert.equal(got.deliveries?.[0]?.requestId, first.requestId);
}

async function pushOnce(url: string, user: string, body: string, key = randomUUID()) {
  const r = await client(url).pushMessageWithHttpInfo({ to: user, messages: [text(body)] }, key);
  return { key, requestId: r.httpResponse.headers.get('x-line-request-id')!, sentMessages: r.body.sentMessages };
}

describe('emulator state directory', () => {
  it('a restarted emulator remembers retry keys, deliveries, usage, units, user states and day counts', async () => {
    const stateDir = dir();
    let emu: RunningEmulator = await startEmulator({ stateDir, tokens: [TOKEN] });
    const first = await pushOnce(emu.url, uid(1), 'hello');
    const sdk = client(emu.url);
    await sdk.multicast({ to: [uid(2), uid(3)], messages: [text('all')], customAggregationUnits: ['spring'] }, randomUUID());
    await fetch(`${emu.url}/_emulator/config`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ users: { blocked: [uid(9)] } }),
    });
    // A key whose first request failed has its 24 hours running all the same.
    const failedKey = randomUUID();
    emu.state.setConfig({ faults: { serverError: { next: 1 } } });
    await failure(sdk.pushMessage({ to: uid(4), messages: [text('late')] }, failedKey));
    const opened = emu.state.now();
    const ids = first.sentMessages.map((m) => m.id);
    await emu.close();

    emu = await startEmulator({ stateDir, tokens: [TOKEN] });
    try {
      await assertRemembers(emu.url, first.key, first, uid(1), 'hello');
      const again = client(emu.url);
      assert.equal((await again.getMessageQuotaConsumption()).totalUsage, 3);
      assert.deepEqual((await again.getAggregationUnitNameList()).customAggregationUnits, ['spring']);
      assert.equal((await received(emu.url, uid(9))).state, 'blocked');
      assert.equal((await received(emu.url, uid(3))).count, 1);
      const next = await again.pushMessage({ to: uid(5), messages: [text('new')] }, randomUUID());
      assert.ok(!ids.includes(next.sentMessages[0]!.id), 'message ids do not repeat after a restart');
      // The failed key's window still counts from its first request: accepted now, gone 24 h after `opened`.
      await again.pushMessage({ to: uid(4), messages: [text('late')] }, failedKey);
      emu.state.setConfig({ clockOffsetMs: opened + 24 * 3600_000 + 1 - Date.now() });
      await again.pushMessage({ to: uid(4), messages: [text('late')] }, failedKey);
      assert.equal((await received(emu.url, uid(4))).count, 2);
      const day = await again.getNumberOfSentPushMessages(new Date(opened + 9 * 3600_000).toISOString().slice(0, 10).replaceAll('-', ''));
      assert.equal(day.status, 'ready');
      assert.ok((day.success ?? 0) >= 2, JSON.stringify(day));
    } finally {
      await emu.close();
    }
  });

  it('the sandbox emulator keeps its memory in the data directory across a restart', async () => {
    const dataDir = dir();
    let sandbox = await startSandbox(0, dataDir);
    const first = await pushOnce(sandbox.url, uid(20), 'sandbox');
    await sandbox.close();
    assert.ok(existsSync(join(dataDir, 'emulator', 'journal.ndjson')));
    sandbox = await startSandbox(0, dataDir);
    try {
      await assertRemembers(sandbox.url, first.key, first, uid(20), 'sandbox');
      // A second process on the same data directory (API servers on PostgreSQL) still starts, in memory.
      const second = await startSandbox(0, dataDir);
      assert.equal((await received(second.url, uid(20))).count, 0);
      await second.close();
    } finally {
      await sandbox.close();
    }
  });

  it('an emulator killed with SIGKILL answers 409 for a key it accepted before the kill (sandbox and CLI)', async () => {
    const dataDir = dir();
    const stateDir = join(dataDir, 'emulator');
    let child = await spawnSandbox(dataDir);
    try {
      const first = await pushOnce(child.url, uid(30), 'before the kill');
      await pushOnce(child.url, uid(31), 'another');
      await kill9(child.proc);
      // A write cut by a crash leaves half a line: it is dropped, and what came before is kept.
      appendFileSync(join(stateDir, 'journal.ndjson'), '{"t":"acc","ch":"x","ep":"pu');
      child = await spawnSandbox(dataDir);
      await assertRemembers(child.url, first.key, first, uid(30), 'before the kill');
      await kill9(child.proc);
      child = await spawnEmulator(stateDir);
      await assertRemembers(child.url, first.key, first, uid(30), 'before the kill');
      const after = await pushOnce(child.url, uid(32), 'after');
      await kill9(child.proc);
      child = await spawnEmulator(stateDir);
      await assertRemembers(child.url, after.key, after, uid(32), 'after');
      assert.equal((await received(child.url, uid(31))).count, 1);
    } finally {
      await kill9(child.proc);
    }
  });

  it('compaction rewrites the journal as a snapshot and loses nothing, in both record modes', async () => {
    for (const record of ['messages', 'counts'] as const) {
      const stateDir = dir();
      let emu = await startEmulator({ stateDir, tokens: [TOKEN], record, compactBytes: 4096, rateLimits: { enabled: false } });
      const firsts = [];
      for (let i = 0; i < 40; i++) firsts.push(await pushOnce(emu.url, uid(100 + (i % 10)), `m${i}`));
      await client(emu.url).multicast({ to: [uid(200), uid(201)], messages: [text('m')] }, randomUUID());
      await emu.close();
      assert.ok(existsSync(join(stateDir, 'snapshot.ndjson')), 'a snapshot was written');
      assert.ok(statSync(join(stateDir, 'journal.ndjson')).size < 4096 * 2, 'the journal was cut back');
      emu = await startEmulator({ stateDir, tokens: [TOKEN], record, compactBytes: 4096, rateLimits: { enabled: false } });
      try {
        for (const f of firsts) {
          const err = await failure(client(emu.url).pushMessage({ to: uid(100), messages: [text('x')] }, f.key));
          assert.equal(err.status, 409);
          assert.equal(err.headers.get('x-line-accepted-request-id'), f.requestId);
        }
        const stats = (await (await fetch(`${emu.url}/_emulator/stats`)).json()) as {
          recipientDeliveries: number;
          distinctUsers: number;
          usersWithMultipleDeliveries: number;
        };
        assert.deepEqual([stats.recipientDeliveries, stats.distinctUsers, stats.usersWithMultipleDeliveries], [42, 12, 10], record);
        assert.equal((await received(emu.url, uid(100))).count, 4);
      } finally {
        await emu.close();
      }
    }
  });

  it('reset empties the state directory; a second emulator on a directory in use is refused', async () => {
    const stateDir = dir();
    let emu = await startEmulator({ stateDir, tokens: [TOKEN] });
    const first = await pushOnce(emu.url, uid(40), 'gone');
    await assert.rejects(startEmulator({ stateDir }), /in use/);
    await fetch(`${emu.url}/_emulator/reset`, { method: 'POST' });
    await emu.close();
    emu = await startEmulator({ stateDir, tokens: [TOKEN] });
    try {
      assert.equal((await received(emu.url, uid(40))).count, 0);
      await client(emu.url).pushMessage({ to: uid(40), messages: [text('gone')] }, first.key);
      assert.equal((await received(emu.url, uid(40))).count, 1, 'the key was forgotten with everything else');
      assert.ok(!readFileSync(join(stateDir, 'journal.ndjson'), 'utf8').includes(TOKEN), 'no access token on disk');
    } finally {
      await emu.close();
    }
  });
});

async function spawnEmulator(stateDir: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/main.ts', '--port', '0', '--state-dir', stateDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LINECAST_EMULATOR_CONFIG: '' },
  });
  return listening(proc);
}

async function listening(proc: ChildProcess): Promise<{ proc: ChildProcess; url: string }> {
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`emulator exited ${code}: ${out}`)));
  });
  return { proc, url };
}

/** The demo's sandbox emulator (src/runtime/sandbox.ts) in a child process, as `linecast start` runs it. */
async function spawnSandbox(dataDir: string): Promise<{ proc: ChildProcess; url: string }> {
  const code = `const { startSandbox } = await import('./src/runtime/sandbox.ts'); const e = await startSandbox(0, ${JSON.stringify(dataDir)}); console.log('listening at ' + e.url);`;
  return listening(
    spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] }),
  );
}

async function kill9(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const gone = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGKILL');
  await gone;
}
