import type { CampaignLookup } from '../app/ports.ts';
import * as sql from './queries.ts';

/**
 * The campaign reads audience and tracking need (src/app/ports.ts, CampaignLookup): they sit below src/campaigns in
 * the import graph, so the composition root hands them this object instead of the table.
 */
export const campaignLookup: CampaignLookup = {
  async inWorkspace(q, workspaceId, ids) {
    if (!ids.length) return new Set();
    const r = await q.query<{ id: string }>(sql.campaignsInWorkspace, [ids, workspaceId]);
    return new Set(r.rows.map((x) => x.id));
  },
  async lockExisting(q, ids) {
    if (!ids.length) return new Set();
    const r = await q.query<{ id: string }>(sql.lockExistingCampaigns, [ids]);
    return new Set(r.rows.map((x) => x.id));
  },
  async withAggregationUnit(q, since) {
    const r = await q.query<{ id: string; unit: string; line_account_id: string; launched_at: Date }>(sql.campaignsWithAggregationUnit, [
      since.toISOString(),
    ]);
    return r.rows.map((x) => ({ id: x.id, unit: x.unit, lineAccountId: x.line_account_id, launchedAt: x.launched_at }));
  },
};
