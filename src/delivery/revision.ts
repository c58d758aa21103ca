import type { Queryable } from '../db/types.ts';
import { RevisionContent } from '../schemas/revision.ts';

export async function revisionOf(q: Queryable, revisionId: number): Promise<{ campaignId: string; content: RevisionContent }> {
  const r = await q.query<{ campaign_id: string; content: unknown }>('SELECT campaign_id, content FROM campaign_revisions WHERE id = $1', [
    revisionId,
  ]);
  const row = r.rows[0];
  if (!row) throw new Error(`Revision ${revisionId} not found`);
  return { campaignId: row.campaign_id, content: RevisionContent.parse(row.content) };
}
