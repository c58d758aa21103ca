import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseBucket, timeSeries } from '../../src/reporting/series.ts';
import { zonedIso } from '../../src/domain/time.ts';

test('days begin at local midnight: in Asia/Tokyo 14:59Z and 15:00Z are different days', () => {
  const s = timeSeries(
    [
      { minute: '2026-12-24T14:59:00.000Z', accepted: 2 },
      { minute: '2026-12-24T15:00:00.000Z', accepted: 3 },
      { minute: '2026-12-28T01:00:00.000Z', accepted: 1 },
    ],
    [{ minute: '2026-12-24T15:30:00.000Z', clicks: 4 }],
    'Asia/Tokyo',
  );
  assert.equal(s.bucket, 'day', 'more than three days: daily buckets');
  assert.deepEqual(s.points, [
    { start: '2026-12-24T00:00:00.000+09:00', accepted: 2, clicks: 0 },
    { start: '2026-12-25T00:00:00.000+09:00', accepted: 3, clicks: 4 },
    { start: '2026-12-28T00:00:00.000+09:00', accepted: 1, clicks: 0 },
  ]);
  // The same minutes in UTC fall on other days.
  assert.deepEqual(
    timeSeries(
      [
        { minute: '2026-12-24T14:59:00.000Z', accepted: 2 },
        { minute: '2026-12-24T15:00:00.000Z', accepted: 3 },
      ],
      [],
      'UTC',
      'day',
    ).points.length,
    1,
  );
});

test('hours begin at the local hour, also in zones 45 minutes off the hour', () => {
  const s = timeSeries(
    [
      { minute: '2026-06-01T00:10:00.000Z', accepted: 1 },
      { minute: '2026-06-01T00:20:00.000Z', accepted: 1 },
    ],
    [],
    'Asia/Kathmandu',
    'hour',
  );
  assert.deepEqual(s.points, [
    { start: '2026-06-01T05:00:00.000+05:45', accepted: 1, clicks: 0 },
    { start: '2026-06-01T06:00:00.000+05:45', accepted: 1, clicks: 0 },
  ]);
});

test('a day across a daylight-saving change keeps its own offset at its start', () => {
  const s = timeSeries([{ minute: '2026-03-08T12:00:00.000Z', accepted: 5 }], [], 'America/New_York', 'day');
  assert.deepEqual(s.points, [{ start: '2026-03-08T00:00:00.000-05:00', accepted: 5, clicks: 0 }]);
  assert.equal(zonedIso('2026-03-08T12:00:00.000Z', 'America/New_York'), '2026-03-08T08:00:00.000-04:00');
});

test('the bucket follows the span: minutes up to 3 h, hours up to 3 days, then days', () => {
  const h = 3_600_000;
  assert.equal(chooseBucket(0, 3 * h), 'minute');
  assert.equal(chooseBucket(0, 3 * h + 1), 'hour');
  assert.equal(chooseBucket(0, 72 * h), 'hour');
  assert.equal(chooseBucket(0, 72 * h + 1), 'day');
  assert.deepEqual(timeSeries([], [], 'Asia/Tokyo'), { bucket: 'minute', points: [] });
});
