import { LINE_MESSAGES, lineInvalidProperty } from '../domain/line-errors.ts';
import { parseJson, sendDetails, sendError, sendJson, sendRateLimited, type Ctx } from './http.ts';
import { jstDate, USER_ID, type SentMessage } from './state.ts';
import { validateMessages, type MessageIssue } from './validate.ts';

const PUSH_TO = /^[UCR][0-9a-f]{32}$/;
const UNIT = /^[a-zA-Z0-9_]{1,30}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface SendBody {
  to?: unknown;
  messages?: unknown;
  notificationDisabled?: unknown;
  customAggregationUnits?: unknown;
}

/** Body-level checks shared by push and multicast, other than `to`. */
function bodyIssues(b: SendBody): MessageIssue[] {
  const out = validateMessages(b.messages, { basePath: 'messages' });
  if (b.notificationDisabled !== undefined && typeof b.notificationDisabled !== 'boolean') {
    out.push({ path: 'notificationDisabled', message: 'Must be a boolean' });
  }
  const units = b.customAggregationUnits;
  if (units !== undefined) {
    if (!Array.isArray(units) || units.length > 1) out.push({ path: 'customAggregationUnits', message: 'Size must be between 0 and 1' });
    else
      units.forEach((u, i) => {
        if (typeof u !== 'string' || !UNIT.test(u)) {
          out.push({ path: `customAggregationUnits[${i}]`, message: 'Must match the pattern ^[a-zA-Z0-9_]{1,30}$' });
        }
      });
  }
  return out;
}

function parseSendBody(ctx: Ctx): SendBody | null {
  const parsed = parseJson(ctx.raw);
  if (!parsed.ok || !parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    sendError(ctx, 400, LINE_MESSAGES.badJson);
    ctx.state.stats.count(ctx.endpoint, 'clientError', ctx.now);
    return null;
  }
  return parsed.value as SendBody;
}

function retryKeyOf(ctx: Ctx): string | null | false {
  const key = ctx.req.headers['x-line-retry-key'];
  if (key === undefined) return null;
  if (typeof key !== 'string' || !UUID.test(key)) {
    sendError(ctx, 400, 'The X-Line-Retry-Key header must be a UUID');
    ctx.state.stats.count(ctx.endpoint, 'clientError', ctx.now);
    return false;
  }
  return key.toLowerCase();
}

/**
 * Faults that answer before anything is accepted. Returns true when the request was answered (or hung).
 * Order: forced 429 burst, 5xx, hang-before-accept.
 */
function faultBeforeAccept(ctx: Ctx): boolean {
  const { state } = ctx;
  const f = state.config.faults;
  if (state.roll(f.rateLimit, ctx.endpoint)) {
    state.stats.count(ctx.endpoint, 'rateLimited', ctx.now);
    sendRateLimited(ctx);
    return true;
  }
  if (state.roll(f.serverError, ctx.endpoint)) {
    state.stats.count(ctx.endpoint, 'serverError', ctx.now);
    sendError(ctx, f.serverErrorStatus, LINE_MESSAGES.internalError);
    return true;
  }
  if (state.roll(f.timeoutBeforeAccept, ctx.endpoint)) {
    state.stats.count(ctx.endpoint, 'timeout', ctx.now);
    ctx.hang(false);
    return true;
  }
  return false;
}

/** The retry-key replay: 409 with the accepted request's id (and, for push, its sentMessages). */
function answerDuplicate(ctx: Ctx, key: string | null): boolean {
  if (!key) return false;
  const prior = ctx.state.acceptedRetry(ctx.token, key, ctx.now);
  if (!prior) return false;
  ctx.state.stats.count(ctx.endpoint, 'duplicate', ctx.now);
  const body: { message: string; sentMessages?: SentMessage[] } = { message: LINE_MESSAGES.retryKeyAccepted };
  if (prior.sentMessages) body.sentMessages = prior.sentMessages;
  sendJson(ctx, 409, body, { 'x-line-accepted-request-id': prior.requestId });
  return true;
}

function overQuota(ctx: Ctx, recipients: number): boolean {
  const q = ctx.state.config.quota;
  if (q.type !== 'limited' || recipients === 0) return false;
  if (ctx.state.channel(ctx.token).consumption + recipients <= (q.value ?? 0)) return false;
  ctx.state.stats.count(ctx.endpoint, 'quotaExceeded', ctx.now);
  sendError(ctx, 429, LINE_MESSAGES.monthlyLimit);
  return true;
}

/** Records an accepted request: deliveries, usage, unit, retry key; then answers (or hangs, by fault). */
function accept(ctx: Ctx, b: SendBody, delivered: string[], skipped: number, key: string | null, answer: unknown, sent?: SentMessage[]): void {
  const { state } = ctx;
  const messages = b.messages as unknown[];
  const unit = Array.isArray(b.customAggregationUnits) ? (b.customAggregationUnits[0] as string | undefined) : undefined;
  const rec = { requestId: ctx.requestId, endpoint: ctx.endpoint, at: ctx.now, messages, ...(key ? { retryKey: key } : {}), ...(unit ? { unit } : {}) };
  state.log.record(state.config.record, delivered, rec);
  state.stats.skippedRecipients += skipped;
  const ch = state.channel(ctx.token);
  ch.consumption += delivered.length;
  const day = jstDate(ctx.now);
  const dk = `${ctx.endpoint}:${day}`;
  ch.daily.set(dk, (ch.daily.get(dk) ?? 0) + delivered.length);
  if (unit) {
    let u = ch.units.get(unit);
    if (!u) ch.units.set(unit, (u = { byDate: new Map(), messages }));
    u.byDate.set(day, (u.byDate.get(day) ?? 0) + delivered.length);
  }
  if (key) state.rememberRetry(ctx.token, key, { requestId: ctx.requestId, at: ctx.now, ...(sent ? { sentMessages: sent } : {}) });
  if (state.roll(state.config.faults.timeoutAfterAccept, ctx.endpoint)) {
    state.stats.count(ctx.endpoint, 'timeout', ctx.now, delivered.length);
    ctx.hang(true);
    return;
  }
  state.stats.count(ctx.endpoint, 'accepted', ctx.now, delivered.length);
  sendJson(ctx, 200, answer);
}

export function handlePush(ctx: Ctx): void {
  const key = retryKeyOf(ctx);
  if (key === false) return;
  const b = parseSendBody(ctx);
  if (!b) return;
  ctx.state.stats.countUnit(ctx.endpoint, b.customAggregationUnits);
  if (b.to === undefined || b.to === null || b.to === '') {
    const issues = [{ path: 'to', message: 'must be specified' }, ...bodyIssues(b)];
    ctx.state.stats.count(ctx.endpoint, 'clientError', ctx.now);
    return sendDetails(ctx, issues);
  }
  if (typeof b.to !== 'string' || !PUSH_TO.test(b.to)) {
    ctx.state.stats.count(ctx.endpoint, 'clientError', ctx.now);
    return sendError(ctx, 400, lineInvalidProperty("'to'"));
  }
  const issues = bodyIssues(b);
  if (issues.length) {
    ctx.state.stats.count(ctx.endpoint, 'clientError', ctx.now);
    return sendDetails(ctx, issues);
  }
  if (faultBeforeAccept(ctx) || answerDuplicate(ctx, key)) return;
  const to = b.to;
  const userState = to.startsWith('U') ? ctx.state.userState(to) : 'following';
  if (userState === 'unknown') {
    ctx.state.stats.count(ctx.endpoint, 'clientError', ctx.now);
    return sendError(ctx, 400, LINE_MESSAGES.failedToSend);
  }
  const delivered = userState === 'following' ? [to] : [];
  if (overQuota(ctx, delivered.length)) return;
  const sent = (b.messages as Array<{ type?: unknown }>).map((m) => ctx.state.nextSentMessage(m.type === 'text' || m.type === 'textV2'));
  accept(ctx, b, delivered, 1 - delivered.length, key, { sentMessages: sent }, sent);
}

export function handleMulticast(ctx: Ctx): void {
  const key = retryKeyOf(ctx);
  if (key === false) return;
  const b = parseSendBody(ctx);
  if (!b) return;
  ctx.state.stats.countUnit(ctx.endpoint, b.customAggregationUnits);
  const to = b.to;
  if (!Array.isArray(to) || to.length < 1 || to.length > 500) {
    const issues = [{ path: 'to', message: 'Size must be between 1 and 500' }, ...bodyIssues(b)];
    ctx.state.stats.count(ctx.endpoint, 'clientError', ctx.now);
    return sendDetails(ctx, issues);
  }
  for (let i = 0; i < to.length; i++) {
    const id: unknown = to[i];
    if (typeof id !== 'string' || !USER_ID.test(id)) {
      ctx.state.stats.count(ctx.endpoint, 'clientError', ctx.now);
      return sendError(ctx, 400, lineInvalidProperty(`to[${i}]`));
    }
  }
  const issues = bodyIssues(b);
  if (issues.length) {
    ctx.state.stats.count(ctx.endpoint, 'clientError', ctx.now);
    return sendDetails(ctx, issues);
  }
  if (faultBeforeAccept(ctx) || answerDuplicate(ctx, key)) return;
  const delivered: string[] = [];
  let skipped = 0;
  for (let i = 0; i < to.length; i++) {
    const id = to[i] as string;
    const s = ctx.state.userState(id);
    if (s === 'following') delivered.push(id);
    else if (s === 'unknown' && ctx.state.config.multicastUnknown === 'reject') {
      ctx.state.stats.count(ctx.endpoint, 'clientError', ctx.now);
      return sendError(ctx, 400, lineInvalidProperty(`to[${i}]`));
    } else if (s === 'unknown' && ctx.state.config.multicastUnknown === 'reject-unnamed') {
      ctx.state.stats.count(ctx.endpoint, 'clientError', ctx.now);
      return sendError(ctx, 400, LINE_MESSAGES.failedToSend);
    } else skipped++;
  }
  if (overQuota(ctx, delivered.length)) return;
  accept(ctx, b, delivered, skipped, key, {});
}

/** `POST /v2/bot/message/validate/*`: messages only, no quota, and a retry key is refused. */
export function handleValidate(ctx: Ctx): void {
  if (ctx.req.headers['x-line-retry-key'] !== undefined) {
    ctx.state.stats.count(ctx.endpoint, 'clientError', ctx.now);
    return sendError(ctx, 400, 'The X-Line-Retry-Key header is not supported by this API');
  }
  const b = parseSendBody(ctx);
  if (!b) return;
  const issues = validateMessages(b.messages, { basePath: 'messages' });
  if (issues.length) {
    ctx.state.stats.count(ctx.endpoint, 'clientError', ctx.now);
    return sendDetails(ctx, issues);
  }
  ctx.state.stats.count(ctx.endpoint, 'accepted', ctx.now);
  sendJson(ctx, 200, {});
}
