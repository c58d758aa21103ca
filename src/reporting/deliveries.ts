import type { Queryable } from '../db/types.ts';

/** What a report needs from the delivery log (test sends excluded). */
export interface DeliveryAggregates {
  byStatus: Record<string, number>;
  excluded: Record<string, number>;
  failed: Record<string, number>;
  sends: { minute: string; accepted: number }[];
}

const FRESH_MS = 5_000;

/**
 * Reads deliveries (columns campaign_id, status, reason, is_test, accepted_at) once per campaign state: a
 * Finished campaign's aggregates are cached until its state or finished_at changes; an active one's for 5 s,
 * so a dashboard polling every second costs one scan per 5 s, not one per request.
 */
export async function deliveryAggregates(q: Queryable, campaign: { id: string; state: string; finishedAt: Date | null }, now = new Date()): Promise<DeliveryAggregates> {
  const c = await q.query<{ state: string; finished_at: Date | null; computed_at: Date; data: DeliveryAggregates }>(
    'SELECT state, finished_at, computed_at, data FROM campaign_report_cache WHERE campaign_id = $1',
    [campaign.id],
  );
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
  await q.query(
    `INSERT INTO campaign_report_cache (campaign_id, state, finished_at, computed_at, data) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (campaign_id) DO UPDATE SET state = $2, finished_at = $3, computed_at = $4, data = $5`,
    [campaign.id, campaign.state, campaign.finishedAt?.toISOString() ?? null, now.toISOString(), JSON.stringify(data)],
  );
  return data;
}

export async function computeAggregates(q: Queryable, campaignId: string): Promise<DeliveryAggregates> {
  const counts = await q.query<{ status: string; reason: string | null; n: number }>(
    `SELECT status, reason, count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND NOT is_test GROUP BY status, reason`,
    [campaignId],
  );
  const out: DeliveryAggregates = { byStatus: {}, excluded: {}, failed: {}, sends: [] };
  for (const r of counts.rows) {
    out.byStatus[r.status] = (out.byStatus[r.status] ?? 0) + r.n;
    if (r.status === 'excluded') out.excluded[r.reason ?? 'unknown'] = (out.excluded[r.reason ?? 'unknown'] ?? 0) + r.n;
    if (r.status === 'failed') out.failed[r.reason ?? 'unknown'] = (out.failed[r.reason ?? 'unknown'] ?? 0) + r.n;
  }
  const sends = await q.query<{ minute: Date; n: number }>(
    `SELECT date_trunc('minute', accepted_at) AS minute, count(*)::int AS n FROM deliveries
     WHERE campaign_id = $1 AND NOT is_test AND status = 'accepted' AND accepted_at IS NOT NULL GROUP BY 1 ORDER BY 1`,
    [campaignId],
  );
  out.sends = sends.rows.map((r) => ({ minute: r.minute.toISOString(), accepted: r.n }));
  return out;
}
