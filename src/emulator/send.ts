import { LINE_MESSAGES, lineInvalidProperty } from '../domain/line-errors.ts';
import { LINE_PUSH_TARGET } from '../domain/line-ids.ts';
import { parseJson, sendDetails, sendError, sendJson, sendRateLimited, type Ctx } from './http.ts';
import type { RetryEntry, SentMessage } from './state.ts';
import { MULTICAST_TO, MULTICAST_TO_STRICT, UUID, validateMessages, type MessageIssue } from './validate.ts';

const UNIT = /^[a-zA-Z0-9_]{1,30}$/;

/**
 * Message types LINE can quote, so a push or reply answers their `sentMessages` entry with a `quoteToken`
 * (OpenAPI SentMessage: "Only included when a message object that can be specified as a quote target was sent";
 * the quotable types are text, sticker, image and video, per "Get quote tokens" and webhook.yml).
 */
const QUOTABLE = new Set(['text', 'textV2', 'sticker', 'image', 'video']);

export interface SendBody {
  to?: unknown;
  replyToken?: unknown;
  messages?: unknown;
  notificationDisabled?: unknown;
  customAggregationUnits?: unknown;
}

/** Body-level checks shared by push, multicast and reply, other than the recipient. */
export function bodyIssues(ctx: Ctx, b: SendBody): MessageIssue[] {
  const strict = ctx.state.config.strict;
  const out = validateMessages(b.messages, { basePath: 'messages', strict });
  // LINE types it Boolean and says nothing of other JSON values: only strict mode refuses them.
  if (strict && b.notificationDisabled !== undefined && typeof b.notificationDisabled !== 'boolean') {
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

export function parseSendBody(ctx: Ctx): SendBody | null {
  const parsed = parseJson(ctx.raw);
  if (!parsed.ok || !parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    sendError(ctx, 400, LINE_MESSAGES.badJson);
    ctx.state.stats.count(ctx.endpoint, 'clientError', ctx.now);
    return null;
  }
  return parsed.value as SendBody;
}

export function clientError(ctx: Ctx): void {
  ctx.state.stats.count(ctx.endpoint, 'clientError', ctx.now);
}

/**
 * The request's retry key (null: none; false: refused and answered). LINE documents a UUID but not what it
 * answers for anything else, so only strict mode refuses a key that is not one. The key's 24-hour window opens
 * here, at the first request that carries it.
 */
function retryKeyOf(ctx: Ctx): { key: string; entry: RetryEntry } | null | false {
  const raw = ctx.req.headers['x-line-retry-key'];
  if (raw === undefined) return null;
  const isUuid = typeof raw === 'string' && UUID.test(raw);
  if (!isUuid && (ctx.state.config.strict || typeof raw !== 'string' || raw === '')) {
    sendError(ctx, 400, 'The X-Line-Retry-Key header must be a UUID');
    clientError(ctx);
    return false;
  }
  const key = isUuid ? raw.toLowerCase() : raw;
  return { key, entry: ctx.state.touchRetry(ctx.token, key, ctx.now) };
}

/**
 * Faults that answer before anything is accepted. Returns true when the request was answered (or hung).
 * Order: forced 429 burst, 5xx, "Failed to send messages" 400, hang-before-accept.
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
  if (state.roll(f.failedToSend, ctx.endpoint)) {
    clientError(ctx);
    sendError(ctx, 400, LINE_MESSAGES.failedToSend);
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
function answerDuplicate(ctx: Ctx, retry: { entry: RetryEntry } | null): boolean {
  const prior = retry?.entry;
  if (!prior?.requestId) return false;
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

/** `sentMessages` for a push or reply: one id per message object, a quote token for the quotable types. */
export function sentMessagesFor(ctx: Ctx, messages: unknown[]): SentMessage[] {
  return messages.map((m) => ctx.state.nextSentMessage(QUOTABLE.has(String((m as { type?: unknown }).type))));
}

/** Records an accepted request (journalled before the answer leaves); then answers, or hangs by fault. */
export function accept(
  ctx: Ctx,
  b: SendBody,
  delivered: string[],
  skipped: number,
  retry: { key: string; entry: RetryEntry } | null,
  answer: unknown,
  sent?: SentMessage[],
): void {
  const { state } = ctx;
  const unit = Array.isArray(b.customAggregationUnits) ? (b.customAggregationUnits[0] as string | undefined) : undefined;
  state.accept(
    ctx.token,
    {
      ep: ctx.endpoint,
      rid: ctx.requestId,
      at: ctx.now,
      ...(retry ? { key: retry.key } : {}),
      ...(unit ? { unit } : {}),
      to: delivered,
      n: delivered.length,
      msgs: b.messages as unknown[],
      ...(sent ? { sent } : {}),
    },
    retry?.entry,
  );
  state.stats.skippedRecipients += skipped;
  if (state.roll(state.config.faults.timeoutAfterAccept, ctx.endpoint)) {
    state.stats.count(ctx.endpoint, 'timeout', ctx.now, delivered.length);
    ctx.hang(true);
    return;
  }
  state.stats.count(ctx.endpoint, 'accepted', ctx.now, delivered.length);
  sendJson(ctx, 200, answer);
}

export function handlePush(ctx: Ctx): void {
  const retry = retryKeyOf(ctx);
  if (retry === false) return;
  const b = parseSendBody(ctx);
  if (!b) return;
  ctx.state.stats.countUnit(ctx.endpoint, b.customAggregationUnits);
  if (b.to === undefined || b.to === null || b.to === '') {
    clientError(ctx);
    return sendDetails(ctx, [{ path: 'to', message: 'must be specified' }, ...bodyIssues(ctx, b)]);
  }
  if (typeof b.to !== 'string' || !LINE_PUSH_TARGET.test(b.to)) {
    clientError(ctx);
    return sendError(ctx, 400, lineInvalidProperty("'to'"));
  }
  const issues = bodyIssues(ctx, b);
  if (issues.length) {
    clientError(ctx);
    return sendDetails(ctx, issues);
  }
  if (faultBeforeAccept(ctx) || answerDuplicate(ctx, retry)) return;
  const to = b.to;
  const userState = to.startsWith('U') ? ctx.state.userState(to) : 'following';
  if (userState === 'unknown') {
    clientError(ctx);
    return sendError(ctx, 400, LINE_MESSAGES.failedToSend);
  }
  const delivered = userState === 'following' ? [to] : [];
  if (overQuota(ctx, delivered.length)) return;
  const sent = sentMessagesFor(ctx, b.messages as unknown[]);
  accept(ctx, b, delivered, 1 - delivered.length, retry, { sentMessages: sent }, sent);
}

export function handleMulticast(ctx: Ctx): void {
  const retry = retryKeyOf(ctx);
  if (retry === false) return;
  const b = parseSendBody(ctx);
  if (!b) return;
  ctx.state.stats.countUnit(ctx.endpoint, b.customAggregationUnits);
  const to = b.to;
  if (!Array.isArray(to) || to.length < 1 || to.length > 500) {
    clientError(ctx);
    return sendDetails(ctx, [{ path: 'to', message: 'Size must be between 1 and 500' }, ...bodyIssues(ctx, b)]);
  }
  // LINE's own example: a malformed or non-user ID (a group ID) is "The property, to[1], … is invalid".
  const format = ctx.state.config.strict ? MULTICAST_TO_STRICT : MULTICAST_TO;
  for (let i = 0; i < to.length; i++) {
    const id: unknown = to[i];
    if (typeof id !== 'string' || !format.test(id)) {
      clientError(ctx);
      return sendError(ctx, 400, lineInvalidProperty(`to[${i}]`));
    }
  }
  const issues = bodyIssues(ctx, b);
  if (issues.length) {
    clientError(ctx);
    return sendDetails(ctx, issues);
  }
  if (faultBeforeAccept(ctx) || answerDuplicate(ctx, retry)) return;
  const delivered: string[] = [];
  let skipped = 0;
  const unknown = ctx.state.config.multicastUnknown;
  for (let i = 0; i < to.length; i++) {
    const id = to[i] as string;
    const s = ctx.state.userState(id);
    if (s === 'following') delivered.push(id);
    else if (s === 'unknown' && unknown === 'reject') {
      clientError(ctx);
      return sendError(ctx, 400, lineInvalidProperty(`to[${i}]`));
    } else if (s === 'unknown' && unknown === 'fail') {
      clientError(ctx);
      return sendError(ctx, 400, LINE_MESSAGES.failedToSend);
    } else skipped++;
  }
  if (overQuota(ctx, delivered.length)) return;
  accept(ctx, b, delivered, skipped, retry, {});
}

/** `POST /v2/bot/message/validate/*`: messages only, no quota, and a retry key is refused. */
export function handleValidate(ctx: Ctx): void {
  if (ctx.req.headers['x-line-retry-key'] !== undefined) {
    clientError(ctx);
    return sendError(ctx, 400, 'The X-Line-Retry-Key header is not supported by this API');
  }
  const b = parseSendBody(ctx);
  if (!b) return;
  const issues = validateMessages(b.messages, { basePath: 'messages', strict: ctx.state.config.strict });
  if (issues.length) {
    clientError(ctx);
    return sendDetails(ctx, issues);
  }
  ctx.state.stats.count(ctx.endpoint, 'accepted', ctx.now);
  sendJson(ctx, 200, {});
}

export { faultBeforeAccept };
