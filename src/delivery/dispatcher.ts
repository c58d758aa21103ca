import type { Logger } from 'pino';
import type { EnginePorts, LineAccess, LineSender } from '../app/ports.ts';
import type { Db } from '../db/types.ts';
import { ACTIVATION_DEFAULTS } from '../domain/activation.ts';
import type { LineResult } from '../line/types.ts';
import { decide, mayHaveBeenAccepted } from './decide.ts';
import type { DeliveryStore } from './delivery-store.ts';
import { LeaseGuard } from './lease-guard.ts';
import { PrepareStage, type Ready } from './prepare.ts';
import { suspendRefusedAccount } from './refused.ts';
import { CampaignAside, type AsideMap } from './prepare-sink.ts';
import { renderPool, type RenderPool } from './render/pool.ts';
import type { AttemptResult } from './results.ts';
import { routeWork } from './route-work.ts';
import { SnapshotStream } from './snapshot-stream.ts';
import { allowedClaims } from './speed.ts';
import type { ActiveCampaign, WorkItem } from './store.ts';
import { TokenBucket } from './token-bucket.ts';

/** senderFor, campaignState and deliveryReads come from the composition root (src/runtime/context.ts). */
export interface DispatcherOptions extends EnginePorts {
  /** The delivery tables (sqlDeliveryStore over the engine's database by default). */
  store: DeliveryStore;
  holder: string;
  publicBaseUrl: string;
  leaseTtlMs: number;
  /** Requests on the wire at once (also the keep-alive pool size). */
  maxInFlight: number;
  requestTimeoutMs: number;
  /** Stop (and release the lease) after this long with nothing to do. */
  idleStopMs: number;
  /** The largest chunk a streamed snapshot writes at once (src/delivery/snapshot-stream.ts). */
  snapshotChunkMax?: number;
  /** The app's logger: every failure is logged with its campaign and LINE account ids. */
  log: Logger;
  /** Backoff of a campaign whose preparation fails (1 s doubling to 5 min by default). */
  campaignBackoff?: { baseMs: number; capMs: number; random?: () => number };
  /**
   * Campaigns set aside after their preparation failed, until their backoff runs out. Owned by the engine, so the
   * backoff outlives this dispatcher and the engine does not start one for an account with nothing else to do.
   */
  aside?: AsideMap;
  /** Render threads; the process's shared pool by default. */
  renderPool?: RenderPool;
}

/** Live figures for progress reports: requests and recipients sent by this process in the last seconds. */
export interface RateSample {
  at: number;
  campaignId: string;
  recipients: number;
  requests: number;
}

/**
 * The one dispatcher of one LINE account (it holds the account's lease): claims work, renders it, paces it with
 * a token bucket per endpoint, keeps up to maxInFlight requests on the wire, and records every outcome.
 */
export class AccountDispatcher {
  private stopped = false;
  private client: LineSender | null = null;
  private access: LineAccess | null = null;
  private readonly buckets = { push: new TokenBucket(2000), multicast: new TokenBucket(200) };
  private readonly queue: Ready[] = [];
  private inFlight = 0;
  private readonly inFlightByCampaign = new Map<string, number>();
  private results: AttemptResult[] = [];
  private campaigns: ActiveCampaign[] = [];
  private readonly stage: PrepareStage;
  private readonly guard: LeaseGuard;
  private readonly asides: CampaignAside;
  private readonly store: DeliveryStore;
  private readonly snapshots: SnapshotStream;
  /** When the work loop next lists the account's Active campaigns (0: at once, e.g. when woken by a launch). */
  private nextCampaigns = 0;
  /**
   * When the work loop next picks due requests: DUE_POLL_MS after a pick that found none, sooner when this dispatcher
   * itself wrote a retry or a split that comes due earlier (each pick is a transaction on the database's one session).
   */
  private nextDuePick = 0;
  private rr = 0;
  private rateLimitedInRow = 0;
  readonly sent: RateSample[] = [];
  done: Promise<void> = Promise.resolve();
  /** Why run() ended, when it ended on an error (the engine backs off before restarting this account). */
  error: unknown = null;
  constructor(
    private readonly db: Db,
    readonly accountId: string,
    private readonly o: DispatcherOptions,
  ) {
    this.store = o.store;
    this.guard = new LeaseGuard(o.store, { accountId, holder: o.holder }, o.leaseTtlMs);
    this.asides = new CampaignAside(o.store, () => this.stage, accountId, o.log, o.aside ?? new Map(), o.campaignBackoff);
    this.snapshots = new SnapshotStream(o.store, (id, err) => this.asides.failed(id, err), o.snapshotChunkMax, db.engine === 'postgres');
    this.stage = new PrepareStage(db, o.store, o.renderPool ?? renderPool(), o.publicBaseUrl, this.guard.lease, {
      ready: (r) => this.queue.push(r),
      closed: (r) => this.results.push(r),
      live: (id) => !this.stopped && this.campaigns.some((c) => c.campaignId === id),
      failed: (id, err) => this.asides.failed(id, err),
    });
  }

  /** Campaigns whose suspension by LINE's answer was logged; forgotten once they leave the Active list. */
  private readonly suspensionLogged = new Set<string>();

  start(): void {
    this.done = this.run().catch((err: unknown) => {
      this.error = err;
    });
  }

  /** The campaigns this dispatcher is delivering, for logs. */
  campaignIds(): string[] {
    return this.campaigns.map((c) => c.campaignId);
  }

  /** New work for this account (a launch in this process): list its campaigns at the next loop turn. */
  poke(): void {
    this.nextCampaigns = 0;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }

  private async run(): Promise<void> {
    if (!(await this.guard.renew())) return;
    // Sending never waits for the database: a pacer starts requests on the token buckets' clock while the
    // work loop (claims, results, lease, settings) awaits its queries.
    const pacer = this.pace();
    try {
      await this.store.reviveInFlight(this.accountId);
      let nextRenew = Date.now() + this.o.leaseTtlMs / 4; // just taken
      let nextSettings = 0;
      let lastWork = Date.now();
      while (!this.stopped) {
        const now = Date.now();
        if (now >= nextRenew) {
          if (!(await this.guard.renew())) break;
          nextRenew = now + this.o.leaseTtlMs / 4;
        }
        if (now >= nextSettings) {
          await this.loadSettings();
          nextSettings = now + 3_000;
        }
        if (now >= this.nextCampaigns) {
          await this.flush();
          await this.loadCampaigns();
          this.nextCampaigns = now + 250;
        }
        if (this.queue.length + this.stage.pending < this.lowWater()) await this.fill();
        await this.flush();
        // a streamed snapshot's next chunk: after this turn's claims, or beside them on PostgreSQL
        if (!this.stopped) await this.snapshots.turn(this.campaigns);
        if (this.queue.length || this.inFlight || this.stage.pending || this.campaigns.length) lastWork = now;
        else if (now - lastWork > this.o.idleStopMs) break;
        // always a real timer turn: a run of quick answers (nothing due, cached state) must not starve the pacer and sockets
        await sleep(this.queue.length >= this.lowWater() || !this.campaigns.length ? 10 : 1);
      }
    } finally {
      this.stopped = true;
      await this.snapshots.idle();
      await pacer;
      await this.stage.idle();
      while (this.inFlight > 0) await sleep(5);
      // picked but never sent: not in doubt, and due at once for the next holder
      await this.store
        .releaseUnsent(
          this.guard.lease,
          this.queue.splice(0).map((r) => r.item.requestId),
        )
        .catch(() => {});
      await this.flush().catch(() => {});
      await this.guard.release().catch(() => {});
      await this.client?.close().catch(() => {});
    }
  }

  private async pace(): Promise<void> {
    while (!this.stopped) {
      const wait = this.send();
      await sleep(
        this.queue.length && wait > 0 ? Math.min(Math.max(wait, 1), 10) : this.queue.length && this.inFlight < this.o.maxInFlight ? 1 : 5,
      );
    }
  }

  /** About half a second of sending, in requests, queued ahead. */
  private lowWater(): number {
    const push = this.campaigns.some((c) => c.sendMode === 'push');
    return Math.max(16, Math.ceil((push ? this.buckets.push.rate : this.buckets.multicast.rate) / 2));
  }

  /**
   * Rates and credentials are re-read every few seconds, so an edit applies without a restart. The client comes
   * from the sender factory (lineClientFor), which refuses a base URL that may not receive the credentials: then every Active campaign
   * of the account is suspended (line_host_not_allowed; resumable once an admin fixes the account) and nothing is sent.
   */
  private async loadSettings(): Promise<void> {
    const a = await this.o.senderFor(this.db, this.accountId, {
      connections: this.o.maxInFlight,
      timeoutMs: this.o.requestTimeoutMs,
      reuse: this.access,
    });
    if (!a.ok) {
      this.stopped = true;
      await suspendRefusedAccount(this.store, this.o.log, this.accountId, a);
      this.queue.length = 0;
      return;
    }
    this.buckets.push.setRate(a.pushPerSecond);
    this.buckets.multicast.setRate(a.multicastPerSecond);
    if (a.client !== this.client) {
      const old = this.client;
      this.client = a.client;
      if (old) void old.close().catch(() => {});
    }
    this.access = a;
  }

  private async loadCampaigns(): Promise<void> {
    const all = await this.store.activeCampaigns(this.accountId, (campaignId, err) => this.asides.failed(campaignId, err));
    // A campaign whose content cannot be prepared (its revision unreadable, its renderer or links failing) is set
    // aside with a backoff; the account's other campaigns go on.
    const ready = await this.asides.admit(all);
    this.campaigns = ready;
    const live = new Set(this.campaigns.map((c) => c.campaignId));
    // canceled or suspended meanwhile: what was not sent yet stays queued in the database for a resume
    const dropped: number[] = [];
    for (let i = this.queue.length - 1; i >= 0; i--)
      if (!live.has(this.queue[i]!.item.campaignId)) dropped.push(this.queue.splice(i, 1)[0]!.item.requestId);
    await this.store.releaseUnsent(this.guard.lease, dropped);
    this.stage.retain(live);
    for (const id of this.suspensionLogged) if (!live.has(id)) this.suspensionLogged.delete(id);
    for (const c of this.campaigns) {
      const busy =
        (this.inFlightByCampaign.get(c.campaignId) ?? 0) > 0 ||
        this.stage.preparing(c.campaignId) ||
        this.queue.some((r) => r.item.campaignId === c.campaignId);
      if (c.nextId > c.lastId && c.snapshotDone && !busy) await this.store.finishIfDone(c.campaignId);
    }
  }

  /**
   * Due requests first (retries, a dead holder's leftovers), then new claims round-robin over the campaigns; all of
   * them go to the prepare stage, which queues each for sending once its payload is made, or closes it.
   */
  private async fill(): Promise<void> {
    const inFlightMs = this.o.requestTimeoutMs * 2 + 30_000;
    const room = this.lowWater() * 2 - this.queue.length - this.stage.pending;
    if (room <= 0) return;
    const now = Date.now();
    let due: WorkItem[] = [];
    if (now >= this.nextDuePick) {
      // only campaigns this dispatcher knows to be Active: a picked request is pushed out of reach for inFlightMs
      due = await this.store.pickDue(
        this.accountId,
        this.campaigns.map((c) => c.campaignId),
        Math.min(room, 200),
        true,
        inFlightMs,
      );
      this.nextDuePick = due.length ? 0 : now + DUE_POLL_MS;
    }
    const fresh: WorkItem[] = [...due];
    if (due.length < room && this.campaigns.length) {
      // each fill starts one campaign further round (rr++ inside the index skipped every other campaign: with two, the
      // second was never claimed from until the first was done)
      const start = this.rr++;
      for (let k = 0; k < this.campaigns.length && fresh.length < room; k++) {
        const c = this.campaigns[(start + k) % this.campaigns.length]!;
        if (c.nextId > c.lastId) continue;
        // push: about 100 ms of the campaign's render work at a time (claimSize)
        const cap = c.sendMode === 'push' ? this.stage.claimSize(c.campaignId) : 5_000;
        const perRequest = c.sendMode === 'push' ? 1 : 500;
        const want = Math.min((room - fresh.length) * perRequest, cap, allowedClaims(c, now) - c.claimed);
        if (want <= 0) continue;
        const got = await this.store.claimNew(c, this.accountId, want, c.sendMode === 'push', inFlightMs);
        const n = got.reduce((s, w) => s + w.recipients.length, 0);
        c.claimed += n; // claimNew moved c.nextId (past c.lastId once nothing is left before the snapshot's front)
        fresh.push(...got);
      }
    }
    if (!fresh.length) return;
    const go = await routeWork(this.store, this.campaigns, fresh, now, (r) => this.results.push(r));
    for (const [c, items] of go) this.stage.submit(c, items);
  }

  /** Starts as many sends as the buckets and the in-flight cap allow; returns ms until the next token. */
  private send(): number {
    let wait = 0;
    // nothing leaves once the lease may have run out (the work loop could not renew it: the database is away)
    if (!this.guard.mayStart()) return 10;
    while (this.queue.length && this.inFlight < this.o.maxInFlight && this.client) {
      const next = this.queue[0]!;
      const w = this.buckets[next.item.endpoint].tryTake();
      if (w > 0) {
        wait = w;
        break;
      }
      this.queue.shift();
      this.inFlight++;
      this.inFlightByCampaign.set(next.item.campaignId, (this.inFlightByCampaign.get(next.item.campaignId) ?? 0) + 1);
      void this.attempt(this.client, next);
    }
    return wait;
  }

  private async attempt(client: LineSender, r: Ready): Promise<void> {
    const { item } = r;
    const sentAt = new Date();
    let res: LineResult;
    try {
      res =
        item.endpoint === 'push'
          ? await client.push(item.recipients[0]!.lineUserId, r.payload, item.retryKey, r.options)
          : await client.multicast(
              item.recipients.map((x) => x.lineUserId),
              r.payload,
              item.retryKey,
              r.options,
            );
    } catch (err) {
      res = { kind: 'transient', status: 0, requestId: null, body: null, error: String(err) };
    }
    const c = this.campaigns.find((x) => x.campaignId === item.campaignId);
    const act = c?.content.activation ?? ACTIVATION_DEFAULTS;
    if (res.kind === 'rate_limited') {
      this.rateLimitedInRow++;
      this.buckets[item.endpoint].pause(100 * Math.min(this.rateLimitedInRow, 20));
    } else this.rateLimitedInRow = 0;
    const ambiguous = mayHaveBeenAccepted(res);
    const outcome = decide(res, {
      endpoint: item.endpoint,
      recipients: item.recipients.length,
      transientFailures: item.transientFailures,
      maxAttempts: act.maxAttempts,
      backoffBaseMs: act.backoffBaseMs,
      backoffCapMs: act.backoffCapMs,
      rateLimitedInRow: this.rateLimitedInRow,
      firstAttemptAt: item.firstAttemptAt,
      ambiguous: item.ambiguous,
      now: Date.now(),
    });
    // once per suspension: every request on the wire gets the same refusal
    if (outcome.type === 'suspend' && !this.suspensionLogged.has(item.campaignId)) {
      this.suspensionLogged.add(item.campaignId);
      this.o.log.warn(
        {
          campaignId: item.campaignId,
          lineAccountId: this.accountId,
          requestId: item.requestId,
          status: res.status,
          reason: outcome.reason,
        },
        'LINE refused: suspending the campaign',
      );
    }
    if (outcome.type === 'accepted')
      this.sent.push({ at: Date.now(), campaignId: item.campaignId, recipients: item.recipients.length, requests: 1 });
    if (this.sent.length > 20_000) this.sent.splice(0, this.sent.length - 10_000);
    this.results.push({ item, outcome, status: res.status, error: res.error ?? errorText(res.body), sentAt, ambiguous });
    this.inFlight--;
    this.inFlightByCampaign.set(item.campaignId, (this.inFlightByCampaign.get(item.campaignId) ?? 1) - 1);
  }

  private async flush(): Promise<void> {
    if (!this.results.length) return;
    const batch = this.results;
    this.results = [];
    try {
      await this.store.applyResults(batch);
    } catch (err) {
      // keep them: a result not written is re-sent with the same key after a restart, never lost
      this.results.unshift(...batch);
      throw err;
    }
    // what this dispatcher made due (a retry after its backoff, a split's parts at once) is picked when it is
    for (const r of batch) {
      if (r.outcome.type === 'retry') this.nextDuePick = Math.min(this.nextDuePick, Date.now() + r.outcome.delayMs + DUE_SLACK_MS);
      else if (r.outcome.type === 'split') this.nextDuePick = 0;
    }
  }
}

function errorText(body: unknown): string | null {
  if (body && typeof body === 'object' && 'message' in body) return String((body as { message: unknown }).message);
  return null;
}

/** Due requests nobody told this dispatcher of (a resume, another process's retry of failures) wait at most this. */
const DUE_POLL_MS = 250;
/** A retry is due at the database's clock plus its delay: picked this much later, it is. */
const DUE_SLACK_MS = 20;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
