import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { testDb } from '../helpers/db.ts';
import { loadConfig } from '../../src/config.ts';
import { openDb } from '../../src/db/open.ts';
import { runImportCli } from '../../src/cli-import.ts';
import { progressLine, terminalProgress } from '../../src/cli-progress.ts';

/** A stand-in for a terminal (or a pipe, with isTTY false) that keeps what was written. */
const fakeOut = (isTTY: boolean) => {
  const chunks: string[] = [];
  return { isTTY, chunks, write: (s: string) => (chunks.push(s), true) } as unknown as NodeJS.WriteStream & { chunks: string[] };
};

test('the progress line: rows, rows a second, share of the file and time left from the bytes read', () => {
  assert.equal(
    progressLine({ rows: 50_000, bytes: 2_500_000, total: 10_000_000, elapsedMs: 5_000 }),
    '50,000 rows · 10,000 rows/s · 25% · about 15 s left',
  );
  assert.equal(
    progressLine({ rows: 1_200_000, bytes: 100, total: 10_000, elapsedMs: 60_000 }),
    '1,200,000 rows · 20,000 rows/s · 1% · about 1 h 39 min left',
  );
  assert.equal(
    progressLine({ rows: 10, bytes: 10, total: null, elapsedMs: 1_000 }),
    '10 rows · 10 rows/s',
    'standard input has no size: no share, no estimate',
  );
});

test('on a terminal the line is redrawn in place and left standing; on a pipe nothing is drawn', () => {
  let clock = 0;
  const tty = fakeOut(true);
  const bar = terminalProgress(tty, 1000, 200, () => clock);
  clock = 100;
  bar.update(10, 100); // too soon after the start: skipped
  clock = 300;
  bar.update(30, 300);
  clock = 1000;
  bar.done(100, 1000);
  assert.equal(tty.chunks.length, 3);
  const clear = '\r\u001b[2K'; // back to the line's start, erase it
  assert.equal(tty.chunks[0], `${clear}30 rows · 100 rows/s · 30% · about 1 s left`);
  assert.equal(tty.chunks[1], `${clear}100 rows · 100 rows/s · 100%`);
  assert.equal(tty.chunks[2], '\n');
  const pipe = fakeOut(false);
  const quiet = terminalProgress(pipe, 1000, 0, () => clock++);
  quiet.update(1, 1);
  quiet.done(1, 1);
  assert.deepEqual(pipe.chunks, []);
});

test('linecast import reads a Shift_JIS file (detected or --encoding) and draws progress on a terminal', async () => {
  const tdb = await testDb();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-cli-sjis-'));
  let config = { ...loadConfig({}), dataDir: root, databaseUrl: tdb.url };
  const ps = (await tdb.db.query<{ id: string }>(`INSERT INTO parent_segments (name) VALUES ('顧客') RETURNING id`)).rows[0]!.id;
  if (!tdb.url) {
    await tdb.db.close();
    fs.renameSync(tdb.dataDir!, path.join(root, 'db'));
    config = { ...config, dataDir: root };
  }
  try {
    const file = path.join(root, '顧客.csv');
    const rows = ['customer_key,姓,メモ', ...Array.from({ length: 3000 }, (_, i) => `k${i},髙橋,①ｶﾅ${i}`)];
    fs.writeFileSync(file, iconv.encode(rows.join('\r\n') + '\r\n', 'cp932'));
    const tty = fakeOut(true);
    const r = await runImportCli({ parentSegmentName: '顧客', file, config, progress: tty });
    assert.deepEqual({ inserted: r.inserted, encoding: r.encoding }, { inserted: 3000, encoding: 'shift_jis' });
    assert.match(tty.chunks.at(-2)!, /3,000 rows · [\d,]+ rows\/s · 100%/);
    assert.equal(tty.chunks.at(-1), '\n');
    await assert.rejects(runImportCli({ parentSegmentId: ps, file, config, encoding: 'utf-8', progress: fakeOut(false) }), /not UTF-8/);
    await assert.rejects(
      runImportCli({ parentSegmentId: ps, file, config, encoding: 'latin1' as never }),
      /--encoding must be one of auto, utf-8, shift_jis/,
    );
    const again = await runImportCli({ parentSegmentId: ps, file, config, encoding: 'shift_jis', progress: fakeOut(false) });
    assert.equal(again.unchanged, 3000);
    const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const one = (await db.query<{ attributes: Record<string, string> }>(`SELECT attributes FROM profiles WHERE customer_key = 'k7'`))
        .rows[0]!;
      assert.deepEqual(one.attributes, { 姓: '髙橋', メモ: '①ｶﾅ7' });
    } finally {
      await db.close();
    }
  } finally {
    if (tdb.url) await tdb.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
