/**
 * Memory and idle CPU of `linecast start` on the embedded default (PGlite) with the demo, started for the first time
 * on a fresh data directory (initdb, migrations, 3,000 demo profiles, the sandbox emulator), as `npm start` does.
 * Prints one JSON line: RSS 20 s after it is ready, RSS and CPU share of a core over an idle window that follows
 * (`--idle <s>`, default 60), the process's peak RSS, its threads, and where the resident memory is (from
 * /proc/<pid>/smaps: anonymous memory, native libraries, other files). Linux only.
 *
 *   npm run bench:idle -- --idle 60 [--restart] [--at 20]
 * `--restart` measures a second start on the same data directory instead (no initdb, no demo seeding).
 * Environment passes through (LINECAST_RENDER_THREADS, LINECAST_PGLITE_* …), for side-by-side runs.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { numArg } from './lib/args.ts';

const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const atS = numArg('at', 20);
const idleS = numArg('idle', 60);
const restart = process.argv.includes('--restart');
const TICK = 100; // USER_HZ on Linux
// the Node flags `npm start` runs the server with
const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const nodeFlags =
  /node ((?:--\S+ )*)bin\/linecast\.js start/
    .exec(pkg.scripts.start ?? '')?.[1]
    ?.trim()
    .split(/\s+/)
    .filter(Boolean) ?? [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function status(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
    const m = /^(\w+):\s+(\d+)/.exec(line);
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

/** CPU seconds (user + system) of every thread of the process so far. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / TICK;
}

/** Resident MB by mapping kind: anonymous (heaps of every thread, WebAssembly memory), native libraries, other files. */
function breakdown(pid: number): Record<string, number> {
  const kb: Record<string, number> = { anon: 0, libs: 0, other_files: 0 };
  let cur: { name: string; size: number } | null = null;
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (head) {
      cur = { name: head[3]!, size: (parseInt(head[2]!, 16) - parseInt(head[1]!, 16)) / 1024 };
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (!rss || !cur) continue;
    const n = Number(rss[1]);
    if (!cur.name || cur.name.startsWith('[')) kb.anon! += n;
    else if (/\.so(\.|$)|\.node$/.test(cur.name)) kb.libs! += n;
    else kb.other_files! += n;
  }
  return Object.fromEntries(Object.entries(kb).map(([k, v]) => [`${k}_mb`, Math.round(v / 1024)]));
}

/** CPU ticks per thread (tid → user + system), to see which thread wakes while idle (the main thread's tid is the pid). */
function threadTicks(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, Number(f[11]) + Number(f[12]));
    } catch {
      /* the thread ended */
    }
  }
  return out;
}

function rssMb(pid: number): number {
  return Math.round((status(pid).VmRSS ?? 0) / 1024);
}

async function start(dataDir: string): Promise<{ child: ChildProcess; startedAt: number; readyS: number }> {
  const port = await freePort();
  const startedAt = performance.now();
  const child = spawn(process.execPath, [...nodeFlags, path.join(repo, 'bin/linecast.js'), 'start'], {
    cwd: repo,
    env: {
      ...process.env,
      LINECAST_DATA_DIR: dataDir,
      PORT: String(port),
      LINECAST_SANDBOX_PORT: '0',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Linecast is running')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`linecast start exited (${code}) before it was ready`)));
  });
  return { child, startedAt, readyS: (performance.now() - startedAt) / 1000 };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

// as `npm start` does: the compiled server (dist/) when a tree has the build step, built now if stale
if (fs.existsSync(path.join(repo, 'scripts/build-server.mjs')))
  execFileSync(process.execPath, [path.join(repo, 'scripts/build-server.mjs')], { stdio: 'inherit' });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-bench-idle-'));
try {
  if (restart) {
    const first = await start(dataDir);
    await sleep(3_000);
    await stop(first.child);
  }
  const { child, readyS } = await start(dataDir);
  const pid = child.pid!;
  // from the moment it answers: on a busy machine a first start (initdb, demo) can itself take longer than that
  await sleep(atS * 1000);
  const rssAt = rssMb(pid);
  const cpu0 = cpuSeconds(pid);
  const ticks0 = threadTicks(pid);
  const t0 = performance.now();
  await sleep(idleS * 1000);
  const cpu = cpuSeconds(pid) - cpu0;
  const busiest = [...threadTicks(pid)]
    .map(([tid, t]) => [tid === String(pid) ? 'main' : tid, t - (ticks0.get(tid) ?? 0)] as const)
    .filter(([, t]) => t > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5);
  const wall = (performance.now() - t0) / 1000;
  const st = status(pid);
  console.log(
    JSON.stringify({
      start: restart ? 'restart' : 'first',
      ready_s: Number(readyS.toFixed(2)),
      [`rss_at_${atS}s_mb`]: rssAt,
      idle_s: idleS,
      rss_after_idle_mb: Math.round((st.VmRSS ?? 0) / 1024),
      peak_rss_mb: Math.round((st.VmHWM ?? 0) / 1024),
      idle_cpu_pct: Number(((cpu / wall) * 100).toFixed(2)),
      threads: st.Threads,
      idle_cpu_ticks_by_thread: Object.fromEntries(busiest),
      ...breakdown(pid),
      node_flags: nodeFlags.join(' '),
      render_threads: process.env.LINECAST_RENDER_THREADS ?? 'default',
      load: os.loadavg().map((l) => Number(l.toFixed(2))),
    }),
  );
  await stop(child);
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
