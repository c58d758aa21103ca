import type { Queryable } from '../db/types.ts';
import { workspaceTimeZone } from '../admin/workspaces.ts';
import { Activation, DeliverySpeed, Schedule, Utm, type Campaign, type CampaignPatch, type CampaignState } from '../schemas/campaign.ts';
import { encodeKeysetCursor } from '../schemas/cursor.ts';
import { domain } from './ports.ts';
import * as sql from './queries.ts';

export type CampaignRow = {
  id: string;
  workspace_id: string;
  name: string;
  type: 'line';
  state: CampaignState;
  state_reason: string | null;
  parent_segment_id: string | null;
  segment_id: string | null;
  line_account_id: string | null;
  messages: Record<string, unknown>[];
  schedule: unknown;
  activation: unknown;
  utm: unknown;
  delivery_speed: unknown;
  recipient_cap: number | null;
  tracking_enabled: boolean;
  aggregation_unit: string | null;
  scheduled_at: Date | null;
  /** Starts that failed in a row while Planned, and when the scheduler may try again (see scheduler.ts). */
  start_failures: number;
  start_retry_at: Date | null;
  current_revision_id: number | null;
  archived_at: Date | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  launched_at: Date | null;
  finished_at: Date | null;
  created_cursor?: string;
};

type HistoryRow = {
  campaign_id: string;
  from_state: CampaignState | null;
  to_state: CampaignState;
  at: Date;
  actor: string;
  reason: string | null;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The tabs as stored, with defaults filled for anything older rows or direct inserts left out. */
export function tabsOf(r: CampaignRow) {
  return {
    schedule: Schedule.parse(r.schedule ?? {}),
    activation: Activation.parse(r.activation ?? {}),
    utm: Utm.parse(r.utm ?? {}),
    deliverySpeed: DeliverySpeed.parse(r.delivery_speed ?? {}),
  };
}

/** Multicast sends one payload to up to 500 people; a message that differs per recipient has to go by push. */
export async function sendModeOf(messages: unknown[]): Promise<'push' | 'multicast'> {
  return domain().isPersonalized(messages) ? 'push' : 'multicast';
}

async function toCampaign(r: CampaignRow, history: HistoryRow[]): Promise<Campaign> {
  const tabs = tabsOf(r);
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    name: r.name,
    type: 'line',
    state: r.state,
    stateReason: r.state_reason,
    audience: { parentSegmentId: r.parent_segment_id, segmentId: r.segment_id },
    content: { lineAccountId: r.line_account_id, messages: r.messages as Campaign['content']['messages'] },
    ...tabs,
    recipientCap: r.recipient_cap,
    trackingEnabled: r.tracking_enabled,
    aggregationUnit: r.aggregation_unit,
    sendMode: await sendModeOf(r.messages),
    scheduledAt: iso(r.scheduled_at),
    revisionId: r.current_revision_id,
    history: history
      .filter((h) => h.campaign_id === r.id)
      .map((h) => ({ from: h.from_state, to: h.to_state, at: h.at.toISOString(), actor: h.actor, reason: h.reason })),
    archivedAt: iso(r.archived_at),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    launchedAt: iso(r.launched_at),
    finishedAt: iso(r.finished_at),
  };
}

async function withHistory(q: Queryable, rows: CampaignRow[]): Promise<Campaign[]> {
  if (!rows.length) return [];
  const h = await q.query<HistoryRow>(sql.withHistory, [rows.map((r) => r.id)]);
  return Promise.all(rows.map((r) => toCampaign(r, h.rows)));
}

/** A campaign of this workspace only: another workspace's id reads as not found. */
export async function getCampaignRow(q: Queryable, workspaceId: string, id: string, forUpdate = false): Promise<CampaignRow | null> {
  const r = await q.query<CampaignRow>(sql.getCampaignRow(forUpdate), [id, workspaceId]);
  return r.rows[0] ?? null;
}

export async function getCampaign(q: Queryable, workspaceId: string, id: string): Promise<Campaign | null> {
  const row = await getCampaignRow(q, workspaceId, id);
  return row ? (await withHistory(q, [row]))[0]! : null;
}

export interface ListFilters {
  state?: CampaignState;
  q?: string;
  archived: 'false' | 'true' | 'all';
  /** Decoded and checked by KeysetCursor: (created_at as text, id) of the previous page's last row. */
  cursor?: [string, string];
  limit: number;
}

const encodeCursor = (r: CampaignRow) => encodeKeysetCursor(r.created_cursor!, r.id);

/** Newest first; the cursor is the last row's (created_at, id) so pages never skip or repeat under inserts. */
export async function listCampaigns(
  q: Queryable,
  workspaceId: string,
  f: ListFilters,
): Promise<{ items: Campaign[]; nextCursor: string | null }> {
  const page = sql.campaignsPage(workspaceId, f);
  const r = await q.query<CampaignRow>(page.text, page.params);
  const more = r.rows.length > f.limit;
  const rows = r.rows.slice(0, f.limit);
  return { items: await withHistory(q, rows), nextCursor: more && rows.length ? encodeCursor(rows[rows.length - 1]!) : null };
}

export async function createCampaign(q: Queryable, workspaceId: string, input: { name: string }, userId: string | null): Promise<string> {
  // A new campaign is scheduled in its workspace's time zone unless the marketer picks another.
  const timeZone = await workspaceTimeZone(q, workspaceId);
  const r = await q.query<{ id: string }>(sql.createCampaign, [
    workspaceId,
    input.name,
    JSON.stringify(Schedule.parse({ timeZone })),
    JSON.stringify(Activation.parse({})),
    JSON.stringify(Utm.parse({})),
    JSON.stringify(DeliverySpeed.parse({})),
    userId,
  ]);
  return r.rows[0]!.id;
}

/** What reports show of a campaign: its name, state and when it was launched and finished. */
export type CampaignHeadline = { id: string; name: string; state: string; launched_at: Date | null; finished_at: Date | null };

export async function campaignHeadline(q: Queryable, workspaceId: string, id: string): Promise<CampaignHeadline | null> {
  const r = await q.query<CampaignHeadline>(sql.campaignHeadline, [id, workspaceId]);
  return r.rows[0] ?? null;
}

/** The workspace's most recently launched campaigns, newest first. */
export async function launchedCampaigns(q: Queryable, workspaceId: string, limit: number): Promise<CampaignHeadline[]> {
  const r = await q.query<CampaignHeadline>(sql.launchedCampaigns, [workspaceId, limit]);
  return r.rows;
}

/** Whether a campaign of this id is in the workspace (routes check it before reading the campaign's deliveries). */
export async function campaignInWorkspace(q: Queryable, workspaceId: string, id: string): Promise<boolean> {
  return (await q.query(sql.campaignInWorkspace, [id, workspaceId])).rows.length > 0;
}

/** A Draft with its audience and messages already chosen (the demo's sample campaign); tabs default where not given. */
export async function createDraftCampaign(
  q: Queryable,
  workspaceId: string,
  d: { name: string; parentSegmentId: string; segmentId: string; messages: unknown[]; schedule: unknown; utm: unknown },
): Promise<string> {
  const r = await q.query<{ id: string }>(sql.createDraftCampaign, [
    workspaceId,
    d.name,
    d.parentSegmentId,
    d.segmentId,
    JSON.stringify(d.messages),
    JSON.stringify(Schedule.parse(d.schedule)),
    JSON.stringify(Activation.parse({})),
    JSON.stringify(Utm.parse(d.utm)),
    JSON.stringify(DeliverySpeed.parse({})),
  ]);
  return r.rows[0]!.id;
}

/** Gives a Draft that has no LINE account yet this one (the sandbox account becomes the demo campaign's sender). */
export async function assignAccountToDraft(q: Queryable, id: string, lineAccountId: string): Promise<void> {
  await q.query(sql.assignAccountToDraft, [lineAccountId, id]);
}

/** Applies a patch tab by tab: a partial tab merges over what is stored, then the whole tab is re-checked. */
export function mergePatch(row: CampaignRow, p: CampaignPatch) {
  const tabs = tabsOf(row);
  return {
    name: p.name ?? row.name,
    parentSegmentId: p.audience && 'parentSegmentId' in p.audience ? (p.audience.parentSegmentId ?? null) : row.parent_segment_id,
    segmentId: p.audience && 'segmentId' in p.audience ? (p.audience.segmentId ?? null) : row.segment_id,
    lineAccountId: p.content && 'lineAccountId' in p.content ? (p.content.lineAccountId ?? null) : row.line_account_id,
    messages: p.content?.messages ?? row.messages,
    schedule: Schedule.parse({ ...tabs.schedule, ...p.schedule }),
    activation: Activation.parse({ ...tabs.activation, ...p.activation }),
    utm: Utm.parse({ ...tabs.utm, ...p.utm }),
    deliverySpeed: p.deliverySpeed ? DeliverySpeed.parse(p.deliverySpeed) : tabs.deliverySpeed,
    recipientCap: p.recipientCap !== undefined ? p.recipientCap : row.recipient_cap,
    trackingEnabled: p.trackingEnabled ?? row.tracking_enabled,
    aggregationUnit: p.aggregationUnit !== undefined ? p.aggregationUnit || null : row.aggregation_unit,
  };
}
export type MergedCampaign = ReturnType<typeof mergePatch>;

export async function saveCampaign(q: Queryable, id: string, m: MergedCampaign): Promise<void> {
  await q.query(sql.saveCampaign, [
    id,
    m.name,
    m.parentSegmentId,
    m.segmentId,
    m.lineAccountId,
    JSON.stringify(m.messages),
    JSON.stringify(m.schedule),
    JSON.stringify(m.activation),
    JSON.stringify(m.utm),
    JSON.stringify(m.deliverySpeed),
    m.recipientCap,
    m.trackingEnabled,
    m.aggregationUnit,
  ]);
}

export async function deleteCampaign(q: Queryable, id: string): Promise<void> {
  await q.query(sql.deleteCampaign, [id]);
}

/** A new Draft with the same tabs; state, schedule instant, revisions, history and deliveries stay behind. */
export async function duplicateCampaign(q: Queryable, row: CampaignRow, userId: string | null, name?: string): Promise<string> {
  const r = await q.query<{ id: string }>(sql.duplicateCampaign, [row.id, userId, name ?? null]);
  return r.rows[0]!.id;
}

export async function setArchived(q: Queryable, id: string, archived: boolean): Promise<void> {
  await q.query(sql.setArchived, [id, archived]);
}

/**
 * The workspace's campaigns whose messages or frozen revisions point at a media file by its address `/m/<sha256>`
 * (at most 50, drafts first): what deleting the file from the library must respect (src/media/delete.ts).
 */
export async function campaignsNamingMedia(
  q: Queryable,
  workspaceId: string,
  sha256: string,
): Promise<{ id: string; name: string; state: string }[]> {
  const needle = `%/m/${sha256}%`; // the hash is 64 hex characters: nothing else contains it
  const r = await q.query<{ id: string; name: string; state: string }>(sql.campaignsNamingMedia, [workspaceId, needle]);
  return r.rows;
}
