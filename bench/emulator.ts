/**
 * LINE emulator throughput: the emulator runs in a child process (rate limits off, everything else as by
 * default, including per-user message recording) and autocannon POSTs /v2/bot/message/push, each request
 * with its own X-Line-Retry-Key and a user picked from a pool of USERS ids. Prints one JSON line.
 * Usage: npm run bench:emulator [-- --seconds 10 | --requests 30000] [--connections 64 --users 100000 --record messages|counts --persist]
 */
import { fork } from 'node:child_process';
import crypto from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? def) : def;
};

async function serve(): Promise<void> {
  const { startEmulator } = await import('../src/emulator/server.ts');
  const record = (process.env.BENCH_RECORD ?? 'messages') as 'messages' | 'counts';
  // --persist: the emulator keeps its state in a fresh directory (journal write per accepted request).
  const stateDir = process.env.BENCH_STATE_DIR || undefined;
  const emu = await startEmulator({ port: 0, rateLimits: { enabled: false }, record, ...(stateDir ? { stateDir } : {}) });
  const cpu0 = process.cpuUsage();
  process.send!({ url: emu.url });
  process.on('message', (m) => {
    if (m !== 'stop') return;
    const cpu = process.cpuUsage(cpu0);
    const stats = emu.state.stats.snapshot(Date.now());
    process.send!({
      stats,
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssMb: Math.round(process.memoryUsage().rss / 1e6),
      summary: emu.state.log.summary(),
    });
    void emu.close().then(() => process.exit(0));
  });
}

async function main(): Promise<void> {
  const seconds = Number(arg('seconds', '10'));
  // --requests N: a fixed amount of work instead of a fixed time, so CPU per request compares across busy runs.
  const amount = Number(arg('requests', '0'));
  const connections = Number(arg('connections', '64'));
  const users = Number(arg('users', '100000'));
  const record = arg('record', 'messages');
  const persist = process.argv.includes('--persist');
  const stateDir = persist ? mkdtempSync(join(tmpdir(), 'linecast-bench-emu-')) : '';
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_RECORD: record, BENCH_STATE_DIR: stateDir },
  });
  const ready = await new Promise<{ url: string }>((resolve) => child.once('message', (m) => resolve(m as { url: string })));
  const ids = Array.from({ length: users }, (_, i) => 'U' + crypto.createHash('md5').update(`bench-${i}`).digest('hex'));
  const body = (to: string) =>
    JSON.stringify({ to, messages: [{ type: 'text', text: 'Spring sale! https://shop.example/sale?utm_source=line' }] });
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url: ready.url,
        connections,
        ...(amount > 0 ? { amount } : { duration: seconds }),
        requests: [
          {
            method: 'POST',
            path: '/v2/bot/message/push',
            setupRequest: (req) => ({
              ...req,
              headers: {
                'content-type': 'application/json',
                authorization: 'Bearer bench-token',
                'x-line-retry-key': crypto.randomUUID(),
              },
              body: body(ids[Math.floor(Math.random() * users)]!),
            }),
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });
  child.send('stop');
  const after = await new Promise<{ stats: Record<string, unknown>; cpuMs: number; rssMb: number; summary: { distinctUsers: number } }>(
    (resolve) => child.once('message', (m) => resolve(m as never)),
  );
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      bench: 'emulator-push',
      requests_per_s: Math.round(result.requests.average),
      p50_ms: result.latency.p50,
      p99_ms: result.latency.p99,
      max_ms: result.latency.max,
      requests: result.requests.total,
      non_2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      accepted: after.stats.acceptedRequests,
      distinct_users: after.summary.distinctUsers,
      emulator_rss_mb: after.rssMb,
      // CPU time the emulator spent per accepted request: comparable across runs on a busy machine.
      emulator_cpu_us_per_req: Math.round((after.cpuMs * 1000) / Number(after.stats.acceptedRequests)),
      load_avg_1m: (await import('node:os')).loadavg()[0],
      seconds: amount > 0 ? Math.round(result.duration * 10) / 10 : seconds,
      connections,
      record,
      persist,
      cpus: (await import('node:os')).cpus().length,
    }),
  );
}

if (process.argv.includes('--serve')) await serve();
else await main();
