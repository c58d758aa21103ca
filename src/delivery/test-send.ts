import { coded } from '../domain/issues.ts';
import crypto from 'node:crypto';
import type { AppContext } from '../app/context.ts';
import type { LineSender } from '../app/ports.ts';
import { RENDER_BUDGET, mapUrls, validateRenderedMessages, type LineMessage } from '../domain/index.ts';
import { LINE_USER_ID } from '../domain/line-ids.ts';
import { campaignNotFound, invalidRequest } from './errors.ts';
import type { LineResult } from '../line/types.ts';
import { RevisionContent } from '../schemas/revision.ts';
import { campaignLinks } from './links.ts';
import { rebase } from './render/campaign.ts';
import { renderPool } from './render/pool.ts';
import { ensureRecipientPartition } from './partitions.ts';

export interface TestSendResult {
  lineUserId: string;
  status: 'accepted' | 'failed';
  reason?: string;
  requestId?: string;
}

/**
 * Sends the campaign's whole bundle, in order, to a few LINE users now: rendered as a blank profile would see
 * it, UTM-tagged, links tracked as test links. Works on drafts. Each send is a delivery row with is_test = true
 * (excluded from every campaign figure) and a request row whose retry key is stored before the call.
 */
export async function sendTest(
  ctx: Pick<AppContext, 'db' | 'senderFor' | 'config'>,
  args: { campaignId: string; lineUserIds: string[] },
): Promise<{ results: TestSendResult[] }> {
  const { db } = ctx;
  const c = await db.query<{ name: string; line_account_id: string | null; messages: unknown[]; utm: unknown; tracking_enabled: boolean }>(
    'SELECT name, line_account_id, messages, utm, tracking_enabled FROM campaigns WHERE id = $1',
    [args.campaignId],
  );
  const row = c.rows[0];
  if (!row) throw campaignNotFound();
  if (!row.line_account_id)
    throw invalidRequest([{ path: 'lineAccountId', message: 'Choose a LINE account on the content tab before sending a test' }]);
  if (!row.messages.length) throw invalidRequest([{ path: 'messages', message: 'Add at least one message before sending a test' }]);
  if (!args.lineUserIds.length)
    throw invalidRequest([{ path: 'lineUserIds', message: 'Name at least one LINE user ID to send the test to' }]);
  // before anything is stored: an account whose credentials may not go where it points sends nothing
  const access = await ctx.senderFor(db, row.line_account_id, {
    connections: 4,
    timeoutMs: 10_000,
    allowedHosts: ctx.config.lineAllowedHosts,
  });
  if (!access.ok)
    throw invalidRequest([
      { path: 'lineAccountId', message: access.reason === 'not_found' ? 'The campaign’s LINE account no longer exists' : access.message },
    ]);
  const { client } = access;
  try {
    return { results: await sendAll(ctx, client, args, row) };
  } finally {
    await client.close();
  }
}

async function sendAll(
  ctx: Pick<AppContext, 'db' | 'config'>,
  client: LineSender,
  args: { campaignId: string; lineUserIds: string[] },
  row: { name: string; line_account_id: string | null; messages: unknown[]; utm: unknown; tracking_enabled: boolean },
): Promise<TestSendResult[]> {
  const { db } = ctx;
  const content = RevisionContent.parse({
    campaign: { id: args.campaignId, name: row.name },
    lineAccountId: row.line_account_id,
    messages: row.messages,
    utm: row.utm,
    trackingEnabled: row.tracking_enabled,
    sendMode: 'push',
  });
  const rendered = await renderBlank(content);
  const links = await campaignLinks(db, { campaignId: args.campaignId, sendMode: 'push', content }, ctx.config.publicBaseUrl, true);
  const payload = mapUrls(rendered, (url, place) =>
    links.rewrite(url, { campaignId: args.campaignId, deliveryId: null, recipient: null, place }),
  );
  // what is sent is what was checked: the exact payload, links and UTM tags included
  const broken = validateRenderedMessages(payload, { basePath: 'content.messages' });
  if (broken.length)
    throw invalidRequest(
      broken.map((e) => ({ path: e.path, ...coded(e.code, { ...e.params, who: 'the blank profile', profile: 'blank' }) })),
    );
  await links.flush(db);
  const results: TestSendResult[] = [];
  for (const to of args.lineUserIds) results.push(await sendOne(ctx, client, args.campaignId, row.line_account_id!, to, payload));
  return results;
}

/**
 * The bundle as a blank profile sees it, within the render budget, on a render thread. Any template problem (a tag
 * that does not parse or is not available, an error while rendering, the render budget) is a 400 naming the field.
 */
async function renderBlank(content: RevisionContent): Promise<LineMessage[]> {
  const { campaign, messages, utm } = content;
  const key =
    'test:' +
    crypto
      .createHash('sha256')
      .update(JSON.stringify([campaign, messages, utm]))
      .digest('base64url');
  const [o] = await renderPool().render(`test:${campaign.id}`, { key, campaign, messages, utm }, [{ id: 0, profile: {} }], RENDER_BUDGET);
  if (o!.ok) return o!.messages;
  const path = o!.path === 'utm' ? 'utm' : rebase(o!.path, 'content.messages');
  throw invalidRequest([{ path, message: o!.reason, code: o!.code, params: { reason: o!.reason, profile: 'blank' } }]);
}

async function sendOne(
  { db }: Pick<AppContext, 'db'>,
  client: LineSender,
  campaignId: string,
  accountId: string,
  to: string,
  payload: unknown[],
): Promise<TestSendResult> {
  const valid = LINE_USER_ID.test(to);
  const ids = await db.tx(async (q) => {
    await ensureRecipientPartition(q, campaignId);
    // negative ids: a snapshot row's id is its profile's id, a test row has no profile
    const d = await q.query<{ id: number }>(
      `INSERT INTO delivery_recipients (id, campaign_id, line_user_id, status, reason, is_test)
       VALUES (-nextval('delivery_test_recipient_ids'), $1, $2, $3, $4, true) RETURNING id`,
      [campaignId, to, valid ? 'pending' : 'excluded', valid ? null : 'missing_recipient_id'],
    );
    const id = Number(d.rows[0]!.id);
    if (!valid) return { id, requestId: 0, key: '' };
    const r = await q.query<{ id: number; retry_key: string }>(
      `INSERT INTO delivery_requests (campaign_id, line_account_id, endpoint, first_id, last_id, recipients, is_test, first_attempt_at)
       VALUES ($1, $2, 'push', $3, $3, 1, true, now()) RETURNING id, retry_key`,
      [campaignId, accountId, id],
    );
    return { id, requestId: Number(r.rows[0]!.id), key: r.rows[0]!.retry_key };
  });
  if (!valid) return { lineUserId: to, status: 'failed', reason: 'missing_recipient_id' };
  let res: LineResult = await client.push(to, payload, ids.key);
  // a test is interactive: two quick retries with the same key, no long backoff
  for (let i = 0; i < 2 && (res.kind === 'transient' || res.kind === 'rate_limited'); i++) {
    await new Promise((r) => setTimeout(r, 300 * (i + 1)));
    res = await client.push(to, payload, ids.key);
  }
  const ok = res.kind === 'accepted' || res.kind === 'accepted_duplicate';
  const reason = ok ? null : reasonOf(res.kind);
  const lineRequestId = res.kind === 'accepted_duplicate' ? (res.acceptedRequestId ?? res.requestId) : res.requestId;
  await db.query(
    `UPDATE delivery_requests SET status = $2, reason = $3, attempts = attempts + 1, last_status = $4, line_request_id = $5,
       accepted_at = CASE WHEN $2 = 'accepted' THEN now() END WHERE id = $1`,
    [ids.requestId, ok ? 'accepted' : 'failed', reason, res.status, lineRequestId],
  );
  const out: TestSendResult = { lineUserId: to, status: ok ? 'accepted' : 'failed' };
  if (reason) out.reason = reason;
  if (lineRequestId) out.requestId = lineRequestId;
  return out;
}

function reasonOf(kind: LineResult['kind']): string {
  switch (kind) {
    case 'invalid_recipient':
      return 'invalid_recipient';
    case 'quota_exhausted':
      return 'quota_exhausted';
    case 'unauthorized':
      return 'sender_unauthorized';
    case 'transient':
    case 'rate_limited':
      return 'transient_exhausted';
    default:
      return 'invalid_request';
  }
}
