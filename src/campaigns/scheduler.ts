import type { Logger } from 'pino';
import type { Db } from '../db/types.ts';
import { backoffMs } from '../delivery/backoff.ts';
import type { SenderFactory } from '../app/ports.ts';
import { onWork, workSignals } from '../delivery/wake.ts';
import { startCampaign } from './lifecycle.ts';
import { wakeDeliveryEngines } from './ports.ts';
import type { CampaignRow } from './repo.ts';
import { transition } from './transitions.ts';
import { validateCampaign } from './validate.ts';
import * as sql from './queries.ts';

export const SCHEDULER_ACTOR = 'scheduler';

export type StartOutcome = {
  campaignId: string;
  outcome: 'started' | 'returned_to_draft' | 'start_failed';
  reason?: string;
  /** start_failed: how many starts failed in a row, and when the next one runs. */
  failures?: number;
  retryInMs?: number;
};

export interface StartBackoff {
  baseMs: number;
  capMs: number;
  random?: () => number;
}

/** 5 s, 10 s, 20 s … up to 10 minutes between starts of a campaign that keeps failing (with jitter). */
export const DEFAULT_START_BACKOFF: StartBackoff = { baseMs: 5_000, capMs: 10 * 60_000 };

export interface StartOptions {
  log?: Logger;
  backoff?: StartBackoff;
}

/**
 * Starts one due Planned campaign, if any. The claim (`FOR UPDATE SKIP LOCKED`), the re-check, the revision,
 * the move to Active and the audience snapshot share one transaction, so two schedulers never start the same
 * campaign and a crash half-way leaves it Planned and due, to be started on the next round.
 *
 * The re-check leaves out the LINE quota call (no HTTP while holding the row); the quota was checked when the
 * campaign was scheduled, and the delivery engine suspends a campaign that runs out.
 *
 * A start that throws (the database refused the revision or the snapshot, a connection dropped) leaves the
 * campaign Planned with `start_failed: <message>` as its state reason and a next try after an exponential
 * backoff, so the marketer sees why it has not gone out and other due campaigns are not held up behind it.
 */
export async function startOneDue(db: Db, senderFor: SenderFactory, opts: StartOptions = {}): Promise<StartOutcome | null> {
  let claimed: CampaignRow | null = null;
  try {
    const started = await db.tx(async (q): Promise<StartOutcome | null> => {
      const r = await q.query<CampaignRow>(sql.startOneDue);
      const row = r.rows[0];
      if (!row) return null;
      claimed = row;
      const v = await validateCampaign(q, senderFor, row, 'launch', { quota: false });
      if (!v.valid) {
        // Something changed since it was scheduled (an account unassigned, a segment deleted): give it back to
        // the marketer as a Draft, with the reason in its history, rather than send something broken.
        const first = v.errors[0]!;
        const reason = `start_failed: ${first.path}: ${first.message}`.slice(0, 500);
        await transition(q, row.id, 'unschedule', { actor: SCHEDULER_ACTOR, reason });
        opts.log?.warn(
          { campaignId: row.id, lineAccountId: row.line_account_id, reason },
          'scheduled campaign is no longer valid: returned to Draft',
        );
        return { campaignId: row.id, outcome: 'returned_to_draft', reason };
      }
      await startCampaign(q, row, 'start', SCHEDULER_ACTOR);
      opts.log?.info({ campaignId: row.id, lineAccountId: row.line_account_id }, 'scheduled campaign started');
      return { campaignId: row.id, outcome: 'started' };
    });
    if (started?.outcome === 'started') wakeDeliveryEngines();
    return started;
  } catch (err) {
    const row = claimed as CampaignRow | null;
    if (!row) throw err;
    return recordStartFailure(db, row, err, opts);
  }
}

async function recordStartFailure(db: Db, row: CampaignRow, err: unknown, opts: StartOptions): Promise<StartOutcome> {
  const b = opts.backoff ?? DEFAULT_START_BACKOFF;
  const message = err instanceof Error ? err.message : String(err);
  const reason = `start_failed: ${message}`.slice(0, 500);
  const failures = row.start_failures + 1;
  const retryInMs = backoffMs(failures, b.baseMs, b.capMs, b.random);
  // Only while it is still Planned: a marketer may have unscheduled it meanwhile. updated_at stays: this is the
  // system's note, not an edit, and must not fail a marketer's concurrent save.
  await db.query(sql.recordStartFailure, [row.id, reason, failures, retryInMs / 1000]);
  opts.log?.error(
    { campaignId: row.id, lineAccountId: row.line_account_id, failures, retryInMs, err },
    'scheduled campaign could not start; will retry',
  );
  return { campaignId: row.id, outcome: 'start_failed', reason, failures, retryInMs };
}

/** Starts every campaign that is due now (bounded per round so one round cannot run forever). */
export async function startDueCampaigns(db: Db, senderFor: SenderFactory, max = 100, opts: StartOptions = {}): Promise<StartOutcome[]> {
  const out: StartOutcome[] = [];
  for (let i = 0; i < max; i++) {
    const one = await startOneDue(db, senderFor, opts);
    if (!one) break;
    out.push(one);
  }
  return out;
}

/** Milliseconds until the first Planned campaign is due (or its start retried), kept within [minMs, maxMs]. */
async function untilNextDue(db: Db, minMs: number, maxMs: number): Promise<number> {
  const r = await db.query<{ ms: number | null }>(sql.msUntilNextDue);
  const ms = r.rows[0]?.ms ?? maxMs;
  return Math.min(maxMs, Math.max(minMs, Math.ceil(ms)));
}

export interface Scheduler {
  /** One round now; resolves when it is done. */
  tick(): Promise<StartOutcome[]>;
  stop(): Promise<void>;
}

/**
 * Polls every intervalMs. State lives only in the database (state = 'Planned', scheduled_at), so a campaign
 * that came due while every process was down starts on the first round after a restart. A round that fails
 * (the database is unreachable) is logged and the next waits longer, doubling up to 30 s.
 */
export function startScheduler(
  db: Db,
  senderFor: SenderFactory,
  opts: {
    intervalMs?: number;
    /**
     * When set, rounds run when the next Planned campaign comes due or a campaign is scheduled in this process
     * (src/delivery/wake.ts), at least every idleMs, instead of every intervalMs: for the embedded database,
     * where nothing is scheduled elsewhere.
     */
    idleMs?: number;
    log?: Logger;
    backoff?: StartBackoff;
    roundBackoffCapMs?: number;
  } = {},
): Scheduler {
  const intervalMs = opts.intervalMs ?? 1_000;
  const roundCap = Math.max(intervalMs, opts.roundBackoffCapMs ?? 30_000);
  const startOpts: StartOptions = { log: opts.log, backoff: opts.backoff };
  let stopped = false;
  let current: Promise<StartOutcome[]> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let failedRounds = 0;

  const tick = async (): Promise<StartOutcome[]> => {
    while (current) await current.catch(() => undefined);
    if (stopped) return [];
    current = startDueCampaigns(db, senderFor, 100, startOpts);
    try {
      return await current;
    } finally {
      current = null;
    }
  };
  let nextWait = intervalMs;
  let off: (() => void) | null = null;
  let signalled = workSignals('schedule');
  const loop = () => {
    const wait = failedRounds ? backoffMs(failedRounds, intervalMs, roundCap) : nextWait;
    const round = () => {
      if (timer) clearTimeout(timer);
      off?.();
      off = null;
      signalled = workSignals('schedule');
      tick()
        .then(async () => {
          if (opts.idleMs) nextWait = await untilNextDue(db, intervalMs, opts.idleMs);
          if (failedRounds) opts.log?.info({ failedRounds }, 'campaign scheduler: rounds run again');
          failedRounds = 0;
        })
        .then(
          () => undefined,
          (err: unknown) => {
            failedRounds++;
            opts.log?.error({ err, failedRounds }, 'campaign scheduler: round failed');
          },
        )
        .finally(() => {
          if (!stopped) loop();
        });
    };
    // scheduled while the last round ran: go again now
    timer = setTimeout(round, opts.idleMs && signalled !== workSignals('schedule') ? 0 : wait);
    timer.unref();
    if (opts.idleMs) off = onWork('schedule', round);
  };
  loop();
  return {
    tick,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      off?.();
      await current?.catch(() => undefined);
    },
  };
}
