/**
 * Report benchmark: one Finished campaign with DELIVERIES recipients seeded into the delivery engine's tables
 * (4% excluded by reason; requests of 500 — or 1 with --push — 94% accepted over 60 minutes, the rest failed by reason) and CLICKS clicks from 5% of recipients over 3 links, seeded with
 * copyRows / the click writer, then GET …/campaigns/{id}/report through the real app. Prints one JSON line:
 * the first (uncached) report time and the median of RUNS later ones. PGlite by default; PostgreSQL with
 * DATABASE_URL. Usage: npm run bench:report [-- --deliveries 1000000 --runs 7 --push]
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { openDb } from '../src/db/open.ts';
import { buildApp } from '../src/http/app.ts';
import { newApiKey } from '../src/security/api-keys.ts';
import { bootstrap } from '../src/runtime/bootstrap.ts';
import { createLogger } from '../src/runtime/logger.ts';
import { SecretBox } from '../src/security/secret-box.ts';
import { writeClicks, type ClickRecord } from '../src/tracking/click-recorder.ts';
import { campaignLookup } from '../src/campaigns/lookup.ts';
import { linkIdFor } from '../src/tracking/token.ts';
import { buildContext } from '../src/runtime/context.ts';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const N = arg('deliveries', 1_000_000);
const RUNS = arg('runs', 7);
const MODE = process.argv.includes('--push') ? 'push' : 'multicast';
const ACCOUNT = '00000000-0000-0000-0000-0000000000b1';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-bench-report-'));
const db = await openDb({ databaseUrl: process.env.DATABASE_URL || null, dataDir });
// A key of our own: on a database bootstrapped before (a reused DATABASE_URL), bootstrap returns no key.
const apiKey = newApiKey();
const boot = await db.tx((q) => bootstrap(q, apiKey));
const c = await db.query<{ id: string }>(
  `INSERT INTO campaigns (workspace_id, name, state, launched_at, finished_at) VALUES ($1, 'bench', 'Finished', now() - interval '2 hours', now() - interval '1 hour') RETURNING id`,
  [boot.workspaceId],
);
const campaignId = c.rows[0]!.id;
const t0 = Date.now() - 2 * 3_600_000;

const seedStart = performance.now();
// Seeded the way the delivery engine writes: recipient rows frozen at snapshot (4% excluded by reason), one
// LINE request per 500 eligible recipients (multicast) or per recipient (push), the snapshot's counts.
const maxId = (await db.query<{ n: number }>('SELECT COALESCE(max(id), 0)::int AS n FROM delivery_recipients')).rows[0]!.n;
const excludedReason = (i: number) => (i % 100 < 3 ? 'missing_recipient_id' : i % 100 < 4 ? 'unfollowed' : null);
const BATCH = 200_000;
const excluded: Record<string, number> = {};
const pendingIds: number[] = [];
for (let off = 1; off <= N; off += BATCH) {
  const batch: unknown[][] = [];
  for (let i = off; i < Math.min(off + BATCH, N + 1); i++) {
    const reason = excludedReason(i);
    if (reason) excluded[reason] = (excluded[reason] ?? 0) + 1;
    else pendingIds.push(maxId + i);
    batch.push([maxId + i, campaignId, 1, i, 'U' + i.toString(16).padStart(32, '0'), reason ? 'excluded' : 'pending', reason, false]);
  }
  await db.copyRows(
    'delivery_recipients',
    ['id', 'campaign_id', 'revision_id', 'profile_id', 'line_user_id', 'status', 'reason', 'is_test'],
    batch,
  );
}
const size = MODE === 'push' ? 1 : 500;
const requests: unknown[][] = [];
const nReq = Math.ceil(pendingIds.length / size);
for (let k = 0; k < nReq; k++) {
  const ids = pendingIds.slice(k * size, (k + 1) * size);
  const r = k % 100;
  const [status, reason] = r < 94 ? ['accepted', null] : r < 98 ? ['failed', 'invalid_recipient'] : ['failed', 'transient_exhausted'];
  const at = status === 'accepted' ? new Date(t0 + (k / nReq) * 3_600_000).toISOString() : null;
  requests.push([campaignId, ACCOUNT, MODE, ids[0], ids[ids.length - 1], ids.length, false, status, reason, 1, at]);
  if (requests.length === BATCH || k === nReq - 1) {
    await db.copyRows(
      'delivery_requests',
      [
        'campaign_id',
        'line_account_id',
        'endpoint',
        'first_id',
        'last_id',
        'recipients',
        'is_test',
        'status',
        'reason',
        'attempts',
        'accepted_at',
      ],
      requests.splice(0),
    );
  }
}
await db.query(
  `INSERT INTO delivery_campaigns (campaign_id, revision_id, line_account_id, send_mode, first_id, last_id, next_id, pending_total, excluded, claimed, done)
   VALUES ($1, 1, $2, $3, $4::bigint, $5::bigint, $5::bigint + 1, $6::int, $7, $6::int, true)`,
  [campaignId, ACCOUNT, MODE, maxId + 1, maxId + N, pendingIds.length, JSON.stringify(excluded)],
);
const urls = [0, 1, 2].map((i) => `https://shop.example/p${i}?utm_source=line`);
await db.query(
  `INSERT INTO campaign_links (campaign_id, link_id, url, position) SELECT $1, l, u, p FROM unnest($2::text[], $3::text[], $4::int[]) AS t(l, u, p)`,
  [campaignId, urls.map(linkIdFor), urls, [0, 1, 2]],
);
const clickers = Math.floor(N * 0.05);
for (let off = 0; off < clickers; off += 10_000) {
  const batch: ClickRecord[] = [];
  for (let i = off; i < Math.min(off + 10_000, clickers); i++) {
    const deliveryId = maxId + 1 + i * 20;
    batch.push({
      campaignId,
      linkId: linkIdFor(urls[i % 3]!),
      token: 'x',
      deliveryId: String(deliveryId),
      at: new Date(t0 + (i / clickers) * 7_200_000),
      userAgent: 'Mozilla/5.0 Line/13.20.0',
      isBot: i % 50 === 0,
      isTest: false,
    });
  }
  await db.tx((q) => writeClicks(q, campaignLookup, batch));
}
await db.query('ANALYZE delivery_recipients');
await db.query('ANALYZE delivery_requests');
const seedMs = performance.now() - seedStart;

const app = await buildApp(
  buildContext({ db, box: new SecretBox(crypto.randomBytes(32)), config: { ...loadConfig({}), dataDir }, log: createLogger('warn') }),
);
await app.ready();
const url = `/api/v1/workspaces/${boot.workspaceId}/campaigns/${campaignId}/report`;
const headers = { authorization: `Bearer ${apiKey}` };
const time = async () => {
  const s = performance.now();
  const res = await app.inject({ url, headers });
  if (res.statusCode !== 200) throw new Error(`report answered ${res.statusCode}: ${res.body}`);
  return { ms: performance.now() - s, body: res.json() as { accepted: number; clicks: { unique: number } } };
};
const first = await time();
const times: number[] = [];
for (let i = 0; i < RUNS; i++) times.push((await time()).ms);
// The same report with the cache dropped each time: what an Active campaign's report costs every 5 s.
const uncached: number[] = [];
for (let i = 0; i < 3; i++) {
  await db.query('DELETE FROM campaign_report_cache');
  uncached.push((await time()).ms);
}
times.sort((a, b) => a - b);
uncached.sort((a, b) => a - b);
const round = (n: number) => Math.round(n * 10) / 10;
console.log(
  JSON.stringify({
    bench: 'report',
    engine: db.engine,
    deliveries: N,
    sendMode: MODE,
    requests: nReq,
    clicks: clickers,
    accepted: first.body.accepted,
    uniqueClickers: first.body.clicks.unique,
    seedSeconds: round(seedMs / 1000),
    firstReportMs: round(first.ms),
    medianReportMs: round(times[Math.floor(times.length / 2)]!),
    medianUncachedReportMs: round(uncached[1]!),
    runs: RUNS,
  }),
);
await app.close();
await db.close();
fs.rmSync(dataDir, { recursive: true, force: true });
