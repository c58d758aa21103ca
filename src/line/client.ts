import { Pool } from 'undici';
import { classifyLineResponse, type LineCallKind } from '../domain/line-errors.ts';
import {
  lineClientOptionsSchema,
  type AggregationUnitListBody,
  type AggregationUnitUsageBody,
  type BotInfoBody,
  type ConsumptionBody,
  type LineClientOptions,
  type LineResult,
  type QuotaBody,
  type SendOptions,
  type SentMessage,
  type UnitStatisticsBody,
  type VerifyTokenBody,
} from './types.ts';
import { staticToken, type TokenGrant, type TokenSource } from './tokens.ts';

interface CallSpec {
  method: 'GET' | 'POST';
  path: string;
  call: LineCallKind;
  json?: unknown;
  form?: Record<string, string>;
  retryKey?: string;
  /** Send the channel access token as a Bearer header (not for the OAuth verify endpoints). */
  auth?: boolean;
}

const grantFailure = (g: Extract<TokenGrant, { ok: false }>): LineResult<never> => ({
  kind: g.kind,
  status: g.status,
  requestId: g.requestId,
  body: g.body,
  error: g.error,
});

/**
 * A LINE Messaging API client for the delivery engine: one keep-alive undici Pool per client (so per base URL
 * and channel), retry keys passed through, and every outcome returned as a classified `LineResult` instead of
 * thrown, because the caller's next step (retry, split, suspend) depends on the class, not on an exception.
 */
export class LineClient {
  readonly baseUrl: string;
  private readonly tokens: TokenSource;
  private readonly timeoutMs: number;
  private readonly pool: Pool;
  private readonly prefix: string;

  constructor(options: LineClientOptions) {
    const o = lineClientOptionsSchema.parse(options);
    const url = new URL(o.baseUrl);
    this.baseUrl = o.baseUrl;
    if (!o.tokens === !o.channelAccessToken) throw new Error('LineClient needs exactly one of channelAccessToken and tokens');
    this.tokens = o.tokens ?? staticToken(o.channelAccessToken!);
    this.timeoutMs = o.timeoutMs;
    this.prefix = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(url.origin, {
      connections: o.connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      connectTimeout: Math.min(o.timeoutMs, 10_000),
      headersTimeout: o.timeoutMs,
      bodyTimeout: o.timeoutMs,
    });
  }

  /** Sends to one user (or group/room). `retryKey` must be a UUID stored before the first attempt and reused on retries. */
  push(to: string, messages: unknown[], retryKey: string, opts: SendOptions = {}): Promise<LineResult<{ sentMessages: SentMessage[] }>> {
    return this.call({
      method: 'POST',
      path: '/v2/bot/message/push',
      call: 'push',
      retryKey,
      json: { to, messages, ...sendExtras(opts) },
    });
  }

  /** Sends the same messages to up to 500 user IDs in one request. */
  multicast(to: string[], messages: unknown[], retryKey: string, opts: SendOptions = {}): Promise<LineResult<Record<string, never>>> {
    return this.call({
      method: 'POST',
      path: '/v2/bot/message/multicast',
      call: 'multicast',
      retryKey,
      json: { to, messages, ...sendExtras(opts) },
    });
  }

  /** LINE's own check of message objects (no retry key allowed, no quota used). `accepted` means valid. */
  validatePush(messages: unknown[]): Promise<LineResult<Record<string, never>>> {
    return this.call({ method: 'POST', path: '/v2/bot/message/validate/push', call: 'other', json: { messages } });
  }

  validateMulticast(messages: unknown[]): Promise<LineResult<Record<string, never>>> {
    return this.call({ method: 'POST', path: '/v2/bot/message/validate/multicast', call: 'other', json: { messages } });
  }

  quota(): Promise<LineResult<QuotaBody>> {
    return this.call({ method: 'GET', path: '/v2/bot/message/quota', call: 'other' });
  }

  consumption(): Promise<LineResult<ConsumptionBody>> {
    return this.call({ method: 'GET', path: '/v2/bot/message/quota/consumption', call: 'other' });
  }

  botInfo(): Promise<LineResult<BotInfoBody>> {
    return this.call({ method: 'GET', path: '/v2/bot/info', call: 'other' });
  }

  /**
   * Verifies the channel access token. `GET /oauth2/v2.1/verify` answers for v2.1 tokens; long-lived and
   * short-lived (v2) tokens are verified by `POST /v2/oauth/verify` (`legacy: true`). Both answer
   * `{client_id, expires_in, scope?}`; an invalid token is a 400 `{error, error_description}` (→ invalid_request).
   */
  async verifyToken(opts: { legacy?: boolean } = {}): Promise<LineResult<VerifyTokenBody>> {
    const g = await this.tokens.current();
    if (!g.ok) return grantFailure(g);
    if (opts.legacy) {
      return this.request(
        { method: 'POST', path: '/v2/oauth/verify', call: 'other', form: { access_token: g.token }, auth: false },
        g.token,
      );
    }
    const q = new URLSearchParams({ access_token: g.token });
    return this.request({ method: 'GET', path: `/oauth2/v2.1/verify?${q}`, call: 'other', auth: false }, g.token);
  }

  /** Per-unit statistics of push/multicast messages tagged with `customAggregationUnits` (dates yyyyMMdd, UTC+9). */
  unitStatistics(unit: string, from: string, to: string): Promise<LineResult<UnitStatisticsBody>> {
    const q = new URLSearchParams({ customAggregationUnit: unit, from, to });
    return this.call({ method: 'GET', path: `/v2/bot/insight/message/event/aggregation?${q}`, call: 'other' });
  }

  /** Names of the aggregation units used this month (paged by `next`). */
  aggregationUnits(opts: { limit?: number; start?: string } = {}): Promise<LineResult<AggregationUnitListBody>> {
    const q = new URLSearchParams();
    if (opts.limit !== undefined) q.set('limit', String(opts.limit));
    if (opts.start !== undefined) q.set('start', opts.start);
    const qs = q.size ? `?${q}` : '';
    return this.call({ method: 'GET', path: `/v2/bot/message/aggregation/list${qs}`, call: 'other' });
  }

  aggregationUnitUsage(): Promise<LineResult<AggregationUnitUsageBody>> {
    return this.call({ method: 'GET', path: '/v2/bot/message/aggregation/info', call: 'other' });
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  /**
   * One call with the source's token. A 401 asks the source for a different token once (a stateless token may
   * have expired in flight); a stored long-lived token is not renewable, so its 401 is returned as it is. The
   * retry keeps the same retry key: LINE accepted nothing with a 401.
   */
  private async call<T>(spec: CallSpec): Promise<LineResult<T>> {
    const g = await this.tokens.current();
    if (!g.ok) return grantFailure(g);
    const res = await this.request<T>(spec, g.token);
    if (res.status !== 401) return res;
    const again = await this.tokens.renew(g.token);
    if (!again) return res;
    if (!again.ok) return grantFailure(again);
    return this.request<T>(spec, again.token);
  }

  private async request<T>(spec: CallSpec, token: string): Promise<LineResult<T>> {
    const headers: Record<string, string> = {};
    if (spec.auth !== false) headers.authorization = `Bearer ${token}`;
    if (spec.retryKey) headers['x-line-retry-key'] = spec.retryKey;
    let body: string | undefined;
    if (spec.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(spec.json);
    } else if (spec.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(spec.form).toString();
    }
    let status: number;
    let resHeaders: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const res = await this.pool.request({
        method: spec.method,
        path: this.prefix + spec.path,
        headers,
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = res.statusCode;
      resHeaders = res.headers;
      text = await res.body.text();
    } catch (err) {
      // No answer: LINE may or may not have accepted it, which is exactly what the retry key is for.
      return { kind: 'transient', status: 0, requestId: null, body: null, error: describeError(err) };
    }
    const parsed = parseBody(text);
    const accepted = header(resHeaders, 'x-line-accepted-request-id');
    const cls = classifyLineResponse({
      call: spec.call,
      status,
      body: parsed,
      retryAfter: header(resHeaders, 'retry-after'),
      acceptedRequestId: accepted,
    });
    const result: LineResult<T> = { kind: cls.kind, status, requestId: header(resHeaders, 'x-line-request-id'), body: parsed };
    if (accepted) result.acceptedRequestId = accepted;
    if (cls.retryAfterMs !== undefined) result.retryAfterMs = cls.retryAfterMs;
    if (cls.invalidRecipientIndexes) result.invalidRecipientIndexes = cls.invalidRecipientIndexes;
    const sent = sentMessagesOf(parsed);
    if (sent) result.sentMessages = sent;
    return result;
  }
}

function sendExtras(opts: SendOptions): SendOptions {
  const out: SendOptions = {};
  if (opts.notificationDisabled !== undefined) out.notificationDisabled = opts.notificationDisabled;
  if (opts.customAggregationUnits?.length) out.customAggregationUnits = opts.customAggregationUnits;
  return out;
}

function header(h: Record<string, string | string[] | undefined>, name: string): string | null {
  const v = h[name];
  if (Array.isArray(v)) return v[0] ?? null;
  return v ?? null;
}

function parseBody(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function sentMessagesOf(body: unknown): SentMessage[] | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const s = (body as { sentMessages?: unknown }).sentMessages;
  return Array.isArray(s) ? (s as SentMessage[]) : undefined;
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: string }).code;
    return code ? `${code}: ${err.message}` : `${err.name}: ${err.message}`;
  }
  return String(err);
}
