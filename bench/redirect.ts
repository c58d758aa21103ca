/**
 * Click-redirect benchmark: a real server in a child process (PGlite by default, PostgreSQL when DATABASE_URL is
 * set) with TOKENS per-recipient tokens written through the LinkRewriter, then GET /c/<random token> (each
 * request picks a token at random, so most early requests miss the in-process cache and hit the database).
 * The load comes from wrk (C, one thread) when it is installed (apt-get install wrk), else autocannon, which
 * runs in Node and takes about one of the two cores from the server. Prints one JSON line.
 * Usage: npm run bench:redirect [-- --seconds 10 --connections 20 --tokens 200000 --tool wrk|autocannon]
 */
import { execFileSync, fork, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createLogger } from '../src/runtime/logger.ts';
import { buildContext } from '../src/runtime/context.ts';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};

async function serve(): Promise<void> {
  const { openDb } = await import('../src/db/open.ts');
  const { buildApp } = await import('../src/http/app.ts');
  const { loadConfig } = await import('../src/config.ts');
  const { SecretBox } = await import('../src/security/secret-box.ts');
  const { createLinkRewriter } = await import('../src/tracking/rewriter.ts');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-bench-redirect-'));
  const db = await openDb({ databaseUrl: process.env.DATABASE_URL || null, dataDir });
  const ws = await db.query<{ id: string }>(`INSERT INTO workspaces (name) VALUES ('bench') RETURNING id`);
  const c = await db.query<{ id: string }>(`INSERT INTO campaigns (workspace_id, name) VALUES ($1, 'bench') RETURNING id`, [
    ws.rows[0]!.id,
  ]);
  const campaignId = c.rows[0]!.id;
  const n = Number(process.env.BENCH_TOKENS ?? 200_000);
  const rw = await createLinkRewriter(db, { campaignId, publicBaseUrl: 'http://127.0.0.1', perRecipient: true, enabled: true });
  const tokens: string[] = [];
  const started = performance.now();
  for (let d = 1; d <= n; d++) {
    tokens.push(rw(`https://shop.example/item/${d % 3}?utm_source=line&utm_medium=social`, { deliveryId: d }).split('/c/')[1]!);
    if (d % 5000 === 0) await rw.flush();
  }
  await rw.flush();
  const rewriteMs = performance.now() - started;
  const config = { ...loadConfig({}), dataDir };
  const app = await buildApp(buildContext({ db, box: new SecretBox(crypto.randomBytes(32)), config, log: createLogger('warn') }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  process.send!({ url, tokens, rewriteMs, engine: db.engine });
  process.on('message', async (m) => {
    if (m !== 'stop') return;
    await app.close(); // flushes the click buffer
    const clicks = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM clicks');
    process.send!({ clicks: clicks.rows[0]!.n });
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
}

const UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari Line/13.20.0';

interface Load {
  requests: number;
  perSec: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  errors: number;
}

function hasWrk(): boolean {
  return spawnSync('wrk', ['--version']).error === undefined;
}

// wrk's Lua: each request takes a random token from the file; done() prints the figures as one JSON line.
const WRK_LUA = `
local tokens = {}
init = function(args)
  for line in io.lines(args[1]) do tokens[#tokens + 1] = line end
  math.randomseed(os.time())
end
request = function()
  return wrk.format("GET", "/c/" .. tokens[math.random(#tokens)], { ["User-Agent"] = "${UA}" })
end
done = function(s, latency)
  local e = s.errors
  io.write(string.format('WRK{"requests":%d,"us":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,"errors":%d}\\n', s.requests, s.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, e.connect + e.read + e.write + e.timeout + e.status))
end`;

function runWrk(url: string, tokens: string[], seconds: number, connections: number): Load {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-bench-wrk-'));
  fs.writeFileSync(path.join(dir, 'tokens'), tokens.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'load.lua'), WRK_LUA);
  const out = execFileSync(
    'wrk',
    ['-t1', `-c${connections}`, `-d${seconds}s`, '-s', path.join(dir, 'load.lua'), url, '--', path.join(dir, 'tokens')],
    {
      encoding: 'utf8',
    },
  );
  fs.rmSync(dir, { recursive: true, force: true });
  const r = JSON.parse(out.split('WRK')[1]!.trim()) as Record<string, number>;
  const ms = (us: number) => Math.round(us / 10) / 100;
  return {
    requests: r.requests!,
    perSec: r.requests! / (r.us! / 1e6),
    latencyMs: { p50: ms(r.p50!), p90: ms(r.p90!), p99: ms(r.p99!), max: ms(r.max!) },
    errors: r.errors!,
  };
}

async function runAutocannon(url: string, tokens: string[], seconds: number, connections: number): Promise<Load> {
  const res = await autocannonRun(url, tokens, seconds, connections);
  const non3xx = res.non2xx - (res['3xx'] ?? 0);
  const { p50, p90, p99, max } = res.latency;
  return {
    requests: res.requests.total,
    perSec: res.requests.average,
    latencyMs: { p50, p90, p99, max },
    errors: res.errors + res.timeouts + Math.max(0, non3xx),
  };
}

function autocannonRun(url: string, tokens: string[], seconds: number, connections: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections,
        duration: seconds,
        headers: { 'user-agent': UA },
        requests: [{ setupRequest: (req) => ({ ...req, path: `/c/${tokens[Math.floor(Math.random() * tokens.length)]}` }) }],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });
}

async function main(): Promise<void> {
  const seconds = arg('seconds', 10);
  const connections = arg('connections', 20);
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve'], {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_PROF] : [])],
    env: { ...process.env, BENCH_TOKENS: String(arg('tokens', 200_000)) },
  });
  const ready = await new Promise<{ url: string; tokens: string[]; rewriteMs: number; engine: string }>((resolve) =>
    child.once('message', (m) => resolve(m as never)),
  );
  const tool = process.argv.includes('--tool') ? process.argv[process.argv.indexOf('--tool') + 1] : hasWrk() ? 'wrk' : 'autocannon';
  const run = tool === 'wrk' ? async (...a: Parameters<typeof runWrk>) => runWrk(...a) : runAutocannon;
  await run(ready.url, ready.tokens.slice(0, 1000), 2, connections); // warm-up (JIT, pools)
  const res = await run(ready.url, ready.tokens, seconds, connections);
  child.send('stop');
  const end = await new Promise<{ clicks: number }>((resolve) => child.once('message', (m) => resolve(m as never)));
  console.log(
    JSON.stringify({
      bench: 'redirect',
      engine: ready.engine,
      tokens: ready.tokens.length,
      rewriterTokensPerSec: Math.round((ready.tokens.length / ready.rewriteMs) * 1000),
      tool,
      connections,
      seconds,
      requests: res.requests,
      redirectsPerSec: Math.round(res.perSec),
      latencyMs: res.latencyMs,
      errors: res.errors,
      clicksRecorded: end.clicks,
      cpus: os.cpus().length,
    }),
  );
}

if (process.argv.includes('--serve')) await serve();
else await main();
