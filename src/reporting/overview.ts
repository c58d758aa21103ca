import { launchedCampaigns } from '../campaigns/repo.ts';
import type { Queryable } from '../db/types.ts';
import { campaignReport } from './report.ts';
import type { OverviewItem } from './schema.ts';
import type { z } from 'zod';

/** The workspace's most recently launched campaigns with their headline numbers. */
export async function workspaceOverview(q: Queryable, workspaceId: string, limit = 20): Promise<z.infer<typeof OverviewItem>[]> {
  const items: z.infer<typeof OverviewItem>[] = [];
  for (const c of await launchedCampaigns(q, workspaceId, limit)) {
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
