// The fault-injection suite (test/faults/suite.ts) at bench size: every case on one audience of --recipients
// (100,000), the emulator in a process of its own, plus on PostgreSQL the database restarted twice under a
// `linecast worker` (--restart-recipients, push). One JSON line: per case recipients, lost, duplicated, reasons,
// final state and seconds. By default every case multicasts (--send-mode push|multicast|own) at
// --multicast-per-second 50, so events such as a revoked token land mid-campaign.
import { testDb } from '../test/helpers/db.ts';
import { cases, runCase, type CaseResult } from '../test/faults/suite.ts';
import { runPgRestartCase } from '../test/faults/pg-restart.ts';
import { numArg, strArg } from './lib/args.ts';
import { emulatorProcess } from './lib/emulator-process.ts';

const recipients = numArg('recipients', 100_000);
const mode = strArg('send-mode', 'multicast');
const restartRecipients = numArg('restart-recipients', 20_000);
const only = strArg('cases', '');
const emu = await emulatorProcess({ record: 'counts' });
const tdb = await testDb();
const results: Omit<CaseResult, 'engine'>[] = [];
try {
  for (const fc of cases) {
    if (only && !only.split(',').includes(fc.name)) continue;
    const { engine: _e, ...r } = await runCase(tdb.db, emu.url, fc, recipients, {
      sendMode: mode === 'own' ? undefined : (mode as 'push' | 'multicast'),
      multicastPerSecond: numArg('multicast-per-second', 50),
      pushPerSecond: numArg('push-per-second', 2_000),
      timeoutMs: 1_800_000,
    });
    results.push(r);
  }
  if (tdb.db.engine === 'postgres' && (!only || only.split(',').includes('db_restart'))) {
    const { engine: _e, workerOutput: _o, ...r } = await runPgRestartCase(restartRecipients, { pushPerSecond: 500, timeoutMs: 1_800_000 });
    results.push(r);
  }
} finally {
  await tdb.close();
  await emu.close();
}
console.log(
  JSON.stringify({
    bench: 'faults',
    engine: tdb.db.engine,
    lost: results.reduce((s, r) => s + r.lost, 0),
    duplicated: results.reduce((s, r) => s + r.duplicated, 0),
    all_finished: results.every((r) => r.finalState === 'Finished'),
    cases: results,
  }),
);
