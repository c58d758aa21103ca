import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { audienceFixture, uid, type AudienceFixture, type Json } from '../audience/fixture.ts';
import { importProfiles } from '../../src/audience/import/importer.ts';

let f: AudienceFixture;
before(async () => {
  f = await audienceFixture();
});
after(() => f.close());

const importUrl = (id: string, qs = '') => `/api/v1/parent-segments/${id}/import${qs}`;
async function profiles(id: string): Promise<Map<string, Json>> {
  const r = await f.req('GET', `/api/v1/parent-segments/${id}/profiles?limit=500`);
  return new Map(r.json.items.map((p: Json) => [p.customerKey, p]));
}

// What Excel in Japan writes for "CSV (comma delimited)": Windows-31J (Shift_JIS with NEC and IBM extensions),
// CRLF. 髙 is an IBM extension, ① an NEC special character, ｶﾀｶﾅ half-width katakana, ～ the wave dash Windows
// maps to U+FF5E.
const rows = [
  ['customer_key', 'line_user_id', 'follow_status', '姓', '名', 'メモ'],
  ['c1', uid(1), 'following', '髙橋', '一郎', '①会員・ｶﾀｶﾅ'],
  ['c2', uid(2), 'following', '渡邉', '花子', '"表示"～ソ'],
  ['c3', '', '', '齋藤', 'ﾊﾙﾄ', '東京都港区'],
];
const csvText = rows.map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\r\n') + '\r\n';
const sjis = iconv.encode(csvText, 'cp932');

function expectJapanese(p: Map<string, Json>) {
  assert.deepEqual(p.get('c1').attributes, { 姓: '髙橋', 名: '一郎', メモ: '①会員・ｶﾀｶﾅ' });
  assert.deepEqual(p.get('c2').attributes, { 姓: '渡邉', 名: '花子', メモ: '"表示"～ソ' });
  assert.deepEqual(p.get('c3').attributes, { 姓: '齋藤', 名: 'ﾊﾙﾄ', メモ: '東京都港区' });
  assert.equal(p.get('c1').lineUserId, uid(1));
}

test('a Shift_JIS CSV from Excel in Japan imports correctly, detected or chosen, with 髙, ① and half-width katakana intact', async () => {
  // The bytes really are Shift_JIS: they are not UTF-8, and 髙 is FB FC.
  assert.ok(!Buffer.from(csvText, 'utf8').equals(sjis));
  assert.ok(sjis.includes(Buffer.from([0xfb, 0xfc])));

  const detected = await f.parent('sjis-auto');
  let r = await f.send(importUrl(detected), sjis, 'text/csv');
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.deepEqual(
    { inserted: r.json.inserted, rejected: r.json.rejected, encoding: r.json.encoding },
    { inserted: 3, rejected: [], encoding: 'shift_jis' },
  );
  expectJapanese(await profiles(detected));

  // The Japanese column names are attributes a segment can use.
  const seg = await f.req('POST', `/api/v1/workspaces/${f.ws}/segments`, {
    name: '髙橋さん',
    parentSegmentId: detected,
    rule: { type: 'group', op: 'and', children: [{ type: 'condition', attribute: '姓', operator: 'equals', value: '髙橋' }] },
  });
  assert.equal(seg.status, 201, JSON.stringify(seg.json));
  assert.equal((await f.req('GET', `/api/v1/workspaces/${f.ws}/segments/${seg.json.id}/reach`)).json.profiles, 1);

  const chosen = await f.parent('sjis-chosen');
  r = await f.send(importUrl(chosen, '?encoding=shift_jis'), sjis, 'text/csv');
  assert.equal(r.status, 200, JSON.stringify(r.json));
  expectJapanese(await profiles(chosen));
});

test('UTF-8 with a BOM (Excel\'s "CSV UTF-8") and without one import the same; the BOM does not stick to the first column', async () => {
  for (const [name, body] of [
    ['bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvText, 'utf8')])],
    ['plain', Buffer.from(csvText, 'utf8')],
  ] as const) {
    const id = await f.parent(`utf8-${name}`);
    const r = await f.send(importUrl(id), body, 'text/csv');
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.encoding, 'utf-8');
    assert.equal(r.json.inserted, 3, name);
    expectJapanese(await profiles(id));
  }
});

test('the decoder keeps multi-byte characters split across chunks, in both encodings and for NDJSON too', async () => {
  const oneByteAtATime = (b: Buffer) =>
    Readable.from(
      (function* () {
        for (const byte of b) yield Buffer.from([byte]);
      })(),
    );
  const id = await f.parent('chunks');
  const r = await importProfiles(f.t.ctx.db, oneByteAtATime(sjis), { parentSegmentId: id, format: 'csv', encoding: 'shift_jis' });
  assert.equal(r.inserted, 3);
  expectJapanese(await profiles(id));

  const nd = await f.parent('ndjson-sjis');
  const lines = iconv.encode(['{"customer_key":"n1","姓":"髙橋","メモ":"①ｱｲｳ"}', '{"customer_key":"n2","姓":"齋藤"}'].join('\n'), 'cp932');
  const n = await importProfiles(f.t.ctx.db, oneByteAtATime(lines), { parentSegmentId: nd, format: 'ndjson' });
  assert.deepEqual({ inserted: n.inserted, encoding: n.encoding }, { inserted: 2, encoding: 'shift_jis' });
  assert.deepEqual((await profiles(nd)).get('n1').attributes, { 姓: '髙橋', メモ: '①ｱｲｳ' });

  const utf = await f.parent('chunks-utf8');
  const u = await importProfiles(f.t.ctx.db, oneByteAtATime(Buffer.from('customer_key,name\r\nu1,👨‍👩‍👧 สวัสดี 陳怡君\r\n', 'utf8')), {
    parentSegmentId: utf,
    format: 'csv',
    encoding: 'utf-8',
  });
  assert.equal(u.inserted, 1);
  assert.equal((await profiles(utf)).get('u1').attributes.name, '👨‍👩‍👧 สวัสดี 陳怡君');
});

test('text that is not in the chosen encoding is refused with a 400 naming the line, and nothing is stored', async () => {
  const id = await f.parent('wrong');
  let r = await f.send(importUrl(id, '?encoding=utf-8'), sjis, 'text/csv');
  assert.equal(r.status, 400);
  assert.equal(r.json.error.code, 'import_failed');
  assert.equal(r.json.error.details[0].code, 'import_not_utf8');
  assert.equal(r.json.error.details[0].params.line, 1, 'the header already holds Shift_JIS bytes');
  assert.match(r.json.error.message, /Shift_JIS/);
  assert.equal((await profiles(id)).size, 0);

  // Auto decides on the first 64 KiB. When those are plain ASCII (the same bytes in both encodings) and Shift_JIS
  // comes later, it switches without harm; when real UTF-8 came first, the first Shift_JIS row stops the import
  // instead of storing mojibake.
  const ascii = ['customer_key,name', ...Array.from({ length: 8000 }, (_, i) => `k${i},name${i}`)].join('\n') + '\n';
  const late = await f.parent('late-sjis');
  r = await f.send(importUrl(late), Buffer.concat([Buffer.from(ascii, 'utf8'), iconv.encode('late,髙橋\n', 'cp932')]), 'text/csv');
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.deepEqual({ inserted: r.json.inserted, encoding: r.json.encoding }, { inserted: 8001, encoding: 'shift_jis' });
  assert.equal((await f.req('GET', `/api/v1/parent-segments/${late}/profiles?q=late`)).json.items[0].attributes.name, '髙橋');
  const utf8Head = ascii.replace('name0\n', '名前\n');
  r = await f.send(importUrl(id), Buffer.concat([Buffer.from(utf8Head, 'utf8'), iconv.encode('late,髙橋\n', 'cp932')]), 'text/csv');
  assert.equal(r.status, 400);
  assert.equal(r.json.error.details[0].code, 'import_not_utf8');
  assert.equal(r.json.error.details[0].params.line, 8002);
  assert.equal((await profiles(id)).size, 0);

  r = await f.send(importUrl(id, '?encoding=shift_jis'), Buffer.from([0x63, 0x2c, 0x6b, 0x0a, 0x61, 0x2c, 0x85, 0x0a]), 'text/csv');
  assert.equal(r.status, 400);
  assert.equal(r.json.error.details[0].code, 'import_not_shift_jis');
  assert.equal(r.json.error.details[0].params.line, 2);

  r = await f.send(importUrl(id, '?encoding=latin1'), sjis, 'text/csv');
  assert.equal(r.status, 400);
  assert.equal(r.json.error.details[0].path, 'querystring.encoding');
});

test('with Accept: application/x-ndjson the import answers progress lines, then the result (or the error) in the last line', async () => {
  const id = await f.parent('progress');
  const body = ['customer_key,tier', ...Array.from({ length: 6000 }, (_, i) => `p${i},gold`)].join('\n');
  const r = await f.t.app.inject({
    method: 'POST',
    url: importUrl(id),
    headers: { ...f.t.auth(), 'content-type': 'text/csv', accept: 'application/x-ndjson' },
    payload: body,
  });
  assert.equal(r.statusCode, 200);
  assert.match(String(r.headers['content-type']), /application\/x-ndjson/);
  const lines = r.body
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines[0].type, 'progress');
  const last = lines.at(-1);
  assert.deepEqual(
    { type: last.type, inserted: last.inserted, rejectedCount: last.rejectedCount },
    { type: 'result', inserted: 6000, rejectedCount: 0 },
  );
  for (const p of lines.slice(0, -1)) assert.ok(p.type === 'progress' && p.rows <= 6000 && p.bytes <= body.length, JSON.stringify(p));

  const bad = await f.t.app.inject({
    method: 'POST',
    url: importUrl(id),
    headers: { ...f.t.auth(), 'content-type': 'text/csv', accept: 'application/x-ndjson' },
    payload: 'name\nx\n',
  });
  const end = JSON.parse(bad.body.trim().split('\n').at(-1)!);
  assert.equal(end.type, 'error');
  assert.equal(end.status, 400);
  assert.equal(end.error.details[0].code, 'import_no_key_column');
});
