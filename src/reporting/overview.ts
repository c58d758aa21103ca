import type { Queryable } from '../db/types.ts';
import { campaignReport } from './report.ts';
import type { OverviewItem } from './schema.ts';
import type { z } from 'zod';

/** The workspace's most recently launched campaigns with their headline numbers. */
export async function workspaceOverview(q: Queryable, workspaceId: string, limit = 20): Promise<z.infer<typeof OverviewItem>[]> {
  const r = await q.query<{ id: string; name: string; state: string; launched_at: Date | null; finished_at: Date | null }>(
    `SELECT id, name, state, launched_at, finished_at FROM campaigns
     WHERE workspace_id = $1 AND launched_at IS NOT NULL ORDER BY launched_at DESC, id LIMIT $2`,
    [workspaceId, limit],
  );
  const items: z.infer<typeof OverviewItem>[] = [];
  for (const c of r.rows) {
    const rep = await campaignReport(q, c);
    items.push({
      campaignId: c.id,
      name: c.name,
      state: c.state,
      launchedAt: rep.launchedAt,
      finishedAt: rep.finishedAt,
      audience: rep.audience,
      accepted: rep.accepted,
      failed: rep.failed.total,
      uniqueClicks: rep.clicks.unique,
      clickRate: rep.clicks.clickRate,
      blocks: rep.blocks.count,
      blockRate: rep.blocks.rate,
    });
  }
  return items;
}
