import type { CampaignFinishPort } from '../app/ports.ts';

/** Campaigns as archiving their delivery rows sees them (src/delivery/archive.ts). */
export const campaignFinishPort: CampaignFinishPort = {
  async finishInfo(q, campaignIds) {
    if (!campaignIds.length) return [];
    const r = await q.query<{ id: string; name: string; state: string; finished_at: Date | null }>(
      `SELECT c.id, c.name, c.state,
         (SELECT max(h.at) FROM campaign_history h WHERE h.campaign_id = c.id AND h.to_state = 'Finished') AS finished_at
       FROM campaigns c WHERE c.id = ANY($1::uuid[]) ORDER BY finished_at NULLS LAST, c.id`,
      [campaignIds],
    );
    return r.rows.map((x) => ({ id: x.id, name: x.name, state: x.state, finishedAt: x.finished_at }));
  },
  async lockState(q, campaignId) {
    const r = await q.query<{ state: string }>('SELECT state FROM campaigns WHERE id = $1 FOR UPDATE', [campaignId]);
    return r.rows[0]?.state ?? null;
  },
};
