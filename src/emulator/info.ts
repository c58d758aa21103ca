import { sendDetails, sendJson, type Ctx } from './http.ts';
import { jstDate } from './state.ts';
import { readStatelessToken } from './oauth.ts';
import { flexActions } from '../domain/messages/flex-walk.ts';

/** Read-only LINE endpoints: quota, consumption, bot info, token verify, delivery counts, per-unit statistics. */

export function handleQuota(ctx: Ctx): void {
  const q = ctx.state.config.quota;
  ctx.state.stats.count(ctx.endpoint, 'accepted', ctx.now);
  sendJson(ctx, 200, q.type === 'limited' ? { type: 'limited', value: q.value ?? 0 } : { type: 'none' });
}

export function handleConsumption(ctx: Ctx): void {
  ctx.state.stats.count(ctx.endpoint, 'accepted', ctx.now);
  sendJson(ctx, 200, { totalUsage: ctx.state.channel(ctx.token).consumption });
}

export function handleBotInfo(ctx: Ctx): void {
  ctx.state.stats.count(ctx.endpoint, 'accepted', ctx.now);
  sendJson(ctx, 200, { ...ctx.state.config.bot });
}

/** `GET /oauth2/v2.1/verify?access_token=` and `POST /v2/oauth/verify` (form): same answer shape. */
export function handleVerify(ctx: Ctx): void {
  const token = ctx.req.method === 'GET' ? ctx.query.get('access_token') : new URLSearchParams(ctx.raw).get('access_token');
  if (!token) {
    ctx.state.stats.count(ctx.endpoint, 'clientError', ctx.now);
    return sendJson(ctx, 400, { error: 'invalid_request', error_description: 'access_token is required' });
  }
  if (!ctx.state.tokenAllowed(token, ctx.now)) {
    ctx.state.stats.count(ctx.endpoint, 'clientError', ctx.now);
    const expired = readStatelessToken(token);
    const description = expired && expired !== 'forged' ? 'The access token expired' : 'access_token invalid';
    return sendJson(ctx, 400, { error: 'invalid_request', error_description: description });
  }
  ctx.state.stats.count(ctx.endpoint, 'accepted', ctx.now);
  // LINE documents verify for v2/v2.1 tokens only; for a stateless one the emulator answers alike rather than invent a refusal
  const issued = readStatelessToken(token);
  if (issued && issued !== 'forged')
    return sendJson(ctx, 200, {
      client_id: issued.channelId,
      expires_in: Math.max(0, Math.floor((issued.expiresAt - ctx.now) / 1000)),
      scope: 'profile chat_message.write',
    });
  sendJson(ctx, 200, { client_id: ctx.state.config.channelId, expires_in: 2_591_659, scope: 'profile chat_message.write' });
}

const DATE = /^[0-9]{8}$/;

/** The first day LINE's counting system covers (reference: "earlier than March 31, 2018" is out_of_service). */
const FIRST_COUNTED_DAY = '20180331';

/**
 * LINE's status for a day's counts: `unready` for the day of delivery and any later day (OpenAPI
 * NumberOfMessagesResponse: "returned when the delivery date or a future date is specified"), `out_of_service`
 * before counting began, otherwise `ready`. Days are UTC+9.
 */
function dayStatus(ctx: Ctx, date: string): 'ready' | 'unready' | 'out_of_service' {
  if (date < FIRST_COUNTED_DAY) return 'out_of_service';
  return date >= jstDate(ctx.now) ? 'unready' : 'ready';
}

/** `date` in LINE's yyyyMMdd format, else LINE's documented 400 for an invalid date format. */
function dateParam(ctx: Ctx): string | null {
  const date = ctx.query.get('date');
  if (date && DATE.test(date)) return date;
  ctx.state.stats.count(ctx.endpoint, 'clientError', ctx.now);
  sendJson(ctx, 400, { message: "The value for the 'date' parameter is invalid" });
  return null;
}

/** `GET /v2/bot/message/delivery/{push|multicast|reply|broadcast}?date=`: what the emulator accepted that day (UTC+9). */
export function handleDeliveryCount(kind: 'push' | 'multicast' | 'reply' | 'broadcast') {
  return (ctx: Ctx): void => {
    const date = dateParam(ctx);
    if (!date) return;
    ctx.state.stats.count(ctx.endpoint, 'accepted', ctx.now);
    const status = dayStatus(ctx, date);
    if (status !== 'ready') return sendJson(ctx, 200, { status });
    sendJson(ctx, 200, { status, success: ctx.state.channel(ctx.token).daily.get(`${kind}:${date}`) ?? 0 });
  };
}

/**
 * `GET /v2/bot/insight/message/delivery?date=` (reference #get-number-of-delivery-messages): the day's sends by
 * kind. Only the Messaging API kinds the emulator serves are non-zero; same `unready` rule as above.
 */
export function handleInsightDelivery(ctx: Ctx): void {
  const date = dateParam(ctx);
  if (!date) return;
  ctx.state.stats.count(ctx.endpoint, 'accepted', ctx.now);
  const status = dayStatus(ctx, date);
  if (status !== 'ready') return sendJson(ctx, 200, { status });
  const daily = ctx.state.channel(ctx.token).daily;
  const n = (k: string) => daily.get(`${k}:${date}`) ?? 0;
  sendJson(ctx, 200, {
    status,
    broadcast: 0,
    targeting: 0,
    autoResponse: 0,
    welcomeResponse: 0,
    chat: 0,
    apiBroadcast: n('broadcast'),
    apiPush: n('push'),
    apiMulticast: n('multicast'),
    apiNarrowcast: n('narrowcast'),
    apiReply: n('reply'),
  });
}

export function handleAggregationInfo(ctx: Ctx): void {
  ctx.state.stats.count(ctx.endpoint, 'accepted', ctx.now);
  sendJson(ctx, 200, { numOfCustomAggregationUnits: ctx.state.channel(ctx.token).units.size });
}

export function handleAggregationList(ctx: Ctx): void {
  const names = [...ctx.state.channel(ctx.token).units.keys()];
  const limit = Math.min(100, Math.max(1, Number(ctx.query.get('limit') ?? 100) || 100));
  const start = Math.max(0, Number(ctx.query.get('start') ?? 0) || 0);
  const page = names.slice(start, start + limit);
  ctx.state.stats.count(ctx.endpoint, 'accepted', ctx.now);
  const body: { customAggregationUnits: string[]; next?: string } = { customAggregationUnits: page };
  if (start + limit < names.length) body.next = String(start + limit);
  sendJson(ctx, 200, body);
}

function dayNumber(yyyymmdd: string): number {
  return Date.UTC(Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)) - 1, Number(yyyymmdd.slice(6, 8))) / 86_400_000;
}

/** LINE hides any figure under 20 (privacy threshold). */
const shown = (n: number): number | null => (n >= 20 ? n : null);

function urlsOf(messages: unknown[]): Array<{ seq: number; url: string }> {
  const out: Array<{ seq: number; url: string }> = [];
  messages.forEach((m, i) => {
    const msg = m as { type?: string; text?: string; actions?: Array<{ type?: string; linkUri?: string }> };
    if ((msg.type === 'text' || msg.type === 'textV2') && typeof msg.text === 'string') {
      for (const u of msg.text.match(/https?:\/\/[^\s<>"]+/g) ?? []) out.push({ seq: i + 1, url: u });
    }
    if (msg.type === 'imagemap') {
      for (const a of msg.actions ?? []) if (a.type === 'uri' && typeof a.linkUri === 'string') out.push({ seq: i + 1, url: a.linkUri });
    }
    if (msg.type === 'flex')
      for (const { action } of flexActions(msg))
        if (action.type === 'uri' && typeof action.uri === 'string') out.push({ seq: i + 1, url: action.uri });
  });
  return out;
}

/**
 * `GET /v2/bot/insight/message/event/aggregation`: synthetic but consistent figures derived from what was
 * delivered under the unit in the period (impression/click shares from `config.insight`), with LINE's
 * privacy threshold applied, so importers see realistic nulls for small sends.
 */
export function handleUnitStatistics(ctx: Ctx): void {
  const unit = ctx.query.get('customAggregationUnit');
  const from = ctx.query.get('from');
  const to = ctx.query.get('to');
  const issues: Array<{ path: string; message: string }> = [];
  if (!unit || !/^[a-zA-Z0-9_]{1,30}$/.test(unit))
    issues.push({ path: 'customAggregationUnit', message: 'Must match ^[a-zA-Z0-9_]{1,30}$' });
  if (!from || !DATE.test(from)) issues.push({ path: 'from', message: 'Must be in the format yyyyMMdd' });
  if (!to || !DATE.test(to)) issues.push({ path: 'to', message: 'Must be in the format yyyyMMdd' });
  if (!issues.length && (dayNumber(to!) < dayNumber(from!) || dayNumber(to!) - dayNumber(from!) > 30)) {
    issues.push({ path: 'to', message: 'Must be between from and 30 days after from' });
  }
  if (issues.length) {
    ctx.state.stats.count(ctx.endpoint, 'clientError', ctx.now);
    return sendDetails(ctx, issues);
  }
  const u = ctx.state.channel(ctx.token).units.get(unit!);
  let delivered = 0;
  for (const [day, n] of u?.byDate ?? []) if (day >= from! && day <= to!) delivered += n;
  const { impressionRate, clickRate } = ctx.state.config.insight;
  const imp = Math.floor(delivered * impressionRate);
  const clk = Math.floor(delivered * clickRate);
  const messages = delivered > 0 ? (u?.messages ?? []) : [];
  const nullMedia = {
    mediaPlayed: null,
    mediaPlayed25Percent: null,
    mediaPlayed50Percent: null,
    mediaPlayed75Percent: null,
    mediaPlayed100Percent: null,
    uniqueMediaPlayed: null,
    uniqueMediaPlayed25Percent: null,
    uniqueMediaPlayed50Percent: null,
    uniqueMediaPlayed75Percent: null,
    uniqueMediaPlayed100Percent: null,
  };
  ctx.state.stats.count(ctx.endpoint, 'accepted', ctx.now);
  sendJson(ctx, 200, {
    overview: { uniqueImpression: shown(imp), uniqueClick: shown(clk), uniqueMediaPlayed: null, uniqueMediaPlayed100Percent: null },
    messages: messages.map((_, i) => ({ seq: i + 1, impression: shown(imp), uniqueImpression: shown(imp), ...nullMedia })),
    clicks: urlsOf(messages).map(({ seq, url }) => ({
      seq,
      url,
      click: shown(clk),
      uniqueClick: shown(clk),
      uniqueClickOfRequest: shown(clk),
    })),
  });
}
