// Render isolation: while a push campaign with the most expensive template validation allows is delivering, another
// push campaign on the same LINE account keeps sending, and /healthz of the same process stays quick. The emulator
// runs in a process of its own with the account's rate as its own limit and ~30 ms latency. One JSON line.
// Usage: npm run bench:render-isolation [-- --seconds 15 --limit 2000 --recipients 20000]
import http from 'node:http';
import { RENDER_BUDGET, compileMessages, renderMessages, type LineMessage } from '../src/domain/index.ts';
import { checkRenderedContent } from '../src/delivery/render/check.ts';
import { renderPool } from '../src/delivery/render/pool.ts';
import { snapshotCampaign } from '../src/delivery/snapshot.ts';
import { startDeliveryEngine } from '../src/delivery/service.ts';
import { enginePorts } from '../src/runtime/context.ts';
import { transition } from '../src/campaigns/transitions.ts';
import { onCampaignCanceled } from '../src/delivery/index.ts';
import type { Db } from '../src/db/types.ts';
import { testApp } from '../test/helpers/app.ts';
import { addAccount, campaign, type World } from '../test/delivery/fixture.ts';
import { numArg } from './lib/args.ts';
import { emulatorProcess, emulatorStats } from './lib/emulator-process.ts';
import { seedProfiles } from './lib/run-campaign.ts';

const seconds = numArg('seconds', 15);
const limit = numArg('limit', 2_000);
const n = numArg('recipients', 20_000);
/** --alone runs the other campaign alone (its rate without the expensive one, for comparison). */
const withHeavy = !process.argv.includes('--alone');

const loopText = (loops: number) => `{% for a in (1..${loops}) %}{% endfor %}Hi {{ profile.first_name }}`;

/** Whether launch validation (render threads, RENDER_BUDGET) accepts `messages`, three times in a row. */
async function validates(db: Db, messages: unknown[]): Promise<boolean> {
  for (let i = 0; i < 3; i++) {
    const r = await checkRenderedContent(db, {
      campaign: { id: 'bench', name: 'bench' },
      messages,
      utm: null,
      trackingEnabled: false,
      sendMode: 'push',
      publicBaseUrl: 'http://127.0.0.1:3000',
      audience: null,
    });
    if (r.errors.length) return false;
  }
  return true;
}

/** The heaviest message validation lets through: the longest loop it accepts (binary search, on the render threads). */
async function heaviestText(db: Db): Promise<{ text: string; loops: number; ms: number }> {
  let lo = 100;
  let hi = 100;
  while (await validates(db, [{ type: 'text', text: loopText(hi) }])) hi *= 2;
  while (hi - lo > lo / 20) {
    const mid = Math.floor((lo + hi) / 2);
    if (await validates(db, [{ type: 'text', text: loopText(mid) }])) lo = mid;
    else hi = mid;
  }
  // 90 % of the boundary, so the bundle still validates when the machine is a little busier
  const loops = Math.floor(lo * 0.9);
  const c = compileMessages([{ type: 'text', text: loopText(loops) }] as LineMessage[]);
  const t0 = performance.now();
  renderMessages(c, { profile: { first_name: 'x' }, campaign: { id: 'c', name: 'n' } }, { ...RENDER_BUDGET, timeMs: 10_000 });
  return { text: loopText(loops), loops, ms: performance.now() - t0 };
}

const emu = await emulatorProcess({ record: 'counts', faults: { latencyMs: 30 }, rateLimits: { push: limit } });
const t = await testApp();
try {
  const db = t.ctx.db;
  const accountId = await addAccount(db, t.ctx.box, t.workspaceId, {
    apiBaseUrl: emu.url,
    pushPerSecond: limit,
    token: 'bench-isolation-token',
  });
  const parentSegmentId = (await db.query<{ id: string }>(`INSERT INTO parent_segments (name) VALUES ('P') RETURNING id`)).rows[0]!.id;
  const w: World = { box: t.ctx.box, ws: t.workspaceId, accountId, parentSegmentId };
  await seedProfiles(db, w, n);

  // the heaviest allowed: five messages, each the longest loop validation accepts
  const heavyOne = await heaviestText(db);
  const heavyMessages = Array.from({ length: 5 }, () => ({ type: 'text', text: heavyOne.text }));
  if (!(await validates(db, heavyMessages))) throw new Error('the heavy bundle does not validate');

  const heavy = await campaign(db, w, { sendMode: 'push', messages: heavyMessages, state: withHeavy ? 'Active' : 'Draft' });
  const light = await campaign(db, w, {
    sendMode: 'push',
    messages: [{ type: 'text', text: 'Hi {{ profile.first_name }}, see https://example.com/sale' }],
    state: 'Active',
  });
  for (const c of withHeavy ? [heavy, light] : [light]) await db.tx((q) => snapshotCampaign(q, c));

  const server = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const probe = () =>
    new Promise<number>((resolve, reject) => {
      const t0 = performance.now();
      http
        .get(`${server}/healthz`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(performance.now() - t0));
        })
        .on('error', reject);
    });

  // both render threads started, as in a process that has been running a while
  await renderPool().warm(2);
  const engine = startDeliveryEngine(db, enginePorts(t.ctx.box), { pollMs: 20, idleStopMs: 1_000, maxInFlight: 256 });
  const accepted = async (id: string) =>
    (
      await db.query<{ n: number }>(
        `SELECT COALESCE(sum(recipients), 0)::int AS n FROM delivery_counts WHERE campaign_id = $1 AND status = 'accepted'`,
        [id],
      )
    ).rows[0]!.n;
  const failed = async (id: string) =>
    (
      await db.query<{ n: number }>(
        `SELECT COALESCE(sum(recipients), 0)::int AS n FROM delivery_counts WHERE campaign_id = $1 AND status = 'failed'`,
        [id],
      )
    ).rows[0]!.n;
  // measure from the light campaign's first acceptance, for `seconds` or until it is done
  while ((await accepted(light.campaignId)) === 0) await new Promise((r) => setTimeout(r, 10));
  const lightStart = await accepted(light.campaignId);
  const t0 = performance.now();
  const latencies: number[] = [];
  let lightEnd = lightStart;
  while (performance.now() - t0 < seconds * 1000) {
    latencies.push(await probe());
    await new Promise((r) => setTimeout(r, 10));
    if (latencies.length % 20 === 0) {
      lightEnd = await accepted(light.campaignId);
      if (lightEnd >= n) break;
    }
  }
  lightEnd = await accepted(light.campaignId);
  const elapsed = (performance.now() - t0) / 1000;
  const heavyDone = (await accepted(heavy.campaignId)) + (await failed(heavy.campaignId));
  await db.tx(async (q) => {
    for (const c of [heavy, light]) {
      const s = await q.query<{ state: string }>('SELECT state FROM campaigns WHERE id = $1', [c.campaignId]);
      if (s.rows[0]!.state !== 'Active') continue;
      await transition(q, c.campaignId, 'cancel', { actor: 'bench' });
      await onCampaignCanceled(q, c.campaignId);
    }
  });
  await engine.stop();
  const stats = await emulatorStats(emu.url);
  latencies.sort((a, b) => a - b);
  const q = (p: number) => +latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
  const lightRate = (lightEnd - lightStart) / elapsed;
  console.log(
    JSON.stringify({
      bench: 'render-isolation',
      engine: db.engine,
      render_threads: renderPool().threads,
      heavy_loop_turns_per_message: heavyOne.loops,
      heavy_ms_per_message_main_thread: +heavyOne.ms.toFixed(1),
      heavy_messages: withHeavy ? heavyMessages.length : 0,
      heavy_recipients_done: heavyDone,
      seconds: +elapsed.toFixed(1),
      other_campaign_per_s: +lightRate.toFixed(0),
      limit_per_s: limit,
      other_share_of_limit: +(lightRate / limit).toFixed(3),
      healthz_samples: latencies.length,
      healthz_p50_ms: q(0.5),
      healthz_p99_ms: q(0.99),
      healthz_max_ms: q(1),
      rate_limited_429: stats.rateLimited as number,
      workers_stopped: renderPool().stopped,
    }),
  );
  agent.destroy();
} finally {
  await t.close();
  await emu.close();
}
