import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tally } from '../../src/delivery/counts.ts';

const rows = [
  { status: 'queued', reason: null, n: 500 },
  { status: 'accepted', reason: null, n: 1200 },
  { status: 'failed', reason: 'invalid_recipient', n: 3 },
  { status: 'failed', reason: null, n: 2 },
  { status: 'failed', reason: 'invalid_recipient', n: 1 },
  { status: 'canceled', reason: null, n: 10 },
];

test('recipients in requests count by status, failures by reason, the rest of the snapshot as pending', () => {
  assert.deepEqual(tally(rows, { pendingTotal: 2000, canceled: false, excluded: { unfollowed: 7, missing_recipient_id: 3 } }), {
    queued: 500,
    accepted: 1200,
    failed: 6,
    canceled: 10,
    pending: 2000 - 1716,
    excluded: 10,
    failedBy: { invalid_recipient: 4, unknown: 2 },
  });
});

test('a canceled campaign counts its unclaimed recipients as canceled, not pending', () => {
  const t = tally(rows, { pendingTotal: 2000, canceled: true, excluded: {} });
  assert.equal(t.pending, 0);
  assert.equal(t.canceled, 10 + 284);
});

test('no snapshot, or more claimed than the snapshot holds, never gives a negative pending', () => {
  assert.equal(tally(rows, null).pending, 0);
  assert.equal(tally(rows, { pendingTotal: 100, canceled: false, excluded: {} }).pending, 0);
});
