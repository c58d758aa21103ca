import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { cases, runCase } from '../faults/suite.ts';
import { testDb, type TestDb } from '../helpers/db.ts';

// The fault-injection suite at test size (bench/faults.ts runs it at 100,000 recipients). Each case: the emulator
// misbehaves like LINE can, the real engine delivers, and the emulator counts 0 lost and 0 duplicated recipients.
const N = Number(process.env.LINECAST_FAULT_RECIPIENTS ?? 600);

let tdb: TestDb;
let emu: RunningEmulator;
before(async () => {
  tdb = await testDb();
  emu = await startEmulator({ port: 0, record: 'counts' });
});
after(async () => {
  await emu.close();
  await tdb.close();
});

for (const fc of cases) {
  test(`fault ${fc.name}: ${fc.what}; 0 lost, 0 duplicated, Finished`, { timeout: 300_000 }, async (t) => {
    // multicast cases need enough recipients for several requests
    const n = fc.sendMode === 'multicast' ? Math.max(N, 3_000) : N;
    const r = await runCase(tdb.db, emu.url, fc, n);
    t.diagnostic(JSON.stringify(r));
    assert.equal(r.lost, 0, 'nobody lost');
    assert.equal(r.duplicated, 0, 'nobody twice');
    assert.equal(r.finalState, 'Finished');
    const expected: Record<string, number> = { accepted: n - r.spoiled };
    if (fc.spoil) {
      assert.ok(r.spoiled > 0, 'the case spoiled some recipients');
      expected[`failed/${fc.expectFailedReason}`] = r.spoiled;
    }
    assert.deepEqual(r.reasons.recipients, expected, 'the delivery log: everyone accepted but the spoiled, who failed with their reason');
    assert.deepEqual(r.reasons.suspensions, fc.expectSuspensions ?? []);
    for (const status of fc.expectRetriedWith ?? [])
      assert.ok(
        (r.reasons.retried[String(status)] ?? 0) > 0,
        `the fault hit: requests retried and finally answered ${status} (${JSON.stringify(r.reasons.retried)})`,
      );
    if (fc.expectRetriedWith?.includes(409)) assert.ok(r.reasons.answered409 > 0, 'LINE answered 409 to a resent accepted request');
  });
}
