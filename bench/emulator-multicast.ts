/**
 * LINE emulator at campaign scale: RECIPIENTS distinct users (default one million) reached by multicasts of
 * 500, sent over CONNECTIONS keep-alive sockets with the LineClient, the emulator in a child process with rate
 * limits off. Reports throughput and the emulator's memory for each record mode. Prints one JSON line.
 * Usage: node --import tsx bench/emulator-multicast.ts [--recipients 1000000 --connections 16 --record messages|counts --persist]
 */
import { fork } from 'node:child_process';
import crypto from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineClient } from '../src/line/client.ts';

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
    global.gc?.();
    const mem = process.memoryUsage();
    process.send!({
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssMb: Math.round(mem.rss / 1e6),
      heapMb: Math.round(mem.heapUsed / 1e6),
      delivered: emu.state.log.total,
      summary: emu.state.log.summary(),
    });
    void emu.close().then(() => process.exit(0));
  });
}

async function main(): Promise<void> {
  const recipients = Number(arg('recipients', '1000000'));
  const connections = Number(arg('connections', '16'));
  const record = arg('record', 'messages');
  const persist = process.argv.includes('--persist');
  const stateDir = persist ? mkdtempSync(join(tmpdir(), 'linecast-bench-emu-')) : '';
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: { ...process.env, BENCH_RECORD: record, BENCH_STATE_DIR: stateDir },
  });
  const { url } = await new Promise<{ url: string }>((resolve) => child.once('message', (m) => resolve(m as { url: string })));
  const line = new LineClient({ baseUrl: url, channelAccessToken: 'bench', connections, timeoutMs: 30_000 });
  const messages = [{ type: 'text', text: 'Spring sale for members: https://shop.example/sale' }];
  const batches = Math.ceil(recipients / 500);
  let next = 0;
  let failed = 0;
  const latencies: number[] = [];
  const started = performance.now();
  const worker = async () => {
    while (next < batches) {
      const b = next++;
      const to: string[] = [];
      for (let i = b * 500; i < Math.min(recipients, (b + 1) * 500); i++) to.push('U' + i.toString(16).padStart(32, '0'));
      const t0 = performance.now();
      const r = await line.multicast(to, messages, crypto.randomUUID());
      latencies.push(performance.now() - t0);
      if (r.kind !== 'accepted') failed++;
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  await line.close();
  child.send('stop');
  const after = await new Promise<{ cpuMs: number; rssMb: number; heapMb: number; delivered: number; summary: { distinctUsers: number } }>(
    (resolve) => child.once('message', (m) => resolve(m as never)),
  );
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]! * 10) / 10;
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      bench: 'emulator-multicast',
      recipients,
      requests: batches,
      failed,
      seconds: Math.round(seconds * 100) / 100,
      requests_per_s: Math.round(batches / seconds),
      recipients_per_s: Math.round(after.delivered / seconds),
      p50_ms: pct(0.5),
      p99_ms: pct(0.99),
      distinct_users: after.summary.distinctUsers,
      emulator_rss_mb: after.rssMb,
      emulator_heap_mb: after.heapMb,
      // CPU time the emulator spent per multicast request (500 recipients): comparable on a busy machine.
      emulator_cpu_us_per_req: Math.round((after.cpuMs * 1000) / batches),
      record,
      persist,
      connections,
    }),
  );
}

if (process.argv.includes('--serve')) await serve();
else await main();
