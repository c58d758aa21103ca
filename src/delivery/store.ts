import type { DeliveryReadPort } from '../app/ports.ts';
import type { Db, Queryable } from '../db/types.ts';
import { RevisionContent } from '../schemas/revision.ts';
import * as sql from './queries.ts';

/** One recipient of a request, as the renderer needs it. */
export interface Recipient {
  id: number;
  lineUserId: string;
  profileId: number | null;
  attributes: Record<string, unknown> | null;
}

/** A LINE request ready to send: its retry key is already committed. */
export interface WorkItem {
  requestId: number;
  campaignId: string;
  endpoint: 'push' | 'multicast';
  retryKey: string;
  recipients: Recipient[];
  attempts: number;
  transientFailures: number;
  firstAttemptAt: Date | null;
  /** LINE may have accepted an earlier attempt (timeout, 5xx, lost connection, or an answer never recorded). */
  ambiguous: boolean;
}

export interface ActiveCampaign {
  campaignId: string;
  revisionId: number;
  sendMode: 'push' | 'multicast';
  nextId: number;
  lastId: number;
  pendingTotal: number;
  claimed: number;
  startedAt: Date;
  content: RevisionContent;
  /** Every recipient row is written (a launch writes the first chunk, the dispatcher streams the rest). */
  snapshotDone: boolean;
}

export const MULTICAST_MAX = 500;

/**
 * Campaigns of this LINE account that are Active and still have work (claims or open requests), oldest launch
 * first. A campaign whose frozen revision does not read is left out and reported to `onBroken` (when given), so it
 * cannot stop the others. `parsed` keeps revisions read before: a revision is frozen, and the dispatcher lists its
 * campaigns four times a second on the database's one session.
 */
export async function activeCampaigns(
  q: Queryable,
  reads: DeliveryReadPort,
  accountId: string,
  onBroken?: (campaignId: string, err: unknown) => Promise<void> | void,
  parsed: Map<number, RevisionContent> = new Map(),
): Promise<ActiveCampaign[]> {
  const r = await q.query<{
    campaign_id: string;
    revision_id: number;
    send_mode: 'push' | 'multicast';
    next_id: number;
    last_id: number;
    pending_total: number;
    claimed: number;
    started_at: Date;
    snapshot_done: boolean;
  }>(sql.OPEN_CAMPAIGNS_OF_ACCOUNT, [accountId]);
  if (!r.rows.length) return [];
  const open = new Map(r.rows.map((x) => [x.campaign_id, x]));
  const active = (await reads.activeCampaigns(q, [...open.keys()])).map((id) => open.get(id)!);
  const unread = active.map((x) => Number(x.revision_id)).filter((id) => !parsed.has(id));
  const revisions = unread.length ? await reads.revisions(q, unread) : new Map<number, { content: unknown }>();
  if (parsed.size > 1_000) parsed.clear();
  const out: ActiveCampaign[] = [];
  for (const x of active) {
    const id = Number(x.revision_id);
    const known = parsed.get(id);
    const content = known ? { success: true as const, data: known } : RevisionContent.safeParse(revisions.get(id)?.content);
    if (!content.success) {
      if (!onBroken) throw content.error;
      await onBroken(x.campaign_id, new Error(`the campaign's frozen revision ${x.revision_id} cannot be read: ${content.error.message}`));
      continue;
    }
    parsed.set(id, content.data);
    out.push({
      campaignId: x.campaign_id,
      revisionId: Number(x.revision_id),
      sendMode: x.send_mode,
      nextId: Number(x.next_id),
      lastId: Number(x.last_id),
      pendingTotal: x.pending_total,
      claimed: x.claimed,
      startedAt: x.started_at,
      content: content.data,
      snapshotDone: x.snapshot_done,
    });
  }
  return out;
}

type RecipientRow = { campaign_id: string; id: number; line_user_id: string; profile_id: number | null };
const toRecipient = (x: RecipientRow): Recipient => ({
  id: Number(x.id),
  lineUserId: x.line_user_id,
  profileId: x.profile_id === null ? null : Number(x.profile_id),
  attributes: null,
});

/** The push renderer's variables: each recipient's profile attributes, read through the audience module. */
async function addAttributes(q: Queryable, reads: DeliveryReadPort, list: Recipient[]): Promise<void> {
  const ids = list.flatMap((r) => (r.profileId === null ? [] : [r.profileId]));
  const attrs = await reads.profileAttributes(q, ids);
  for (const r of list) r.attributes = r.profileId === null ? null : (attrs.get(r.profileId) ?? null);
}

/**
 * Claims up to `max` unclaimed recipients of a campaign into new requests (one per recipient for push, up to
 * 500 for multicast), each with a fresh retry key, committed before anything is sent. `inFlightMs` keeps the
 * new requests from being picked again as "due" while this process is sending them.
 */
export async function claimNew(
  db: Db,
  reads: DeliveryReadPort,
  c: ActiveCampaign,
  accountId: string,
  max: number,
  withAttributes: boolean,
  inFlightMs: number,
): Promise<WorkItem[]> {
  return db.tx(async (q) => {
    const cur = await q.query<{
      first_id: number;
      next_id: number;
      last_id: number;
      pending_total: number;
      canceled: boolean;
      snapshot_done: boolean;
    }>(sql.LOCK_CURSOR, [c.campaignId]);
    const row = cur.rows[0];
    if (!row || row.canceled) return [];
    const nextId = Number(row.next_id);
    const lastId = Number(row.last_id);
    // the caller's view of the cursor and of the streamed snapshot's end, for its "nothing to claim" check
    c.nextId = nextId;
    c.lastId = lastId;
    c.snapshotDone = row.snapshot_done;
    if (nextId > lastId) return [];
    // Recipient ids are profile ids: the pending ones are spread over [first_id, last_id] with the density of the
    // segment. A claim reads a window sized to hold about `max` of them, never the whole unclaimed rest (that made
    // each claim O(remaining), the whole send O(n²)).
    const span = Number(row.last_id) - Number(row.first_id) + 1;
    const density = Math.max(row.pending_total, 1) / Math.max(span, 1);
    const hi = Math.min(lastId, nextId + Math.ceil(max / density) - 1);
    const rec = await q.query<{ ids: string | null; uids: string | null; pids: string | null }>(sql.CLAIM_WINDOW, [
      c.campaignId,
      nextId,
      hi,
      max,
    ]);
    let recipients = joinedRecipients(rec.rows[0]);
    let newNext = recipients.length === max ? recipients[recipients.length - 1]!.id + 1 : hi + 1;
    // While the snapshot streams, a multicast claims whole requests only: the rest of a 500 waits for the next chunk
    // (claimed at the stream's front, every chunk would leave a short request behind).
    if (c.sendMode === 'multicast' && !row.snapshot_done && recipients.length % MULTICAST_MAX !== 0) {
      const keep = recipients.length - (recipients.length % MULTICAST_MAX);
      recipients = recipients.slice(0, keep);
      newNext = keep ? recipients[keep - 1]!.id + 1 : nextId;
    }
    // caught up with the snapshot's front: nothing more to claim until the next chunk lands
    c.nextId = recipients.length ? newNext : lastId + 1;
    if (!recipients.length) {
      await q.query(sql.MOVE_CURSOR, [c.campaignId, newNext, 0]);
      return [];
    }
    if (withAttributes) await addAttributes(q, reads, recipients);
    const size = c.sendMode === 'push' ? 1 : MULTICAST_MAX;
    const groups: Recipient[][] = [];
    for (let i = 0; i < recipients.length; i += size) groups.push(recipients.slice(i, i + size));
    const ins = await q.query<{ id: number; retry_key: string; first_id: number }>(sql.INSERT_CLAIMED_REQUESTS, [
      c.campaignId,
      accountId,
      c.sendMode,
      groups.map((g) => g[0]!.id),
      groups.map((g) => g[g.length - 1]!.id),
      groups.map((g) => g.length),
      inFlightMs / 1000,
      newNext,
      recipients.length,
    ]);
    const byFirst = new Map(groups.map((g) => [g[0]!.id, g]));
    return ins.rows.map((r) => ({
      requestId: Number(r.id),
      campaignId: c.campaignId,
      endpoint: c.sendMode,
      retryKey: r.retry_key,
      recipients: byFirst.get(Number(r.first_id))!,
      attempts: 0,
      transientFailures: 0,
      firstAttemptAt: new Date(),
      ambiguous: false,
    }));
  });
}

/**
 * Requests of this account that are queued and due (retries, splits, and whatever a dead dispatcher left in
 * flight), with their recipients. FOR UPDATE SKIP LOCKED so two pickers never take the same request.
 */
export async function pickDue(
  db: Db,
  reads: DeliveryReadPort,
  accountId: string,
  campaignIds: string[],
  limit: number,
  withAttributes: boolean,
  inFlightMs: number,
): Promise<WorkItem[]> {
  if (!campaignIds.length) return [];
  return db.tx(async (q) => {
    // only campaigns still Active: a campaign suspended since the dispatcher's last look keeps its requests queued
    const active = await reads.activeCampaigns(q, campaignIds);
    if (!active.length) return [];
    const due = await q.query<{
      id: number;
      campaign_id: string;
      endpoint: 'push' | 'multicast';
      retry_key: string;
      first_id: number;
      last_id: number;
      attempts: number;
      transient_failures: number;
      first_attempt_at: Date | null;
      ambiguous: boolean;
    }>(sql.PICK_DUE, [accountId, limit, inFlightMs / 1000, active]);
    if (!due.rows.length) return [];
    const rec = await q.query<RecipientRow>(sql.RECIPIENTS_OF_RANGES, [
      due.rows.map((r) => r.campaign_id),
      due.rows.map((r) => r.first_id),
      due.rows.map((r) => r.last_id),
    ]);
    const byCampaign = new Map<string, Recipient[]>();
    for (const x of rec.rows) {
      let list = byCampaign.get(x.campaign_id);
      if (!list) byCampaign.set(x.campaign_id, (list = []));
      list.push(toRecipient(x));
    }
    if (withAttributes) await addAttributes(q, reads, [...byCampaign.values()].flat());
    return due.rows.map((r) => ({
      requestId: Number(r.id),
      campaignId: r.campaign_id,
      endpoint: r.endpoint,
      retryKey: r.retry_key,
      recipients: inRange(byCampaign.get(r.campaign_id) ?? [], Number(r.first_id), Number(r.last_id)),
      attempts: r.attempts,
      transientFailures: r.transient_failures,
      firstAttemptAt: r.first_attempt_at,
      ambiguous: r.ambiguous,
    }));
  });
}

/** A new lease holder re-sends whatever the previous holder had in flight (same keys: LINE answers 409 if it got them). */
export async function reviveInFlight(q: Queryable, accountId: string): Promise<number> {
  const r = await q.query(sql.REVIVE_IN_FLIGHT, [accountId]);
  return r.rowCount;
}

/**
 * Requests this dispatcher picked but never sent (their campaign was canceled or suspended meanwhile, or the
 * dispatcher is stopping): no attempt happened, so they are not in doubt; due again at once.
 */
export async function releaseUnsent(q: Queryable, lease: { accountId: string; holder: string }, requestIds: number[]): Promise<void> {
  if (!requestIds.length) return;
  await q.query(sql.RELEASE_UNSENT, [requestIds, lease.accountId, lease.holder]);
}

/**
 * Past the retry key's 24 hours, a request LINE certainly never accepted goes again under a NEW key (the old one
 * might be forgotten by LINE, so reusing it could not prevent a duplicate, and there is nothing to duplicate).
 * Stored before the send, like every key. Returns the new keys by request id.
 */
export async function renewRetryKeys(q: Queryable, requestIds: number[]): Promise<Map<number, { retryKey: string; firstAttemptAt: Date }>> {
  if (!requestIds.length) return new Map();
  const r = await q.query<{ id: number; retry_key: string; first_attempt_at: Date }>(sql.RENEW_RETRY_KEYS, [requestIds]);
  return new Map(r.rows.map((x) => [Number(x.id), { retryKey: x.retry_key, firstAttemptAt: x.first_attempt_at }]));
}

/** Recipients from the claim's comma-joined lists (LINE user ids never contain commas: they are validated). */
function joinedRecipients(r: { ids: string | null; uids: string | null; pids: string | null } | undefined): Recipient[] {
  if (!r?.ids) return [];
  const ids = r.ids.split(',');
  const uids = r.uids!.split(',');
  const pids = r.pids!.split(',');
  return ids.map((id, i) => ({ id: Number(id), lineUserId: uids[i]!, profileId: pids[i] ? Number(pids[i]) : null, attributes: null }));
}

/** The recipients with lo <= id <= hi of a list sorted by id. */
function inRange(list: Recipient[], lo: number, hi: number): Recipient[] {
  let a = 0;
  let b = list.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (list[m]!.id < lo) a = m + 1;
    else b = m;
  }
  const out: Recipient[] = [];
  for (let i = a; i < list.length && list[i]!.id <= hi; i++) out.push(list[i]!);
  return out;
}
