import type { Db } from '../db/types.ts';
import type { SecretBox } from '../security/secret-box.ts';
import { startCampaign } from './lifecycle.ts';
import type { CampaignRow } from './repo.ts';
import { transition } from './transitions.ts';
import { validateCampaign } from './validate.ts';

export const SCHEDULER_ACTOR = 'scheduler';

export type StartOutcome = { campaignId: string; outcome: 'started' | 'returned_to_draft'; reason?: string };

/**
 * Starts one due Planned campaign, if any. The claim (`FOR UPDATE SKIP LOCKED`), the re-check, the revision,
 * the move to Active and the audience snapshot share one transaction, so two schedulers never start the same
 * campaign and a crash half-way leaves it Planned and due, to be started on the next round.
 *
 * The re-check leaves out the LINE quota call (no HTTP while holding the row); the quota was checked when the
 * campaign was scheduled, and the delivery engine suspends a campaign that runs out.
 */
export async function startOneDue(db: Db, box: SecretBox): Promise<StartOutcome | null> {
  return db.tx(async (q) => {
    const r = await q.query<CampaignRow>(
      `SELECT * FROM campaigns WHERE state = 'Planned' AND scheduled_at <= now()
       ORDER BY scheduled_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    );
    const row = r.rows[0];
    if (!row) return null;
    const v = await validateCampaign(q, box, row, 'launch', { quota: false });
    if (!v.valid) {
      // Something changed since it was scheduled (an account unassigned, a segment deleted): give it back to
      // the marketer as a Draft, with the reason in its history, rather than send something broken.
      const first = v.errors[0]!;
      const reason = `start_failed: ${first.path}: ${first.message}`.slice(0, 500);
      await transition(q, row.id, 'unschedule', { actor: SCHEDULER_ACTOR, reason });
      return { campaignId: row.id, outcome: 'returned_to_draft', reason };
    }
    await startCampaign(q, row, 'start', SCHEDULER_ACTOR);
    return { campaignId: row.id, outcome: 'started' };
  });
}

/** Starts every campaign that is due now (bounded per round so one round cannot run forever). */
export async function startDueCampaigns(db: Db, box: SecretBox, max = 100): Promise<StartOutcome[]> {
  const out: StartOutcome[] = [];
  for (let i = 0; i < max; i++) {
    const one = await startOneDue(db, box);
    if (!one) break;
    out.push(one);
  }
  return out;
}

export interface Scheduler {
  /** One round now; resolves when it is done. */
  tick(): Promise<StartOutcome[]>;
  stop(): Promise<void>;
}

/**
 * Polls every intervalMs. State lives only in the database (state = 'Planned', scheduled_at), so a campaign
 * that came due while every process was down starts on the first round after a restart.
 */
export function startScheduler(db: Db, box: SecretBox, opts: { intervalMs?: number; onError?: (e: unknown) => void } = {}): Scheduler {
  const intervalMs = opts.intervalMs ?? 1_000;
  const onError = opts.onError ?? ((e: unknown) => console.error('campaign-scheduler: round failed', e));
  let stopped = false;
  let current: Promise<StartOutcome[]> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const tick = async (): Promise<StartOutcome[]> => {
    while (current) await current.catch(() => undefined);
    if (stopped) return [];
    current = startDueCampaigns(db, box);
    try {
      return await current;
    } finally {
      current = null;
    }
  };
  const loop = () => {
    timer = setTimeout(() => {
      tick()
        .catch(onError)
        .finally(() => {
          if (!stopped) loop();
        });
    }, intervalMs);
    timer.unref();
  };
  loop();
  return {
    tick,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current?.catch(() => undefined);
    },
  };
}
