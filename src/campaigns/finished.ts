import type { CampaignFinishPort } from '../app/ports.ts';
import * as sql from './queries.ts';

/** Campaigns as archiving their delivery rows sees them (src/delivery/archive.ts). */
export const campaignFinishPort: CampaignFinishPort = {
  async finishInfo(q, campaignIds) {
    if (!campaignIds.length) return [];
    const r = await q.query<{ id: string; name: string; state: string; finished_at: Date | null }>(sql.finishInfo, [campaignIds]);
    return r.rows.map((x) => ({ id: x.id, name: x.name, state: x.state, finishedAt: x.finished_at }));
  },
  async lockState(q, campaignId) {
    const r = await q.query<{ state: string }>(sql.stateForArchive, [campaignId]);
    return r.rows[0]?.state ?? null;
  },
};
