import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffMs, retryWindowOpen, RETRY_WINDOW_MS } from '../../src/delivery/backoff.ts';
import { decide, mayHaveBeenAccepted, splitIds, type AttemptFacts } from '../../src/delivery/decide.ts';
import { allowedClaims } from '../../src/delivery/speed.ts';
import { TokenBucket } from '../../src/delivery/token-bucket.ts';
import { RevisionContent } from '../../src/schemas/revision.ts';

const facts = (o: Partial<AttemptFacts> = {}): AttemptFacts => ({
  endpoint: 'push',
  recipients: 1,
  transientFailures: 0,
  maxAttempts: 3,
  backoffBaseMs: 1000,
  backoffCapMs: 8000,
  firstAttemptAt: new Date(1_000),
  now: 2_000,
  ...o,
});
const r = (kind: string, extra: object = {}) => ({ kind, requestId: 'req-1', ...extra }) as Parameters<typeof decide>[0];

test('classification: 2xx and 409 are accepted (409 keeps the accepted request id)', () => {
  assert.deepEqual(decide(r('accepted'), facts()), { type: 'accepted', lineRequestId: 'req-1' });
  assert.deepEqual(decide(r('accepted_duplicate', { acceptedRequestId: 'orig' }), facts()), { type: 'accepted', lineRequestId: 'orig' });
});

test('classification: 5xx/timeouts retry with backoff until maxAttempts, then transient_exhausted', () => {
  const a = decide(r('transient'), facts({ transientFailures: 0 }), () => 0.5);
  assert.equal(a.type, 'retry');
  assert.equal(a.type === 'retry' && a.transient, true);
  assert.equal(decide(r('transient'), facts({ transientFailures: 1 })).type, 'retry');
  assert.deepEqual(decide(r('transient'), facts({ transientFailures: 2 })), { type: 'failed', reason: 'transient_exhausted' });
});

test('classification: rate-limit 429 retries without spending attempts; monthly 429 and 401/403 suspend', () => {
  const rl = decide(r('rate_limited'), facts({ transientFailures: 2 }));
  assert.equal(rl.type === 'retry' && !rl.transient, true);
  assert.deepEqual(decide(r('quota_exhausted'), facts()), { type: 'suspend', reason: 'quota_exhausted' });
  assert.deepEqual(decide(r('unauthorized'), facts()), { type: 'suspend', reason: 'sender_unauthorized' });
});

test('classification: 400 on push fails the recipient; on multicast splits; bad content fails', () => {
  assert.deepEqual(decide(r('invalid_recipient'), facts()), { type: 'failed', reason: 'invalid_recipient' });
  assert.deepEqual(decide(r('invalid_recipient', { invalidRecipientIndexes: [3] }), facts({ endpoint: 'multicast', recipients: 10 })), {
    type: 'split',
    bad: [3],
  });
  assert.deepEqual(decide(r('invalid_recipient'), facts({ endpoint: 'multicast', recipients: 1 })), {
    type: 'failed',
    reason: 'invalid_recipient',
  });
  assert.deepEqual(decide(r('invalid_request'), facts({ endpoint: 'multicast', recipients: 10 })), {
    type: 'failed',
    reason: 'invalid_request',
  });
  assert.deepEqual(decide(r('permanent'), facts()), { type: 'failed', reason: 'rejected' });
});

test('retry window: past 24 h (less a margin) since the first attempt, a request LINE may have taken is not retried', () => {
  const first = new Date(0);
  assert.equal(retryWindowOpen(first, RETRY_WINDOW_MS - 60 * 60 * 1000), true);
  assert.equal(retryWindowOpen(first, RETRY_WINDOW_MS), false);
  assert.deepEqual(decide(r('transient'), facts({ firstAttemptAt: first, now: RETRY_WINDOW_MS + 1 })), {
    type: 'failed',
    reason: 'retry_window_expired',
  });
  assert.deepEqual(decide(r('rate_limited'), facts({ firstAttemptAt: first, now: RETRY_WINDOW_MS + 1, ambiguous: true })), {
    type: 'failed',
    reason: 'retry_window_expired',
  });
});

test('retry window: past it, a request LINE certainly refused every time retries (under a new key); one it may have taken fails', () => {
  const late = { firstAttemptAt: new Date(0), now: RETRY_WINDOW_MS + 1 };
  // rate-limit 429: a definite refusal
  assert.equal(decide(r('rate_limited'), facts({ ...late, ambiguous: false })).type, 'retry');
  assert.deepEqual(decide(r('rate_limited'), facts({ ...late, ambiguous: true })), { type: 'failed', reason: 'retry_window_expired' });
  // a connection never made cannot have been accepted; a timeout or a 5xx may have been
  const refused = r('transient', { status: 0, error: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9' });
  assert.equal(decide(refused, facts({ ...late, ambiguous: false })).type, 'retry');
  assert.deepEqual(decide(refused, facts({ ...late, ambiguous: true })), { type: 'failed', reason: 'retry_window_expired' });
  for (const res of [
    r('transient', { status: 0, error: 'TimeoutError: The operation was aborted due to timeout' }),
    r('transient', { status: 503 }),
  ])
    assert.deepEqual(decide(res, facts({ ...late, ambiguous: false })), { type: 'failed', reason: 'retry_window_expired' });
  assert.equal(mayHaveBeenAccepted(refused), false);
  assert.equal(mayHaveBeenAccepted(r('transient', { status: 0, error: 'UND_ERR_SOCKET: other side closed' })), true);
  assert.equal(mayHaveBeenAccepted(r('rate_limited', { status: 429 })), false);
});

test('splitIds: halves when nothing is named; named bad ids alone, runs between kept together', () => {
  assert.deepEqual(splitIds([1, 2, 3, 4, 5], []), [
    [1, 2, 3],
    [4, 5],
  ]);
  assert.deepEqual(splitIds([1, 2, 3, 4, 5], [1, 4]), [[1], [2], [3, 4], [5]]);
  assert.deepEqual(splitIds([7], []), [[7]]);
});

test('backoff: exponential with jitter, capped', () => {
  assert.equal(
    backoffMs(1, 1000, 8000, () => 0),
    500,
  );
  assert.equal(
    backoffMs(1, 1000, 8000, () => 1),
    1000,
  );
  assert.equal(
    backoffMs(3, 1000, 8000, () => 1),
    4000,
  );
  assert.equal(
    backoffMs(10, 1000, 8000, () => 1),
    8000,
  );
});

test('token bucket: paces to the rate, small burst, rate edits apply, a pause stops it', () => {
  let now = 0;
  const b = new TokenBucket(1000, () => now);
  let taken = 0;
  for (let ms = 0; ms < 1000; ms++) {
    now = ms;
    while (b.tryTake() === 0) taken++;
  }
  // one token at the start, then exactly one a millisecond
  assert.equal(taken, 1000);
  b.setRate(10);
  now = 2000;
  let t2 = 0;
  for (let ms = 2000; ms < 3000; ms++) {
    now = ms;
    while (b.tryTake() === 0) t2++;
  }
  // a burst of at most one token at 10/s, then one every 100 ms
  assert.equal(t2, 10);
  b.pause(500);
  now = 3100;
  assert.ok(b.tryTake() > 0);
});

test('token bucket: after a 429 pause the bucket is empty; requests leave at the rate, not as a burst', () => {
  let now = 0;
  const b = new TokenBucket(1000, () => now);
  now = 1000; // idle for a second: the bucket is full (burst 50 ms = 50 tokens)
  assert.equal(b.burst, 50);
  b.pause(100);
  const perMs: number[] = [];
  for (let ms = 1000; ms < 1200; ms++) {
    now = ms;
    let n = 0;
    while (b.tryTake() === 0) n++;
    perMs.push(n);
  }
  assert.equal(
    perMs.slice(0, 100).reduce((s, n) => s + n, 0),
    0,
    'nothing during the pause',
  );
  assert.equal(perMs[100], 0, 'the pause ends with an empty bucket');
  assert.deepEqual(perMs.slice(101), Array(99).fill(1), 'then one a millisecond at 1000/s');
});

test('staged speed: spread over a duration, or at most N a minute', () => {
  const content = (deliverySpeed: unknown) =>
    RevisionContent.parse({ campaign: { id: 'c', name: 'n' }, lineAccountId: 'a', messages: [], sendMode: 'push', deliverySpeed });
  const startedAt = new Date(0);
  assert.equal(allowedClaims({ pendingTotal: 1000, startedAt, content: content({ mode: 'fastest' }) }, 1), Number.POSITIVE_INFINITY);
  assert.equal(
    allowedClaims({ pendingTotal: 1000, startedAt, content: content({ mode: 'staged', durationMinutes: 10 }) }, 5 * 60_000),
    500,
  );
  assert.equal(allowedClaims({ pendingTotal: 1000, startedAt, content: content({ mode: 'staged', perMinute: 30 }) }, 2 * 60_000), 60);
});
