/**
 * The campaigns module's side of the delivery engine's read port (src/app/ports.ts, DeliveryReadPort): which
 * campaigns are Active, their frozen revisions, the row locks a state move takes, and the state-reason note. The
 * engine may not import this module (campaigns imports delivery); runtime hands these over.
 */
import type { Queryable } from '../db/types.ts';

export async function activeCampaigns(q: Queryable, campaignIds: readonly string[]): Promise<string[]> {
  if (!campaignIds.length) return [];
  const r = await q.query<{ id: string }>(
    `SELECT id FROM campaigns WHERE id = ANY($1::uuid[]) AND state = 'Active' ORDER BY launched_at NULLS LAST, id`,
    [campaignIds],
  );
  return r.rows.map((x) => x.id);
}

export async function revisions(
  q: Queryable,
  revisionIds: readonly number[],
): Promise<Map<number, { campaignId: string; content: unknown }>> {
  if (!revisionIds.length) return new Map();
  const r = await q.query<{ id: number; campaign_id: string; content: unknown }>(
    'SELECT id, campaign_id, content FROM campaign_revisions WHERE id = ANY($1::bigint[])',
    [revisionIds],
  );
  return new Map(r.rows.map((x) => [Number(x.id), { campaignId: x.campaign_id, content: x.content }]));
}

export async function lockCampaigns(
  q: Queryable,
  campaignIds: readonly string[],
): Promise<Map<string, { state: string; resumedAt: Date | null }>> {
  if (!campaignIds.length) return new Map();
  const r = await q.query<{ id: string; state: string; resumed_at: Date | null }>(
    `SELECT c.id, c.state, (SELECT max(at) FROM campaign_history h WHERE h.campaign_id = c.id AND h.from_state = 'Suspended' AND h.to_state = 'Active') AS resumed_at
     FROM campaigns c WHERE c.id = ANY($1::uuid[]) ORDER BY c.id FOR UPDATE`,
    [campaignIds],
  );
  return new Map(r.rows.map((x) => [x.id, { state: x.state, resumedAt: x.resumed_at }]));
}

export async function noteReason(q: Queryable, campaignIds: readonly string[], note: string | null, prefix: string): Promise<void> {
  if (!campaignIds.length) return;
  if (note === null)
    await q.query(
      `UPDATE campaigns SET state_reason = NULL WHERE id = ANY($1::uuid[]) AND state = 'Active' AND starts_with(state_reason, $2)`,
      [campaignIds, prefix],
    );
  else
    await q.query(`UPDATE campaigns SET state_reason = $2 WHERE id = ANY($1::uuid[]) AND state = 'Active'`, [
      campaignIds,
      note.slice(0, 500),
    ]);
}
