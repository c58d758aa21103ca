import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveLocalTime, toLocal } from '../../src/domain/schedule-time.ts';

test('a local time in a zone becomes the UTC instant it names', () => {
  const r = resolveLocalTime('2026-12-24T18:00', 'Asia/Tokyo');
  assert.ok(r.ok);
  assert.equal(r.utc.toISOString(), '2026-12-24T09:00:00.000Z');
  assert.equal(r.warning, undefined);
  assert.equal(toLocal(r.utc, 'Asia/Tokyo'), '2026-12-24T18:00:00.000+09:00');
});

test('a time inside the spring-forward gap does not exist and is refused on schedule.at', () => {
  const r = resolveLocalTime('2026-03-08T02:30', 'America/New_York');
  assert.equal(r.ok, false);
  assert.ok(!r.ok && r.path === 'schedule.at' && /does not exist/.test(r.message));
});

test('a time that happens twice (fall back) takes the earlier instant and warns', () => {
  const r = resolveLocalTime('2026-11-01T01:30', 'America/New_York');
  assert.ok(r.ok);
  assert.equal(r.utc.toISOString(), '2026-11-01T05:30:00.000Z'); // 01:30 EDT (-04:00), not 01:30 EST
  assert.match(r.warning?.message ?? '', /happens twice/);
  assert.equal(r.warning?.code, 'schedule_repeated_time');
  assert.equal(r.warning?.params.first, '2026-11-01T01:30:00.000-04:00');
});

test('the hour right after a gap and right before an overlap are ordinary', () => {
  const after = resolveLocalTime('2026-03-08T03:00', 'America/New_York');
  assert.ok(after.ok && after.utc.toISOString() === '2026-03-08T07:00:00.000Z' && !after.warning);
  const before = resolveLocalTime('2026-11-01T00:59', 'America/New_York');
  assert.ok(before.ok && before.utc.toISOString() === '2026-11-01T04:59:00.000Z' && !before.warning);
});

test('an unknown zone is an error on schedule.timeZone; an impossible date on schedule.at', () => {
  const z = resolveLocalTime('2026-12-24T18:00', 'Mars/Olympus');
  assert.ok(!z.ok && z.path === 'schedule.timeZone');
  const d = resolveLocalTime('2026-02-30T10:00', 'UTC');
  assert.ok(!d.ok && d.path === 'schedule.at');
});

test('seconds are accepted and kept', () => {
  const r = resolveLocalTime('2026-06-01T12:00:30', 'Europe/London');
  assert.ok(r.ok && r.utc.toISOString() === '2026-06-01T11:00:30.000Z');
});
