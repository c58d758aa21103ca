import type { CampaignFinishPort } from '../app/ports.ts';
import * as sql from './queries.ts';
import { lockCampaigns } from './delivery-reads.ts';

/** Campaigns as archiving their delivery rows sees them (src/delivery/archive.ts). */
export const campaignFinishPort: CampaignFinishPort = {
  async finishInfo(q, campaignIds) {
    if (!campaignIds.length) return [];
    const r = await q.query<{ id: string; name: string; state: string; finished_at: Date | null }>(sql.finishInfo, [campaignIds]);
    return r.rows.map((x) => ({ id: x.id, name: x.name, state: x.state, finishedAt: x.finished_at }));
  },
  // the same row lock the delivery engine's state moves take (one statement for both)
  async lockState(q, campaignId) {
    return (await lockCampaigns(q, [campaignId])).get(campaignId)?.state ?? null;
  },
};
