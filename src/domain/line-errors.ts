/**
 * LINE Messaging API error texts and the classification of every response (pure: no I/O), shared by the
 * LINE client, the delivery engine and the emulator so all three agree on the exact strings LINE uses.
 * LINE gives no machine-readable error code, so classification has to match on `message`.
 */

export const LINE_MESSAGES = {
  retryKeyAccepted: 'The retry key is already accepted',
  monthlyLimit: 'You have reached your monthly limit.',
  rateLimit: 'The API rate limit has been exceeded. Try again later.',
  failedToSend: 'Failed to send messages',
  noAuthHeader: "Authorization header required. Must follow the scheme, 'Authorization: Bearer <ACCESS TOKEN>'",
  invalidToken:
    'Authentication failed due to the following reason: invalid token. Confirm that the access token in the authorization header is valid.',
  notFound: 'Not found',
  forbidden: 'Access to this API is not available for your account',
  bodyTooLarge: 'The request body is too large',
  badJson: 'The request body could not be parsed as JSON (line: -, column: -)',
  internalError: 'An internal server error occurred',
} as const;

export const lineBodyErrors = (n: number) => `The request body has ${n} error(s)`;
export const lineInvalidProperty = (property: string) => `The property, ${property}, in the request body is invalid (line: -, column: -)`;
export const lineUnsupportedContentType = (ct: string) => `The content type, ${ct}, is not supported`;

export type LineResultKind =
  | 'accepted'
  | 'accepted_duplicate'
  | 'rate_limited'
  | 'quota_exhausted'
  | 'transient'
  | 'invalid_recipient'
  | 'invalid_request'
  | 'unauthorized'
  | 'permanent';

/** Which call the response answers: recipient errors only make sense for the sending endpoints. */
export type LineCallKind = 'push' | 'multicast' | 'other';

export interface LineResponseFacts {
  call: LineCallKind;
  /** HTTP status; 0 when no response arrived (timeout, connection refused/reset). */
  status: number;
  /** Parsed JSON body, or the raw text when it did not parse, or undefined. */
  body: unknown;
  /** A `Retry-After` header if one was sent (LINE documents none; proxies may add it). */
  retryAfter?: string | null;
  /** `x-line-accepted-request-id`: LINE names the earlier attempt it accepted under the same retry key. */
  acceptedRequestId?: string | null;
}

export interface LineClassification {
  kind: LineResultKind;
  retryAfterMs?: number;
  /** For a multicast rejected because of `to[i]`: the offending indexes, so the caller can split or drop. */
  invalidRecipientIndexes?: number[];
}

interface ErrorBodyLike {
  message?: unknown;
  details?: unknown;
}

export function errorMessageOf(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body && typeof body === 'object') {
    const m = (body as ErrorBodyLike).message;
    if (typeof m === 'string') return m;
  }
  return '';
}

function errorProperties(body: unknown): string[] {
  if (!body || typeof body !== 'object') return [];
  const details = (body as ErrorBodyLike).details;
  if (!Array.isArray(details)) return [];
  const out: string[] = [];
  for (const d of details) {
    if (d && typeof d === 'object' && typeof (d as { property?: unknown }).property === 'string') {
      out.push((d as { property: string }).property);
    }
  }
  return out;
}

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

const TO_PROPERTY = /^'?to(\[(\d+)\])?'?$/;

/** Indexes named in "The property, to[3], …" messages or `details[].property` of the form `to[3]`. */
function recipientIndexes(body: unknown): { mentionsTo: boolean; indexes: number[] } {
  const props = errorProperties(body);
  const message = errorMessageOf(body);
  const fromMessage = /^The property, ([^,]+), in the request body is invalid/.exec(message);
  if (fromMessage?.[1]) props.push(fromMessage[1]);
  let mentionsTo = false;
  const indexes: number[] = [];
  for (const p of props) {
    const m = TO_PROPERTY.exec(p.trim());
    if (!m) continue;
    mentionsTo = true;
    if (m[2] !== undefined) indexes.push(Number(m[2]));
  }
  return { mentionsTo, indexes };
}

/**
 * Decides what a LINE response means for the caller. The rules follow LINE's retry guide and error catalogue:
 * a 409 carrying `x-line-accepted-request-id` (or the retry-key text) is a success (the first attempt was accepted); the monthly-limit 429 is not a
 * rate limit (waiting seconds will not help); 5xx and no-response are worth retrying with the same key.
 */
export function classifyLineResponse(facts: LineResponseFacts, nowMs?: number): LineClassification {
  const { status, body, call } = facts;
  const message = errorMessageOf(body);
  if (status >= 200 && status < 300) return { kind: 'accepted' };
  if (status === 0 || status >= 500 || status === 408) {
    const retryAfterMs = parseRetryAfter(facts.retryAfter, nowMs);
    return retryAfterMs === undefined ? { kind: 'transient' } : { kind: 'transient', retryAfterMs };
  }
  if (status === 409) {
    // The header is the machine-readable proof; LINE's wording of the message may change (or be translated).
    if ((call === 'push' || call === 'multicast') && facts.acceptedRequestId) return { kind: 'accepted_duplicate' };
    return /retry key is already accepted/i.test(message) ? { kind: 'accepted_duplicate' } : { kind: 'permanent' };
  }
  if (status === 429) {
    if (/monthly limit/i.test(message)) return { kind: 'quota_exhausted' };
    const retryAfterMs = parseRetryAfter(facts.retryAfter, nowMs);
    return retryAfterMs === undefined ? { kind: 'rate_limited' } : { kind: 'rate_limited', retryAfterMs };
  }
  if (status === 401 || status === 403) return { kind: 'unauthorized' };
  if (status === 400) {
    if (call === 'push') {
      // A well-formed ID that is not a friend-capable user of this channel, or a malformed `to`.
      if (message === LINE_MESSAGES.failedToSend || recipientIndexes(body).mentionsTo) return { kind: 'invalid_recipient' };
      return { kind: 'invalid_request' };
    }
    if (call === 'multicast') {
      const r = recipientIndexes(body);
      if (r.mentionsTo && r.indexes.length > 0) return { kind: 'invalid_recipient', invalidRecipientIndexes: r.indexes };
      if (message === LINE_MESSAGES.failedToSend) return { kind: 'invalid_recipient', invalidRecipientIndexes: [] };
      return { kind: 'invalid_request' };
    }
    return { kind: 'invalid_request' };
  }
  return { kind: 'permanent' };
}

/** Whether the caller should send the same request again (same retry key) after a pause. */
export function isRetryable(kind: LineResultKind): boolean {
  return kind === 'transient' || kind === 'rate_limited';
}

/** Whether LINE has taken the request (the messages go out, or already went out on an earlier attempt). */
export function isAccepted(kind: LineResultKind): boolean {
  return kind === 'accepted' || kind === 'accepted_duplicate';
}
