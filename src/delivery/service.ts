import os from 'node:os';
import crypto from 'node:crypto';
import type { Db } from '../db/types.ts';
import type { AppContext } from '../http/context.ts';
import { registerService } from '../runtime/services.ts';
import type { SecretBox } from '../security/secret-box.ts';
import { AccountDispatcher, sleep, type DispatcherOptions } from './dispatcher.ts';
import { renderPool } from './render/pool.ts';

const envNum = (name: string, def: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : def;
};

export interface DeliveryEngine {
  holder: string;
  dispatchers: Map<string, AccountDispatcher>;
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
 * Watches for LINE accounts with delivery work and runs one AccountDispatcher for each account whose lease this
 * process wins. Other processes do the same; the lease makes exactly one of them send for an account.
 */
export function startDeliveryEngine(db: Db, box: SecretBox, opts: Partial<DispatcherOptions> & { pollMs?: number } = {}): DeliveryEngine {
  const holder = opts.holder ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  const o: DispatcherOptions = {
    holder,
    publicBaseUrl: opts.publicBaseUrl ?? 'http://localhost:3000',
    leaseTtlMs: opts.leaseTtlMs ?? envNum('LINECAST_LEASE_TTL_MS', 10_000),
    maxInFlight: opts.maxInFlight ?? envNum('LINECAST_MAX_IN_FLIGHT', 128),
    requestTimeoutMs: opts.requestTimeoutMs ?? envNum('LINECAST_LINE_TIMEOUT_MS', 15_000),
    idleStopMs: opts.idleStopMs ?? 5_000,
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.renderPool ? { renderPool: opts.renderPool } : {}),
  };
  const pollMs = opts.pollMs ?? envNum('LINECAST_DISPATCH_POLL_MS', 500);
  // render threads up before the first campaign needs them
  void (opts.renderPool ?? renderPool()).warm().catch((err: unknown) => o.log?.('render threads failed to start', { err: String(err) }));
  const dispatchers = new Map<string, AccountDispatcher>();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const r = await db.query<{ line_account_id: string }>(
          `SELECT DISTINCT dc.line_account_id FROM delivery_campaigns dc JOIN campaigns c ON c.id = dc.campaign_id
           LEFT JOIN dispatcher_leases l ON l.line_account_id = dc.line_account_id
           WHERE NOT dc.done AND c.state = 'Active' AND (l.line_account_id IS NULL OR l.expires_at < now() OR l.holder = $1)`,
          [holder],
        );
        for (const { line_account_id: id } of r.rows) {
          if (dispatchers.has(id) || stopped) continue;
          const d = new AccountDispatcher(db, box, id, o);
          dispatchers.set(id, d);
          d.start();
          void d.done.then(() => dispatchers.delete(id));
        }
      } catch (err) {
        o.log?.('delivery engine poll failed', { err: String(err) });
      }
      await sleep(pollMs);
    }
  })();
  const engine: DeliveryEngine = {
    holder,
    dispatchers,
    async stop() {
      stopped = true;
      await loop;
      await Promise.all([...dispatchers.values()].map((d) => d.stop()));
      engines.delete(engine);
    },
  };
  engines.add(engine);
  return engine;
}

registerService({
  name: 'delivery-dispatcher',
  worker: true,
  async start(ctx: AppContext) {
    return startDeliveryEngine(ctx.db, ctx.box, { publicBaseUrl: ctx.config.publicBaseUrl });
  },
});
