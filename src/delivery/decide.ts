import type { LineResult } from '../line/types.ts';
import { backoffMs, retryWindowOpen } from './backoff.ts';

/** What to do with a LINE request after one attempt (DESIGN §3 item 3), decided without I/O. */
export type Outcome =
  | { type: 'accepted'; lineRequestId: string | null }
  | { type: 'retry'; delayMs: number; transient: boolean }
  | { type: 'failed'; reason: 'invalid_recipient' | 'invalid_request' | 'rejected' | 'transient_exhausted' | 'retry_window_expired' }
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
  now: number;
}

export function decide(r: Pick<LineResult, 'kind' | 'requestId' | 'acceptedRequestId' | 'invalidRecipientIndexes'>, f: AttemptFacts, random = Math.random): Outcome {
  switch (r.kind) {
    case 'accepted':
      return { type: 'accepted', lineRequestId: r.requestId };
    case 'accepted_duplicate':
      // 409: the key was accepted earlier (often by a process that died before recording it)
      return { type: 'accepted', lineRequestId: r.acceptedRequestId ?? r.requestId };
    case 'rate_limited': {
      if (!retryWindowOpen(f.firstAttemptAt, f.now)) return { type: 'failed', reason: 'retry_window_expired' };
      return { type: 'retry', delayMs: backoffMs((f.rateLimitedInRow ?? 0) + 1, 200, 10_000, random), transient: false };
    }
    case 'transient': {
      const failures = f.transientFailures + 1;
      if (failures >= f.maxAttempts) return { type: 'failed', reason: 'transient_exhausted' };
      if (!retryWindowOpen(f.firstAttemptAt, f.now)) return { type: 'failed', reason: 'retry_window_expired' };
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
