import type { LineResult } from '../line/types.ts';
import { backoffMs, retryWindowOpen } from './backoff.ts';

export type FailureReason =
  | 'invalid_recipient'
  | 'invalid_request'
  | 'rejected'
  | 'transient_exhausted'
  | 'retry_window_expired'
  /** The recipient's templates failed or went over the render budget: nothing was sent. */
  | 'render_failed'
  /** The rendered payload breaks a LINE rule (validateRenderedMessages): nothing was sent. */
  | 'invalid_rendered_message';

/** What to do with a LINE request after one attempt (DESIGN §3 item 3), decided without I/O. */
export type Outcome =
  | { type: 'accepted'; lineRequestId: string | null }
  | { type: 'retry'; delayMs: number; transient: boolean }
  | { type: 'failed'; reason: FailureReason }
  /** Multicast 400 naming bad recipients (or not): send the rest apart from them; `bad` are indexes into `to`. */
  | { type: 'split'; bad: number[] }
  /** The campaign cannot go on (quota, credentials); the request stays queued with its key for the resume. */
  | { type: 'suspend'; reason: 'quota_exhausted' | 'sender_unauthorized' };

export interface AttemptFacts {
  endpoint: 'push' | 'multicast';
  recipients: number;
  /** Transient failures before this attempt. */
  transientFailures: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Rate-limit 429s in a row for this request (for the backoff). */
  rateLimitedInRow?: number;
  firstAttemptAt: Date | null;
  /** LINE may have accepted an earlier attempt of this request. */
  ambiguous?: boolean;
  now: number;
}

/** Undici's codes for a connection that was never made: the request never left, LINE cannot have it. */
const NOT_SENT = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT_TIMEOUT)\b/;

/**
 * Whether LINE may have accepted this attempt: no answer (timeout, connection lost after sending) or a 5xx. A 4xx,
 * a 429 and a connection never made are definite refusals.
 */
export function mayHaveBeenAccepted(r: Pick<LineResult, 'kind'> & Partial<Pick<LineResult, 'status' | 'error'>>): boolean {
  if (r.kind !== 'transient') return false;
  return !(r.status === 0 && r.error && NOT_SENT.test(r.error));
}

export function decide(
  r: Pick<LineResult, 'kind' | 'requestId' | 'acceptedRequestId' | 'invalidRecipientIndexes'> &
    Partial<Pick<LineResult, 'status' | 'error'>>,
  f: AttemptFacts,
  random = Math.random,
): Outcome {
  switch (r.kind) {
    case 'accepted':
      return { type: 'accepted', lineRequestId: r.requestId };
    case 'accepted_duplicate':
      // 409: the key was accepted earlier (often by a process that died before recording it)
      return { type: 'accepted', lineRequestId: r.acceptedRequestId ?? r.requestId };
    case 'rate_limited': {
      // past the key's window only a request LINE may have taken must stop; the others go again under a new key
      if (!retryWindowOpen(f.firstAttemptAt, f.now) && f.ambiguous) return { type: 'failed', reason: 'retry_window_expired' };
      return { type: 'retry', delayMs: backoffMs((f.rateLimitedInRow ?? 0) + 1, 200, 10_000, random), transient: false };
    }
    case 'transient': {
      const failures = f.transientFailures + 1;
      if (failures >= f.maxAttempts) return { type: 'failed', reason: 'transient_exhausted' };
      if (!retryWindowOpen(f.firstAttemptAt, f.now) && (f.ambiguous || mayHaveBeenAccepted(r)))
        return { type: 'failed', reason: 'retry_window_expired' };
      return { type: 'retry', delayMs: backoffMs(failures, f.backoffBaseMs, f.backoffCapMs, random), transient: true };
    }
    case 'quota_exhausted':
      return { type: 'suspend', reason: 'quota_exhausted' };
    case 'unauthorized':
      return { type: 'suspend', reason: 'sender_unauthorized' };
    case 'invalid_recipient':
      if (f.endpoint === 'multicast' && f.recipients > 1) return { type: 'split', bad: r.invalidRecipientIndexes ?? [] };
      return { type: 'failed', reason: 'invalid_recipient' };
    case 'invalid_request':
      // The message objects themselves were refused: splitting would only repeat the refusal per recipient.
      return { type: 'failed', reason: 'invalid_request' };
    default:
      return { type: 'failed', reason: 'rejected' };
  }
}

/**
 * The sub-ranges a rejected multicast becomes: known bad recipients alone (they will fail as pushes of one),
 * the runs between them as new requests; with nothing named, two halves.
 */
export function splitIds(ids: readonly number[], bad: readonly number[]): number[][] {
  if (ids.length <= 1) return [ids.slice()];
  const badSet = new Set(bad.filter((i) => i >= 0 && i < ids.length));
  if (badSet.size === 0) {
    const mid = Math.ceil(ids.length / 2);
    return [ids.slice(0, mid), ids.slice(mid)];
  }
  const parts: number[][] = [];
  let run: number[] = [];
  ids.forEach((id, i) => {
    if (badSet.has(i)) {
      if (run.length) parts.push(run);
      run = [];
      parts.push([id]);
    } else run.push(id);
  });
  if (run.length) parts.push(run);
  return parts;
}
