import type { Db, Queryable } from '../db/types.ts';
import { EngineError } from '../errors.ts';
import type { SenderFactory } from '../app/ports.ts';
import type { RevisionContent } from '../schemas/revision.ts';
import { beginSnapshot, onCampaignCanceled, onCampaignResumed, wakeDeliveryEngines } from './ports.ts';
import { getCampaignRow, sendModeOf, tabsOf, type CampaignRow } from './repo.ts';
import { transition } from './transitions.ts';
import { validateCampaign, type CampaignValidation } from './validate.ts';
import { importBeingApplied } from '../audience/index.ts';
import * as sql from './queries.ts';

/** What campaigns freeze at launch and the delivery engine reads: the shared RevisionContent schema's shape. */
export async function revisionContent(row: CampaignRow): Promise<RevisionContent> {
  const { utm, activation, deliverySpeed } = tabsOf(row);
  return {
    campaign: { id: row.id, name: row.name },
    lineAccountId: row.line_account_id!,
    messages: row.messages,
    utm,
    trackingEnabled: row.tracking_enabled,
    activation,
    deliverySpeed,
    recipientCap: row.recipient_cap,
    aggregationUnit: row.aggregation_unit,
    sendMode: await sendModeOf(row.messages),
    audience: { parentSegmentId: row.parent_segment_id, segmentId: row.segment_id },
  };
}

export const validationFailed = (v: CampaignValidation, what: string) =>
  new EngineError(
    'unprocessable',
    'validation_failed',
    `The campaign cannot ${what}: ${v.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    v.errors.map((e) => ({ tab: e.tab, path: e.path, message: e.message, ...(e.code ? { code: e.code, params: e.params ?? {} } : {}) })),
  );

/**
 * Freezes the content, moves the campaign to Active and freezes its audience, all inside the caller's transaction
 * so that a crash leaves either a Draft/Planned campaign or an Active one with its snapshot begun: the first chunk of
 * recipients is written here, the dispatcher streams the rest (docs/delivery.md, "Snapshot").
 */
export async function startCampaign(q: Queryable, row: CampaignRow, event: 'launch' | 'start', actor: string) {
  // An embedded import fills an empty parent segment in committed chunks: its audience is not whole until it ends.
  if (row.parent_segment_id && (await importBeingApplied(q, row.parent_segment_id)))
    throw EngineError.conflict(
      'An import into this parent segment is still being applied; launch when it has finished',
      {},
      'import_in_progress',
    );
  const content = await revisionContent(row);
  const rev = await q.query<{ id: number }>(sql.insertRevision, [row.id, JSON.stringify(content)]);
  const revisionId = Number(rev.rows[0]!.id);
  await q.query(sql.setCurrentRevision, [row.id, revisionId]);
  const moved = await transition(q, row.id, event, { actor });
  const snapshot = await beginSnapshot(q, { campaignId: row.id, revisionId });
  return { ...moved, revisionId, snapshot };
}

/** Validation talks to LINE (quota), so it runs before the transaction; the row must not change in between. */
async function lockUnchanged(q: Queryable, seen: CampaignRow): Promise<CampaignRow> {
  const row = await getCampaignRow(q, seen.workspace_id, seen.id, true);
  if (!row) throw EngineError.notFound('Campaign');
  if (row.updated_at.getTime() !== seen.updated_at.getTime() || row.state !== seen.state)
    throw EngineError.conflict('The campaign changed while it was being checked; check it again', { currentState: row.state });
  return row;
}

async function loadForAction(db: Db, ws: string, id: string): Promise<CampaignRow> {
  const row = await getCampaignRow(db, ws, id);
  if (!row) throw EngineError.notFound('Campaign');
  return row;
}

export async function launchCampaign(db: Db, senderFor: SenderFactory, ws: string, id: string, actor: string) {
  const seen = await loadForAction(db, ws, id);
  // Refuse an illegal move before spending a LINE call on the quota.
  if (seen.state !== 'Draft') return db.tx((q) => transition(q, id, 'launch', { actor }));
  const v = await validateCampaign(db, senderFor, seen, 'launch');
  if (!v.valid) throw validationFailed(v, 'launch');
  const started = await db.tx(async (q) => startCampaign(q, await lockUnchanged(q, seen), 'launch', actor));
  wakeDeliveryEngines(); // the first message goes now, not at the engine's next poll
  return started;
}

export async function scheduleCampaign(db: Db, senderFor: SenderFactory, ws: string, id: string, actor: string) {
  const seen = await loadForAction(db, ws, id);
  if (seen.state !== 'Draft') return db.tx((q) => transition(q, id, 'schedule', { actor }));
  const v = await validateCampaign(db, senderFor, seen, 'schedule');
  if (!v.valid || !v.scheduledAt) throw validationFailed(v, 'be scheduled');
  const at = v.scheduledAt;
  return db.tx(async (q) => {
    await lockUnchanged(q, seen);
    const moved = await transition(q, id, 'schedule', { actor });
    // a fresh schedule starts with a clean slate: no failed starts, no backoff
    await q.query(sql.scheduleCampaign, [id, at.toISOString()]);
    return moved;
  });
}

/** unschedule, cancel and resume: the state move plus what the delivery engine must do about it, in one transaction. */
export async function simpleTransition(db: Db, ws: string, id: string, event: 'unschedule' | 'cancel' | 'resume', actor: string) {
  const moved = await db.tx(async (q) => {
    if (!(await getCampaignRow(q, ws, id, true))) throw EngineError.notFound('Campaign');
    const moved = await transition(q, id, event, { actor });
    if (event === 'cancel' && moved.from === 'Active') await onCampaignCanceled(q, id);
    if (event === 'resume') await onCampaignResumed(q, id);
    return moved;
  });
  if (event === 'resume') wakeDeliveryEngines();
  return moved;
}
