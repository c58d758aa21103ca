import type { Db, Queryable } from '../db/types.ts';
import { RevisionContent } from '../schemas/revision.ts';

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
}

export const MULTICAST_MAX = 500;

/**
 * Campaigns of this LINE account that are Active and still have work (claims or open requests). A campaign whose
 * frozen revision does not read is left out and reported to `onBroken` (when given), so it cannot stop the others.
 */
export async function activeCampaigns(
  q: Queryable,
  accountId: string,
  onBroken?: (campaignId: string, err: unknown) => Promise<void> | void,
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
    content: unknown;
  }>(
    `SELECT dc.campaign_id, dc.revision_id, dc.send_mode, dc.next_id, dc.last_id, dc.pending_total, dc.claimed, dc.started_at, cr.content
     FROM delivery_campaigns dc JOIN campaigns c ON c.id = dc.campaign_id JOIN campaign_revisions cr ON cr.id = dc.revision_id
     WHERE dc.line_account_id = $1 AND NOT dc.done AND NOT dc.canceled AND c.state = 'Active'
     ORDER BY c.launched_at NULLS LAST, dc.campaign_id`,
    [accountId],
  );
  const out: ActiveCampaign[] = [];
  for (const x of r.rows) {
    const content = RevisionContent.safeParse(x.content);
    if (!content.success) {
      if (!onBroken) throw content.error;
      await onBroken(x.campaign_id, new Error(`the campaign's frozen revision ${x.revision_id} cannot be read: ${content.error.message}`));
      continue;
    }
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
    });
  }
  return out;
}

type RecipientRow = {
  campaign_id: string;
  id: number;
  line_user_id: string;
  profile_id: number | null;
  attributes: Record<string, unknown> | null;
};
const toRecipient = (x: RecipientRow): Recipient => ({
  id: Number(x.id),
  lineUserId: x.line_user_id,
  profileId: x.profile_id === null ? null : Number(x.profile_id),
  attributes: x.attributes,
});

/**
 * Claims up to `max` unclaimed recipients of a campaign into new requests (one per recipient for push, up to
 * 500 for multicast), each with a fresh retry key, committed before anything is sent. `inFlightMs` keeps the
 * new requests from being picked again as "due" while this process is sending them.
 */
export async function claimNew(
  db: Db,
  c: ActiveCampaign,
  accountId: string,
  max: number,
  withAttributes: boolean,
  inFlightMs: number,
): Promise<WorkItem[]> {
  return db.tx(async (q) => {
    const cur = await q.query<{ first_id: number; next_id: number; last_id: number; pending_total: number; canceled: boolean }>(
      'SELECT first_id, next_id, last_id, pending_total, canceled FROM delivery_campaigns WHERE campaign_id = $1 FOR UPDATE',
      [c.campaignId],
    );
    const row = cur.rows[0];
    if (!row || row.canceled) return [];
    const nextId = Number(row.next_id);
    const lastId = Number(row.last_id);
    if (nextId > lastId) return [];
    // Recipient ids are profile ids: the pending ones are spread over [first_id, last_id] with the density of the
    // segment. A claim reads a window sized to hold about `max` of them, never the whole unclaimed rest (that made
    // each claim O(remaining), the whole send O(n²)).
    const span = Number(row.last_id) - Number(row.first_id) + 1;
    const density = Math.max(row.pending_total, 1) / Math.max(span, 1);
    const hi = Math.min(lastId, nextId + Math.ceil(max / density) - 1);
    // One row of joined lists: PGlite parses result rows in JavaScript, and 5,000 rows of five fields cost more
    // than the query itself (measured 44 ms vs 6 ms a claim).
    const rec = await q.query<{ ids: string | null; uids: string | null; pids: string | null; attrs: string | null }>(
      `SELECT string_agg(d.id::text, ',' ORDER BY d.id) AS ids, string_agg(d.line_user_id, ',' ORDER BY d.id) AS uids,
         string_agg(COALESCE(d.profile_id::text, ''), ',' ORDER BY d.id) AS pids,
         ${withAttributes ? 'json_agg(d.attributes ORDER BY d.id)::text' : 'NULL::text'} AS attrs
       FROM (SELECT d.id, d.line_user_id, d.profile_id${withAttributes ? ', p.attributes' : ''}
             FROM delivery_recipients d ${withAttributes ? 'LEFT JOIN profiles p ON p.id = d.profile_id' : ''}
             WHERE d.campaign_id = $1 AND d.id >= $2 AND d.id <= $3 AND d.status = 'pending' AND NOT d.is_test
             ORDER BY d.id LIMIT $4) d`,
      [c.campaignId, nextId, hi, max],
    );
    const recipients = joinedRecipients(rec.rows[0]);
    const newNext = recipients.length === max ? recipients[recipients.length - 1]!.id + 1 : hi + 1;
    await q.query('UPDATE delivery_campaigns SET next_id = $2, claimed = claimed + $3 WHERE campaign_id = $1', [
      c.campaignId,
      newNext,
      recipients.length,
    ]);
    if (!recipients.length) return [];
    const size = c.sendMode === 'push' ? 1 : MULTICAST_MAX;
    const groups: Recipient[][] = [];
    for (let i = 0; i < recipients.length; i += size) groups.push(recipients.slice(i, i + size));
    const ins = await q.query<{ id: number; retry_key: string; first_id: number }>(
      `INSERT INTO delivery_requests (campaign_id, line_account_id, endpoint, first_id, last_id, recipients, next_attempt_at, first_attempt_at, in_flight)
       SELECT $1, $2, $3, f, l, n, now() + make_interval(secs => $7), now(), true FROM unnest($4::bigint[], $5::bigint[], $6::int[]) AS x(f, l, n)
       RETURNING id, retry_key, first_id`,
      [
        c.campaignId,
        accountId,
        c.sendMode,
        groups.map((g) => g[0]!.id),
        groups.map((g) => g[g.length - 1]!.id),
        groups.map((g) => g.length),
        inFlightMs / 1000,
      ],
    );
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
  accountId: string,
  campaignIds: string[],
  limit: number,
  withAttributes: boolean,
  inFlightMs: number,
): Promise<WorkItem[]> {
  if (!campaignIds.length) return [];
  return db.tx(async (q) => {
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
    }>(
      // in_flight still set: the last pick's answer was never recorded (a process died with it on the wire)
      `UPDATE delivery_requests r SET next_attempt_at = now() + make_interval(secs => $3), first_attempt_at = COALESCE(r.first_attempt_at, now()),
         ambiguous = r.ambiguous OR r.in_flight, in_flight = true
       FROM (SELECT r2.id FROM delivery_requests r2 JOIN campaigns c ON c.id = r2.campaign_id
             WHERE r2.line_account_id = $1 AND r2.campaign_id = ANY($4::uuid[]) AND r2.status = 'queued' AND NOT r2.is_test AND r2.next_attempt_at <= now() AND c.state = 'Active'
             ORDER BY r2.next_attempt_at LIMIT $2 FOR UPDATE OF r2 SKIP LOCKED) s
       WHERE r.id = s.id
       RETURNING r.id, r.campaign_id, r.endpoint, r.retry_key, r.first_id, r.last_id, r.attempts, r.transient_failures, r.first_attempt_at, r.ambiguous`,
      [accountId, limit, inFlightMs / 1000, campaignIds],
    );
    if (!due.rows.length) return [];
    const rec = await q.query<RecipientRow>(
      `SELECT d.campaign_id, d.id, d.line_user_id, d.profile_id, ${withAttributes ? 'p.attributes' : 'NULL::jsonb AS attributes'}
       FROM unnest($1::uuid[], $2::bigint[], $3::bigint[]) AS x(c, lo, hi)
       JOIN delivery_recipients d ON d.campaign_id = x.c AND d.id >= x.lo AND d.id <= x.hi
       ${withAttributes ? 'LEFT JOIN profiles p ON p.id = d.profile_id' : ''}
       WHERE d.status = 'pending' AND NOT d.is_test ORDER BY d.campaign_id, d.id`,
      [due.rows.map((r) => r.campaign_id), due.rows.map((r) => r.first_id), due.rows.map((r) => r.last_id)],
    );
    const byCampaign = new Map<string, Recipient[]>();
    for (const x of rec.rows) {
      let list = byCampaign.get(x.campaign_id);
      if (!list) byCampaign.set(x.campaign_id, (list = []));
      list.push(toRecipient(x));
    }
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
  const r = await q.query(
    `UPDATE delivery_requests SET next_attempt_at = now() WHERE line_account_id = $1 AND status = 'queued' AND next_attempt_at > now()`,
    [accountId],
  );
  return r.rowCount;
}

/**
 * Requests this dispatcher picked but never sent (their campaign was canceled or suspended meanwhile, or the
 * dispatcher is stopping): no attempt happened, so they are not in doubt; due again at once.
 */
export async function releaseUnsent(q: Queryable, lease: { accountId: string; holder: string }, requestIds: number[]): Promise<void> {
  if (!requestIds.length) return;
  // only while holding the account's lease: a holder that lost it must not touch what the next one is sending
  await q.query(
    `UPDATE delivery_requests SET in_flight = false, next_attempt_at = now()
     WHERE id = ANY($1::bigint[]) AND in_flight AND line_account_id = $2
       AND EXISTS (SELECT 1 FROM dispatcher_leases l WHERE l.line_account_id = $2 AND l.holder = $3 AND l.expires_at > now())`,
    [requestIds, lease.accountId, lease.holder],
  );
}

/**
 * Past the retry key's 24 hours, a request LINE certainly never accepted goes again under a NEW key (the old one
 * might be forgotten by LINE, so reusing it could not prevent a duplicate, and there is nothing to duplicate).
 * Stored before the send, like every key. Returns the new keys by request id.
 */
export async function renewRetryKeys(q: Queryable, requestIds: number[]): Promise<Map<number, { retryKey: string; firstAttemptAt: Date }>> {
  if (!requestIds.length) return new Map();
  const r = await q.query<{ id: number; retry_key: string; first_attempt_at: Date }>(
    `UPDATE delivery_requests SET retry_key = gen_random_uuid(), first_attempt_at = now()
     WHERE id = ANY($1::bigint[]) AND status = 'queued' AND NOT ambiguous RETURNING id, retry_key, first_attempt_at`,
    [requestIds],
  );
  return new Map(r.rows.map((x) => [Number(x.id), { retryKey: x.retry_key, firstAttemptAt: x.first_attempt_at }]));
}

/** Recipients from the claim's comma-joined lists (LINE user ids never contain commas: they are validated). */
function joinedRecipients(
  r: { ids: string | null; uids: string | null; pids: string | null; attrs: string | null } | undefined,
): Recipient[] {
  if (!r?.ids) return [];
  const ids = r.ids.split(',');
  const uids = r.uids!.split(',');
  const pids = r.pids!.split(',');
  const attrs = r.attrs ? (JSON.parse(r.attrs) as (Record<string, unknown> | null)[]) : null;
  return ids.map((id, i) => ({
    id: Number(id),
    lineUserId: uids[i]!,
    profileId: pids[i] ? Number(pids[i]) : null,
    attributes: attrs ? attrs[i]! : null,
  }));
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
