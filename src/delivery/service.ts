import os from 'node:os';
import crypto from 'node:crypto';
import type { Db } from '../db/types.ts';
import type { AppContext, Service } from '../app/context.ts';
import type { EnginePorts } from '../app/ports.ts';
import { pino } from 'pino';
import { backoffMs } from './backoff.ts';
import { AccountDispatcher, type DispatcherOptions } from './dispatcher.ts';
import { renderPool } from './render/pool.ts';
import { sqlDeliveryStore } from './delivery-store.ts';
import { ACCOUNTS_WITH_WORK } from './queries.ts';
import { noteAccountTrouble } from './trouble.ts';
import { idleWaitMs, onWork, signalWork, waitForWork, workSignals } from './wake.ts';

const envNum = (name: string, def: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : def;
};

export interface DeliveryEngine {
  holder: string;
  dispatchers: Map<string, AccountDispatcher>;
  /** Polls done so far (successful or not): a clock for "nothing was retried meanwhile". */
  polls: number;
  /** Poll now and have every dispatcher re-list its campaigns. */
  wake(): void;
  stop(): Promise<void>;
}

const engines = new Set<DeliveryEngine>();
/** The dispatchers running in this process (for progress: the current send rate). */
export function localDispatcher(accountId: string): AccountDispatcher | undefined {
  for (const e of engines) {
    const d = e.dispatchers.get(accountId);
    if (d) return d;
  }
  return undefined;
}

/**
 * A campaign was launched (or resumed) in this process: engines poll for new accounts now and running dispatchers
 * list their campaigns now, instead of at their next turn (500 ms / 250 ms). Other processes find the work at
 * their next poll.
 */
export function wakeDeliveryEngines(): void {
  // one wake-up path (src/delivery/wake.ts): each engine's poll wait and its dispatchers listen to it
  signalWork('delivery');
}

/** Backoff of an account whose dispatcher failed, and of the engine's poll while the database is unreachable. */
export interface EngineBackoff {
  baseMs: number;
  capMs: number;
  random?: () => number;
}

/** A process that starts the engine without a logger still reports failures (stderr, warn and up). */
const fallbackLog = () => pino({ level: 'warn' }, pino.destination(2));

/**
 * Watches for LINE accounts with delivery work and runs one AccountDispatcher for each account whose lease this
 * process wins. Other processes do the same; the lease makes exactly one of them send for an account.
 *
 * Failures never spin: a dispatcher that stops on an error is restarted for its account only after an
 * exponential backoff (1 s doubling to 1 min by default, reset once it runs cleanly), and a poll that fails (the
 * database restarting) waits longer each time, up to 10 s. Each is logged with the account and its campaigns.
 */
export function startDeliveryEngine(
  db: Db,
  ports: EnginePorts,
  opts: Partial<DispatcherOptions> & {
    pollMs?: number;
    /** The wait after a poll that found nothing while no dispatcher runs; work signalled in-process wakes it. */
    idlePollMs?: number;
    accountBackoff?: EngineBackoff;
    pollBackoffCapMs?: number;
  } = {},
): DeliveryEngine {
  const holder = opts.holder ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  const log = opts.log ?? fallbackLog();
  const o: DispatcherOptions = {
    senderFor: ports.senderFor,
    campaignState: ports.campaignState,
    deliveryReads: ports.deliveryReads,
    store: opts.store ?? sqlDeliveryStore(db, ports),
    holder,
    publicBaseUrl: opts.publicBaseUrl ?? 'http://localhost:3000',
    leaseTtlMs: opts.leaseTtlMs ?? envNum('LINECAST_LEASE_TTL_MS', 10_000),
    maxInFlight: opts.maxInFlight ?? envNum('LINECAST_MAX_IN_FLIGHT', 128),
    requestTimeoutMs: opts.requestTimeoutMs ?? envNum('LINECAST_LINE_TIMEOUT_MS', 15_000),
    idleStopMs: opts.idleStopMs ?? 5_000,
    snapshotChunkMax: envNum('LINECAST_SNAPSHOT_CHUNK_MAX', 200_000),
    log,
    ...(opts.campaignBackoff ? { campaignBackoff: opts.campaignBackoff } : {}),
    ...(opts.renderPool ? { renderPool: opts.renderPool } : {}),
  };
  const pollMs = opts.pollMs ?? envNum('LINECAST_DISPATCH_POLL_MS', 500);
  const pollCap = Math.max(pollMs, opts.pollBackoffCapMs ?? 10_000);
  const ab = opts.accountBackoff ?? { baseMs: 1_000, capMs: 60_000 };
  // No render thread is started here: cheap templates (most campaigns) render on this thread (render/pool.ts), and a
  // thread kept warm for the others cost ~50 MB while idle. The rendering code is compiled here once instead.
  try {
    (opts.renderPool ?? renderPool()).warmOnThread();
  } catch (err) {
    log.error({ err }, 'rendering failed to warm up');
  }
  const dispatchers = new Map<string, AccountDispatcher>();
  /** Accounts whose dispatcher failed: how often in a row, and not to be restarted before `until`. */
  const failing = new Map<string, { failures: number; until: number }>();
  /** Campaigns whose preparation failed, waiting out their backoff (shared with the dispatchers). */
  const aside = new Map<string, { failures: number; until: number }>();
  o.aside = aside;
  let failedPolls = 0;
  const polls = { n: 0 };
  let stopped = false;
  let wake: (() => void) | null = null;
  let idle = false;
  const ended = (d: AccountDispatcher) => {
    dispatchers.delete(d.accountId);
    wake?.();
    if (d.error === null) {
      failing.delete(d.accountId);
      return;
    }
    const failures = (failing.get(d.accountId)?.failures ?? 0) + 1;
    const retryInMs = backoffMs(failures, ab.baseMs, ab.capMs, ab.random);
    failing.set(d.accountId, { failures, until: Date.now() + retryInMs });
    void noteAccountTrouble(db, ports.deliveryReads, d.accountId, d.error);
    log.error(
      { lineAccountId: d.accountId, campaignIds: d.campaignIds(), failures, retryInMs, err: d.error },
      'dispatcher stopped on an error; restarting it after a backoff',
    );
  };
  const loop = (async () => {
    while (!stopped) {
      const signalled = workSignals('delivery');
      try {
        const now = Date.now();
        // entries stay after their backoff runs out (the next failure doubles it); a success removes them
        const waiting = [...aside].filter(([, a]) => a.until > now).map(([id]) => id);
        const r = await db.query<{ line_account_id: string; campaign_id: string }>(ACCOUNTS_WITH_WORK, [holder, waiting]);
        const active = new Set(
          await ports.deliveryReads.activeCampaigns(
            db,
            r.rows.map((x) => x.campaign_id),
          ),
        );
        const accounts = new Set(r.rows.filter((x) => active.has(x.campaign_id)).map((x) => x.line_account_id));
        if (failedPolls) log.info({ failedPolls }, 'delivery engine: polls succeed again');
        failedPolls = 0;
        idle = !accounts.size && !dispatchers.size;
        for (const id of accounts) {
          if (dispatchers.has(id) || stopped) continue;
          if ((failing.get(id)?.until ?? 0) > Date.now()) continue;
          const d = new AccountDispatcher(db, id, o);
          dispatchers.set(id, d);
          d.start();
          void d.done.then(() => ended(d));
        }
      } catch (err) {
        failedPolls++;
        log.error({ err, failedPolls }, 'delivery engine: poll failed');
      }
      polls.n++;
      const ac = new AbortController();
      wake = () => ac.abort();
      const ms = failedPolls
        ? backoffMs(failedPolls, pollMs, pollCap)
        : idle && opts.idlePollMs
          ? idleWaitMs(pollMs, opts.idlePollMs, [...aside.values(), ...failing.values()])
          : pollMs;
      await waitForWork('delivery', ms, { abort: ac.signal, since: signalled });
      wake = null;
    }
  })();
  // a signal (a launch, a resume, a campaign made Active) also has running dispatchers list their campaigns now
  const offWork = onWork('delivery', () => {
    for (const d of dispatchers.values()) d.poke();
  });
  const engine: DeliveryEngine = {
    holder,
    dispatchers,
    get polls() {
      return polls.n;
    },
    wake() {
      for (const d of dispatchers.values()) d.poke();
      (wake as (() => void) | null)?.();
    },
    async stop() {
      stopped = true;
      offWork();
      (wake as (() => void) | null)?.();
      await loop;
      await Promise.all([...dispatchers.values()].map((d) => d.stop()));
      engines.delete(engine);
    },
  };
  engines.add(engine);
  return engine;
}

/** The engine as a background service of the worker (listed in src/runtime/services.ts). */
export const deliveryService: Service = {
  name: 'delivery-dispatcher',
  worker: true,
  async start(ctx: AppContext) {
    return startDeliveryEngine(ctx.db, ctx, {
      publicBaseUrl: ctx.config.publicBaseUrl,
      log: ctx.log,
      // embedded: every campaign that becomes Active does so in this process and wakes the engine (src/delivery/wake.ts)
      ...(ctx.db.engine === 'pglite' ? { idlePollMs: envNum('LINECAST_IDLE_POLL_MS', 30_000) } : {}),
    });
  },
};
