import type { Queryable } from '../db/types.ts';
import { requestCounts, sendMinutes, tally } from '../delivery/counts.ts';
import * as sql from './queries.ts';

/** What a report needs from the delivery log (test sends excluded). */
export interface DeliveryAggregates {
  byStatus: Record<string, number>;
  excluded: Record<string, number>;
  failed: Record<string, number>;
  sends: { minute: string; accepted: number }[];
}

const FRESH_MS = 5_000;

/**
 * Computes the aggregates once per campaign state: a
 * Finished campaign's aggregates are cached until its state or finished_at changes; an active one's for 5 s,
 * so a dashboard polling every second costs one scan per 5 s, not one per request.
 */
export async function deliveryAggregates(
  q: Queryable,
  campaign: { id: string; state: string; finishedAt: Date | null },
  now = new Date(),
): Promise<DeliveryAggregates> {
  const c = await q.query<{ state: string; finished_at: Date | null; computed_at: Date; data: DeliveryAggregates }>(sql.cachedAggregates, [
    campaign.id,
  ]);
  const hit = c.rows[0];
  if (
    hit &&
    hit.state === campaign.state &&
    (hit.finished_at?.getTime() ?? null) === (campaign.finishedAt?.getTime() ?? null) &&
    (campaign.state === 'Finished' || now.getTime() - hit.computed_at.getTime() < FRESH_MS)
  ) {
    return hit.data;
  }
  const data = await computeAggregates(q, campaign.id);
  await q.query(sql.cacheAggregates, [
    campaign.id,
    campaign.state,
    campaign.finishedAt?.toISOString() ?? null,
    now.toISOString(),
    JSON.stringify(data),
  ]);
  return data;
}

export async function computeAggregates(q: Queryable, campaignId: string): Promise<DeliveryAggregates> {
  // Same arithmetic as the delivery engine's progress (src/delivery/progress.ts): the request rollups carry the
  // recipient counts, the snapshot row the pending total and exclusions. Never scans recipient or request rows.
  const [snap, counts, sends] = await Promise.all([
    q.query<{ pending_total: number; excluded: Record<string, number>; canceled: boolean }>(sql.snapshotTotals, [campaignId]),
    requestCounts(q, campaignId),
    sendMinutes(q, campaignId),
  ]);
  const s = snap.rows[0];
  const t = tally(counts, s ? { pendingTotal: s.pending_total, canceled: s.canceled, excluded: s.excluded } : null);
  // A queued request is still on its way: the report counts it as pending (progress calls it sending). Only
  // statuses someone is in are listed.
  const byStatus = Object.fromEntries(
    Object.entries({
      pending: t.pending + t.queued,
      accepted: t.accepted,
      failed: t.failed,
      canceled: t.canceled,
      excluded: t.excluded,
    }).filter(([, n]) => n > 0),
  );
  return {
    byStatus,
    excluded: s?.excluded ?? {},
    failed: t.failedBy,
    sends: sends.map((r) => ({ minute: r.minute.toISOString(), accepted: r.recipients })),
  };
}
