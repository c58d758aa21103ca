/**
 * The campaigns module's side of the delivery engine's read port (src/app/ports.ts, DeliveryReadPort): which
 * campaigns are Active, their frozen revisions, the row locks a state move takes, and the state-reason note. The
 * engine may not import this module (campaigns imports delivery); runtime hands these over.
 */
import type { Queryable } from '../db/types.ts';
import * as sql from './queries.ts';

export async function activeCampaigns(q: Queryable, campaignIds: readonly string[]): Promise<string[]> {
  if (!campaignIds.length) return [];
  const r = await q.query<{ id: string }>(sql.activeOfCampaigns, [campaignIds]);
  return r.rows.map((x) => x.id);
}

export async function revisions(
  q: Queryable,
  revisionIds: readonly number[],
): Promise<Map<number, { campaignId: string; content: unknown }>> {
  if (!revisionIds.length) return new Map();
  const r = await q.query<{ id: number; campaign_id: string; content: unknown }>(sql.revisionsById, [revisionIds]);
  return new Map(r.rows.map((x) => [Number(x.id), { campaignId: x.campaign_id, content: x.content }]));
}

export async function lockCampaigns(
  q: Queryable,
  campaignIds: readonly string[],
): Promise<Map<string, { state: string; resumedAt: Date | null }>> {
  if (!campaignIds.length) return new Map();
  const r = await q.query<{ id: string; state: string; resumed_at: Date | null }>(sql.lockCampaignsForDelivery, [campaignIds]);
  return new Map(r.rows.map((x) => [x.id, { state: x.state, resumedAt: x.resumed_at }]));
}

export async function noteReason(q: Queryable, campaignIds: readonly string[], note: string | null, prefix: string): Promise<void> {
  if (!campaignIds.length) return;
  if (note === null) await q.query(sql.clearStateReasonPrefix, [campaignIds, prefix]);
  else await q.query(sql.setStateReason, [campaignIds, note.slice(0, 500)]);
}
