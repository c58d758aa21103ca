/**
 * The fault-injection suite: one campaign per case against the LINE emulator with a fault switched on (or a
 * mid-campaign event), delivered by the real engine. Shared by test/integration/faults.test.ts (small) and
 * bench/faults.ts (100,000 recipients). Every case must end with 0 lost and 0 duplicated recipients counted by the
 * emulator, the expected campaign state and the expected reasons in the delivery log.
 */
import { simpleTransition } from '../../src/campaigns/lifecycle.ts';
import type { Db } from '../../src/db/types.ts';
import { startDeliveryEngine } from '../../src/delivery/service.ts';
import { enginePorts } from '../../src/runtime/context.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { addProfiles, statusCounts, world, type World } from '../delivery/fixture.ts';
import { emuConfig, emuStats, launched } from '../delivery/helpers.ts';

export interface CaseContext {
  db: Db;
  w: World;
  campaignId: string;
  emuUrl: string;
  recipients: number;
  /** Resolves once the emulator has delivered to at least this many recipients. */
  sent(atLeast: number): Promise<void>;
  state(): Promise<{ state: string; reason: string | null }>;
  waitState(state: string): Promise<{ state: string; reason: string | null }>;
  resume(): Promise<void>;
}

export interface FaultCase {
  name: string;
  what: string;
  sendMode: 'push' | 'multicast';
  /** Emulator configuration for the whole case (PUT /_emulator/config), given the audience's size. */
  emulator?: (recipients: number) => Record<string, unknown>;
  /** Something that happens during the campaign (quota runs out, token revoked, …) and how it is fixed. */
  during?: (c: CaseContext) => Promise<void>;
  /** Campaign history reasons the case must go through, in order (e.g. quota_exhausted). */
  expectSuspensions?: string[];
  /** Request outcomes the fault must have caused at least once (by last_status of retried requests). */
  expectRetriedWith?: number[];
  /** Dispatcher options for the case (e.g. a short LINE timeout for the hang cases). */
  engine?: { requestTimeoutMs?: number; maxInFlight?: number };
  /** PostgreSQL only (skipped on the embedded engine). */
  postgresOnly?: boolean;
  /** The campaign's messages (default: one plain text). */
  messages?: unknown[];
  /**
   * Makes some recipients' profiles unsendable before launch; returns how many, which must end `failed` with
   * `expectFailedReason` and never reach LINE (so they count neither as lost nor as delivered).
   */
  spoil?: (db: Db, parentSegmentId: string, recipients: number) => Promise<number>;
  expectFailedReason?: string;
}

const TOKEN = 'fault-suite-token';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const cases: FaultCase[] = [
  {
    name: '5xx_10pct',
    what: '10 % of requests answer 500',
    sendMode: 'push',
    emulator: () => ({ faults: { serverError: { rate: 0.1, next: 0 } } }),
    expectRetriedWith: [200],
  },
  {
    name: 'timeout_after_accept_5pct',
    what: '5 % accepted, then no answer (the client times out)',
    sendMode: 'push',
    emulator: () => ({ faults: { timeoutAfterAccept: { rate: 0.05, next: 0 }, afterAccept: 'hang', hangMs: 10_000 } }),
    // long enough that a busy machine's slow answers are not timeouts too (a 1 s timeout made every try time out)
    engine: { requestTimeoutMs: 3_000 },
    expectRetriedWith: [409],
  },
  {
    name: 'timeout_before_accept_5pct',
    what: '5 % hang before acceptance',
    sendMode: 'push',
    emulator: () => ({ faults: { timeoutBeforeAccept: { rate: 0.05, next: 0 }, hangMs: 10_000 } }),
    engine: { requestTimeoutMs: 3_000 },
    expectRetriedWith: [200],
  },
  {
    name: '429_bursts',
    what: 'bursts of 429 rate-limit answers, at the start and mid-campaign',
    sendMode: 'push',
    emulator: () => ({ faults: { rateLimit: { rate: 0, next: 150 } } }),
    during: async (c) => {
      await c.sent(Math.floor(c.recipients / 2));
      await emuConfig(c.emuUrl, { faults: { rateLimit: { rate: 0, next: 150 } } });
    },
    expectRetriedWith: [200],
  },
  {
    name: 'quota_exhausted_then_raised',
    what: 'the monthly quota runs out mid-campaign, then is raised and the campaign resumed',
    sendMode: 'multicast',
    // LINE counts every recipient of a request against the quota: half the audience fits
    emulator: (n) => ({ quota: { type: 'limited', value: Math.floor(n / 2) } }),
    during: async (c) => {
      await c.waitState('Suspended');
      await emuConfig(c.emuUrl, { quota: { type: 'none' } });
      await c.resume();
    },
    expectSuspensions: ['quota_exhausted'],
  },
  {
    name: 'token_revoked_then_fixed',
    what: 'the channel access token is revoked mid-campaign, then fixed and the campaign resumed',
    sendMode: 'push',
    during: async (c) => {
      await c.sent(Math.floor(c.recipients / 3));
      await emuConfig(c.emuUrl, { tokens: ['some-other-token'] });
      await c.waitState('Suspended');
      await emuConfig(c.emuUrl, { tokens: null });
      await c.resume();
    },
    expectSuspensions: ['sender_unauthorized'],
  },
  {
    // Multicast payloads are the same for everyone, so they are rendered once (a broken one fails the whole campaign
    // without a call to LINE: test/delivery/render-failures.test.ts); a bad render of one recipient is a push case.
    name: 'bad_render_every_batch',
    what: "one recipient in every 500 (a multicast batch's size) renders a text over LINE's 5,000 characters",
    sendMode: 'push',
    messages: [{ type: 'text', text: 'Hi {{ profile.first_name }}{{ profile.bio }}' }],
    spoil: async (db, parentSegmentId) => {
      const r = await db.query(
        `UPDATE profiles SET attributes = attributes || jsonb_build_object('bio', repeat('x', 5000))
         WHERE parent_segment_id = $1 AND substr(customer_key, 2)::int % 500 = 250`,
        [parentSegmentId],
      );
      return r.rowCount;
    },
    expectFailedReason: 'invalid_rendered_message',
  },
  {
    name: 'latency_2s',
    what: 'every answer takes 2 s',
    sendMode: 'push',
    emulator: () => ({ faults: { latencyMs: 2_000 } }),
    engine: { requestTimeoutMs: 10_000, maxInFlight: 512 },
  },
];

export interface CaseResult {
  case: string;
  engine: string;
  sendMode: string;
  recipients: number;
  /** Recipients made unsendable on purpose (they must fail with the case's reason). */
  spoiled: number;
  lost: number;
  duplicated: number;
  /** Delivery log: recipients by status/reason, requests retried by their final answer, LINE's 409s. */
  reasons: {
    recipients: Record<string, number>;
    retried: Record<string, number>;
    answered409: number;
    suspensions: string[];
    lastErrors?: Record<string, number>;
  };
  finalState: string;
  seconds: number;
}

/**
 * Runs one case on `db` against the emulator at `emuUrl` (reset first): its own workspace, account and audience of
 * `recipients` profiles, the real delivery engine, the case's fault and events, until Finished (or `timeoutMs`).
 */
export interface RunOptions {
  timeoutMs?: number;
  /** Send every case in this mode instead of its own (the bench multicasts at 100,000 recipients). */
  sendMode?: 'push' | 'multicast';
  pushPerSecond?: number;
  multicastPerSecond?: number;
}

export async function runCase(db: Db, emuUrl: string, fc: FaultCase, recipients: number, o: RunOptions = {}): Promise<CaseResult> {
  const timeoutMs = o.timeoutMs ?? 300_000;
  // a per-recipient render only exists in push (see bad_render_every_batch)
  const sendMode = fc.spoil ? fc.sendMode : (o.sendMode ?? fc.sendMode);
  await fetch(emuUrl + '/_emulator/reset', { method: 'POST' });
  await emuConfig(emuUrl, {
    tokens: null,
    quota: { type: 'none' },
    faults: {
      serverError: { rate: 0, next: 0 },
      timeoutAfterAccept: { rate: 0, next: 0 },
      timeoutBeforeAccept: { rate: 0, next: 0 },
      rateLimit: { rate: 0, next: 0 },
      latencyMs: 0,
    },
    ...fc.emulator?.(recipients),
  });
  const w = await world(db, {
    apiBaseUrl: emuUrl,
    token: TOKEN,
    pushPerSecond: o.pushPerSecond ?? 2_000,
    multicastPerSecond: o.multicastPerSecond ?? 200,
  });
  await addProfiles(db, w.parentSegmentId, recipients);
  const spoiled = (await fc.spoil?.(db, w.parentSegmentId, recipients)) ?? 0;
  const t0 = performance.now();
  const c = await launched(db, w, {
    sendMode,
    messages: fc.messages,
    activation: { maxAttempts: 12, backoffBaseMs: 100, backoffCapMs: 1_000 },
  });
  const engine = startDeliveryEngine(db, enginePorts(w.box), {
    pollMs: 50,
    idleStopMs: 1_000,
    leaseTtlMs: 5_000,
    requestTimeoutMs: fc.engine?.requestTimeoutMs ?? 5_000,
    maxInFlight: fc.engine?.maxInFlight ?? 256,
    // errors only, on stderr: the refusals the cases provoke are expected
    log: createLogger('error', process.stderr),
  });
  const deadline = Date.now() + timeoutMs;
  const state = async () => {
    const r = await db.query<{ state: string; state_reason: string | null }>('SELECT state, state_reason FROM campaigns WHERE id = $1', [
      c.campaignId,
    ]);
    return { state: r.rows[0]!.state, reason: r.rows[0]!.state_reason };
  };
  const until = async <T>(what: string, fn: () => Promise<T | null>): Promise<T> => {
    for (;;) {
      const v = await fn();
      if (v !== null) return v;
      if (Date.now() > deadline) throw new Error(`${fc.name}: timed out waiting for ${what} (state ${JSON.stringify(await state())})`);
      await sleep(50);
    }
  };
  const ctx: CaseContext = {
    db,
    w,
    campaignId: c.campaignId,
    emuUrl,
    recipients,
    sent: (n) => until(`${n} sent`, async () => ((await emuStats(emuUrl)).recipientDeliveries >= n ? undefined : null)),
    state,
    waitState: (s) =>
      until(s, async () => {
        const st = await state();
        return st.state === s ? st : null;
      }),
    resume: async () => {
      await simpleTransition(db, w.ws, c.campaignId, 'resume', 'fault-suite');
    },
  };
  try {
    await fc.during?.(ctx);
    const final = await until('Finished', async () => {
      const st = await state();
      return st.state === 'Finished' ? st : null;
    });
    const seconds = (performance.now() - t0) / 1000;
    const s = await emuStats(emuUrl);
    const retried = await db.query<{ k: string; n: number }>(
      `SELECT COALESCE(last_status::text, '-') AS k, count(*)::int AS n FROM delivery_requests
       WHERE campaign_id = $1 AND attempts > 1 AND status <> 'superseded' GROUP BY 1 ORDER BY 1`,
      [c.campaignId],
    );
    const errors = await db.query<{ k: string; n: number }>(
      `SELECT left(last_error, 80) AS k, count(*)::int AS n FROM delivery_requests
       WHERE campaign_id = $1 AND status = 'failed' AND last_error IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 3`,
      [c.campaignId],
    );
    const history = await db.query<{ reason: string }>(
      `SELECT reason FROM campaign_history WHERE campaign_id = $1 AND to_state = 'Suspended' ORDER BY id`,
      [c.campaignId],
    );
    return {
      case: fc.name,
      engine: db.engine,
      sendMode,
      recipients,
      spoiled,
      // the spoiled ones must never reach LINE: everyone else exactly once
      lost: recipients - spoiled - s.distinctUsers,
      // deliveries beyond the first to the same user
      duplicated: s.recipientDeliveries - s.distinctUsers,
      reasons: {
        recipients: await statusCounts(db, c.campaignId),
        retried: Object.fromEntries(retried.rows.map((r) => [r.k, r.n])),
        answered409: Number(s.duplicateRequests),
        suspensions: history.rows.map((r) => r.reason),
        lastErrors: Object.fromEntries(errors.rows.map((r) => [r.k, r.n])),
      },
      finalState: final.state,
      seconds: +seconds.toFixed(1),
    };
  } finally {
    await engine.stop();
  }
}
