import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runPgRestartCase } from '../faults/pg-restart.ts';
import { testEngine } from '../helpers/db.ts';

// The database server restarts (a minor-version upgrade, a failover, a crash) in the middle of a campaign. The
// worker must stay alive, reconnect by itself and finish: every recipient accepted once, counted at the emulator.
// The case runs a PostgreSQL cluster of its own (it restarts it), so other tests' databases are not disturbed.
const N = 4_000;

test(
  `PostgreSQL restarts (fast, then immediate) mid-campaign: the worker rides them out and ${N} recipients get it exactly once`,
  {
    skip: testEngine !== 'postgres' && 'needs PostgreSQL (LINECAST_TEST_ENGINE=postgres)',
    timeout: 600_000,
  },
  async (t) => {
    const r = await runPgRestartCase(N);
    const { workerOutput, ...summary } = r;
    t.diagnostic(JSON.stringify(summary));
    for (const at of r.restartsAt) assert.ok(at.sent < N, `the ${at.mode} restart landed mid-campaign (${at.sent} of ${N} sent)`);
    assert.ok(r.workerAlive, `the worker is alive:\n${workerOutput.slice(-3000)}`);
    assert.ok(r.sameWorker, 'the same worker process, not a restarted one');
    assert.equal(r.finalState, 'Finished', workerOutput.slice(-3000));
    assert.ok(r.sawConnectionLoss, 'the worker saw the restarts');
    assert.equal(r.lost, 0, 'none lost');
    assert.equal(r.duplicated, 0, 'none twice');
    assert.deepEqual(r.reasons.recipients, { accepted: N });
  },
);
