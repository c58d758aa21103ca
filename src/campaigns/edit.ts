import type { Queryable } from '../db/types.ts';
import { isAccountAssigned } from '../admin/line-accounts.ts';
import { backoffCapBelowBase } from '../domain/activation.ts';
import { EngineError, type ErrorDetail } from '../errors.ts';
import type { CampaignPatch } from '../schemas/campaign.ts';
import { getSegment, isParentSegmentAllowed } from './ports.ts';
import { deleteCampaign, getCampaignRow, mergePatch, saveCampaign, setArchived, type CampaignRow } from './repo.ts';

/** Launched content is frozen: what was sent must stay what the campaign shows. */
export function frozen(row: CampaignRow, what: string): EngineError {
  return EngineError.conflict(
    `A ${row.state} campaign cannot be ${what}; only Drafts can (duplicate it to reuse the content)`,
    { currentState: row.state },
    'campaign_not_editable',
  );
}

/**
 * References a draft may hold must at least exist and be visible from its workspace; whether they are still
 * usable at launch (an account unassigned since, a segment of another parent) is the validator's job.
 */
async function checkReferences(q: Queryable, ws: string, m: ReturnType<typeof mergePatch>, p: CampaignPatch): Promise<void> {
  const bad: ErrorDetail[] = [];
  if (p.content?.lineAccountId) {
    if (!(await isAccountAssigned(q, p.content.lineAccountId, ws)))
      bad.push({ path: 'body.content.lineAccountId', message: 'No LINE account with this id is assigned to this workspace' });
  }
  if (p.audience?.parentSegmentId) {
    if (!(await isParentSegmentAllowed(q, p.audience.parentSegmentId, ws)))
      bad.push({ path: 'body.audience.parentSegmentId', message: 'No parent segment with this id is allowed in this workspace' });
  }
  if (p.audience?.segmentId) {
    if (!(await getSegment(q, ws, p.audience.segmentId)))
      bad.push({ path: 'body.audience.segmentId', message: 'No segment with this id in this workspace' });
  }
  if (backoffCapBelowBase(m.activation))
    bad.push({ path: 'body.activation.backoffCapMs', message: 'The backoff cap must be at least the backoff base' });
  if (bad.length) throw EngineError.invalid(bad);
}

export async function updateCampaign(q: Queryable, ws: string, id: string, p: CampaignPatch): Promise<void> {
  const row = await getCampaignRow(q, ws, id, true);
  if (!row) throw EngineError.notFound('Campaign');
  if (row.state !== 'Draft') throw frozen(row, 'edited');
  const merged = mergePatch(row, p);
  await checkReferences(q, ws, merged, p);
  await saveCampaign(q, id, merged);
}

export async function removeCampaign(q: Queryable, ws: string, id: string): Promise<void> {
  const row = await getCampaignRow(q, ws, id, true);
  if (!row) throw EngineError.notFound('Campaign');
  if (row.state !== 'Draft') throw frozen(row, 'deleted');
  await deleteCampaign(q, id);
}

/**
 * Archiving only hides a campaign from the default list. A campaign that is about to send or sending is not
 * archived, so nothing goes out from a campaign nobody sees.
 */
export async function archiveCampaign(q: Queryable, ws: string, id: string, archived: boolean): Promise<void> {
  const row = await getCampaignRow(q, ws, id, true);
  if (!row) throw EngineError.notFound('Campaign');
  if (archived && (row.state === 'Planned' || row.state === 'Active'))
    throw EngineError.conflict(
      `A ${row.state} campaign cannot be archived; unschedule or cancel it first`,
      { currentState: row.state },
      'campaign_in_progress',
    );
  await setArchived(q, id, archived);
}
