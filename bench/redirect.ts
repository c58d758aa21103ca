/**
 * Click-redirect benchmark: a real server in a child process (PGlite by default, PostgreSQL when DATABASE_URL is
 * set) with TOKENS per-recipient tokens written through the LinkRewriter, then autocannon GETs /c/<random token>
 * (each request picks a token at random, so most early requests miss the in-process cache and hit the
 * database). Prints one JSON line. Usage: npm run bench:redirect [-- --seconds 10 --connections 50 --tokens 200000]
 */
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

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
  const c = await db.query<{ id: string }>(`INSERT INTO campaigns (workspace_id, name) VALUES ($1, 'bench') RETURNING id`, [ws.rows[0]!.id]);
  const campaignId = c.rows[0]!.id;
  const n = Number(process.env.BENCH_TOKENS ?? 200_000);
  const rw = await createLinkRewriter(db, { campaignId, publicBaseUrl: 'http://127.0.0.1', perRecipient: true });
  const tokens: string[] = [];
  const started = performance.now();
  for (let d = 1; d <= n; d++) {
    tokens.push(rw(`https://shop.example/item/${d % 3}?utm_source=line&utm_medium=social`, { deliveryId: d }).split('/c/')[1]!);
    if (d % 5000 === 0) await rw.flush();
  }
  await rw.flush();
  const rewriteMs = performance.now() - started;
  const config = { ...loadConfig({}), dataDir };
  const app = await buildApp({ db, box: new SecretBox(crypto.randomBytes(32)), config, services: {} });
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

function run(url: string, tokens: string[], seconds: number, connections: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections,
        duration: seconds,
        headers: { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari Line/13.20.0' },
        requests: [{ setupRequest: (req) => ({ ...req, path: `/c/${tokens[Math.floor(Math.random() * tokens.length)]}` }) }],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });
}

async function main(): Promise<void> {
  const seconds = arg('seconds', 10);
  const connections = arg('connections', 50);
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve'], {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_PROF] : [])],
    env: { ...process.env, BENCH_TOKENS: String(arg('tokens', 200_000)) },
  });
  const ready = await new Promise<{ url: string; tokens: string[]; rewriteMs: number; engine: string }>((resolve) =>
    child.once('message', (m) => resolve(m as never)),
  );
  await run(ready.url, ready.tokens.slice(0, 1000), 2, connections); // warm-up (JIT, pools)
  const res = await run(ready.url, ready.tokens, seconds, connections);
  child.send('stop');
  const end = await new Promise<{ clicks: number }>((resolve) => child.once('message', (m) => resolve(m as never)));
  const non3xx = res.non2xx - (res['3xx'] ?? 0);
  console.log(
    JSON.stringify({
      bench: 'redirect',
      engine: ready.engine,
      tokens: ready.tokens.length,
      rewriterTokensPerSec: Math.round((ready.tokens.length / ready.rewriteMs) * 1000),
      connections,
      seconds,
      requests: res.requests.total,
      redirectsPerSec: Math.round(res.requests.average),
      latencyMs: { p50: res.latency.p50, p90: res.latency.p90, p99: res.latency.p99, max: res.latency.max },
      errors: res.errors + res.timeouts + Math.max(0, non3xx),
      clicksRecorded: end.clicks,
      cpus: os.cpus().length,
    }),
  );
}

if (process.argv.includes('--serve')) await serve();
else await main();
