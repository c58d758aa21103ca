import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { testDb } from '../helpers/db.ts';
import { loadConfig } from '../../src/config.ts';
import { openDb } from '../../src/db/open.ts';
import { runImportCli, formatFromName } from '../../src/cli-import.ts';

const uid = (n: number) => 'U' + n.toString(16).padStart(32, '0');

test('file names choose the format', () => {
  assert.deepEqual(formatFromName('a.CSV'), { format: 'csv' });
  assert.deepEqual(formatFromName('a.tsv.gz'), { format: 'csv', delimiter: '\t' });
  assert.deepEqual(formatFromName('a.jsonl'), { format: 'ndjson' });
  assert.deepEqual(formatFromName('a.ndjson.gz'), { format: 'ndjson' });
});

test('runImportCli streams files into a parent segment found by name or id, through the configured database', async () => {
  const tdb = await testDb();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-cli-import-'));
  let config = { ...loadConfig({}), dataDir: root, databaseUrl: tdb.url };
  const ps = (await tdb.db.query<{ id: string }>(`INSERT INTO parent_segments (name) VALUES ('Members') RETURNING id`)).rows[0]!.id;
  if (!tdb.url) {
    // The embedded database allows one process per directory: hand the test's data over to the CLI.
    await tdb.db.close();
    fs.renameSync(tdb.dataDir!, path.join(root, 'db'));
    config = { ...config, dataDir: root };
  }
  try {
    const csv = path.join(root, 'members.csv.gz');
    fs.writeFileSync(csv, zlib.gzipSync(`customer_key,line_user_id,tier\nm1,${uid(1)},gold\nm2,bad,silver\n`));
    const r1 = await runImportCli({ parentSegmentName: 'Members', file: csv, config });
    assert.equal(r1.parentSegmentId, ps);
    assert.deepEqual([r1.inserted, r1.rejectedCount, r1.rejected[0]!.line], [1, 1, 3]);

    const nd = path.join(root, 'more.ndjson');
    fs.writeFileSync(nd, JSON.stringify({ id: 'm1', points: 5 }) + '\n' + JSON.stringify({ id: 'm3' }) + '\n');
    const r2 = await runImportCli({ parentSegmentId: ps, file: nd, keyColumn: 'id', config });
    assert.deepEqual([r2.inserted, r2.updated], [1, 1]);

    await assert.rejects(runImportCli({ parentSegmentName: 'Nobody', file: nd, config }), /No parent segment named "Nobody"/);
    const r3 = await runImportCli({ parentSegmentName: 'New list', create: true, file: nd, keyColumn: 'id', config });
    assert.notEqual(r3.parentSegmentId, ps);
    await assert.rejects(runImportCli({ parentSegmentId: ps, file: path.join(root, 'missing.csv'), config }), /No such file/);

    const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const rows = (
        await db.query<{ customer_key: string; attributes: Record<string, unknown> }>(
          'SELECT customer_key, attributes FROM profiles WHERE parent_segment_id = $1 ORDER BY customer_key',
          [ps],
        )
      ).rows;
      assert.deepEqual(
        rows.map((r) => r.customer_key),
        ['m1', 'm3'],
      );
      assert.deepEqual(rows[0]!.attributes, { tier: 'gold', id: 'm1', points: 5 });
    } finally {
      await db.close();
    }
  } finally {
    if (tdb.url) await tdb.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
