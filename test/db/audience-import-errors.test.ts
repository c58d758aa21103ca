import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import zlib from 'node:zlib';
import { Agent, request } from 'undici';
import { testApp, type TestApp } from '../helpers/app.ts';
import { buildApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { runImportCli } from '../../src/cli-import.ts';
import { loadConfig } from '../../src/config.ts';

/**
 * Imports that cannot be read are 400 `import_failed` naming the line (415 for what is not CSV / NDJSON, 413
 * past the size limit), never 500; nothing of such a file is kept; caps on field, row and decompressed size
 * hold without buffering; a failed upload leaves its keep-alive connection usable; and what a CSV parser says
 * about a broken record never quotes profile data, in the answer or in the log.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
let t: TestApp;
let ps: string;
const uid = (n: number) => 'U' + n.toString(16).padStart(32, '0');

before(async () => {
  // Small caps so the tests need no large bodies; the defaults are checked in config tests below.
  t = await testApp({ importMaxFieldBytes: 1000, importMaxRowBytes: 4000, importMaxBytes: 200_000 });
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/parent-segments', headers: t.auth(), payload: { name: 'Import errors' } });
  ps = r.json().id;
  const ok = await importBody('customer_key,line_user_id,tier\nkeep1,' + uid(1) + ',gold\nkeep2,,silver\n', 'text/csv');
  assert.equal(ok.status, 200, JSON.stringify(ok.json));
});
after(() => t.close());

async function importBody(body: string | Buffer, contentType: string, headers: Record<string, string> = {}) {
  const r = await t.app.inject({
    method: 'POST',
    url: `/api/v1/parent-segments/${ps}/import`,
    headers: { ...t.auth(), ...(contentType ? { 'content-type': contentType } : {}), ...headers },
    payload: body,
  });
  return { status: r.statusCode, json: JSON.parse(r.body || 'null') as Json, body: r.body };
}

async function stored(): Promise<string> {
  const r = await t.ctx.db.query<{ s: string }>(
    `SELECT string_agg(customer_key || ':' || COALESCE(line_user_id, '') || ':' || attributes::text, '|' ORDER BY customer_key) AS s FROM profiles WHERE parent_segment_id = $1`,
    [ps],
  );
  return r.rows[0]!.s;
}

const gz = (s: string | Buffer) => zlib.gzipSync(s);
const header = 'customer_key,line_user_id,tier\n';
const good = `new1,${uid(2)},gold\n`;

/** [name, body, content type, extra headers, expected status, expected line]. */
const fileErrors: [string, string | Buffer, string, Record<string, string>, number, number | null][] = [
  ['a quote inside an unquoted field', `${header}${good}x,,go"ld\n`, 'text/csv', {}, 400, 3],
  ['text after a closing quote', `${header}${good}x,,"go"ld\n`, 'text/csv', {}, 400, 3],
  ['a quote never closed', `${header}${good}x,,"gold\n`, 'text/csv', {}, 400, 3],
  ['a NUL byte in a field', `${header}${good}x,,go\u0000ld\n`, 'text/csv', {}, 400, 3],
  ['a NUL byte in the header', `customer_key,ti\u0000er\n${good}`, 'text/csv', {}, 400, 1],
  ['a NUL byte in an NDJSON line', `{"customer_key":"n1"}\n{"customer_key":"x","tier":"a\u0000"}\n`, 'application/x-ndjson', {}, 400, 2],
  ['UTF-16 text', Buffer.from(`${header}${good}`, 'utf16le'), 'text/csv', {}, 400, 1],
  [
    'bytes that are not UTF-8',
    Buffer.concat([Buffer.from(`${header}${good}x,,`), Buffer.from([0xed, 0xa0, 0x80, 0xff]), Buffer.from('\n')]),
    'text/csv',
    {},
    400,
    3,
  ],
  ['random binary data', crypto.randomBytes(3000), 'text/csv', {}, 400, null],
  ['gzip that is not gzip', `${header}${good}`, 'text/csv', { 'content-encoding': 'gzip' }, 400, 1],
  [
    'gzip cut short',
    gz(`${header}${good}${good.replace('new1', 'new2')}`).subarray(0, 30),
    'text/csv',
    { 'content-encoding': 'gzip' },
    400,
    null,
  ],
  [
    'gzip with a corrupt middle',
    (() => {
      const b = gz(`${header}${good.repeat(50)}`);
      b.fill(0x55, 20, 40);
      return b;
    })(),
    'text/csv',
    { 'content-encoding': 'gzip' },
    400,
    null,
  ],
  ['a field over the field limit', `${header}${good}x,,${'g'.repeat(1500)}\n`, 'text/csv', {}, 400, 3],
  [
    'an NDJSON value over the field limit',
    `{"customer_key":"n1"}\n{"customer_key":"x","tier":"${'g'.repeat(1500)}"}\n`,
    'application/x-ndjson',
    {},
    400,
    2,
  ],
  ['a line over the row limit', `${header}${good}x,,${'g,'.repeat(2500)}\n`, 'text/csv', {}, 400, 3],
  ['a quoted record over the row limit', `${header}${good}x,,"${'g\n'.repeat(2500)}"\n`, 'text/csv', {}, 400, 3],
  [
    'a small gzip expanding to one huge field',
    gz(Buffer.concat([Buffer.from(`${header}x,,`), Buffer.alloc(20 * 1024 * 1024, 'g'), Buffer.from('\n')])),
    'text/csv',
    { 'content-encoding': 'gzip' },
    400,
    2,
  ],
  [
    'a gzip expanding past the total limit',
    gz(Buffer.from(`${good}`.repeat(8000).replace(/^/, header))),
    'text/csv',
    { 'content-encoding': 'gzip' },
    413,
    null,
  ],
  ['no customer key column', `name,tier\na,b\n`, 'text/csv', {}, 400, 1],
  ['an empty file', '', 'text/csv', {}, 400, null],
  ['a JSON body', '{"customer_key":"x"}', 'application/json', {}, 415, null],
  ['no content type', `${header}${good}`, '', {}, 415, null],
  ['brotli', `${header}${good}`, 'text/csv', { 'content-encoding': 'br' }, 415, null],
];

test('files that cannot be read are refused with their line (400 import_failed, 413, 415), never 500, and nothing is kept', async () => {
  const before = await stored();
  for (const [name, body, type, headers, status, line] of fileErrors) {
    const r = await importBody(body, type, headers);
    assert.equal(r.status, status, `${name}: ${r.body.slice(0, 300)}`);
    assert.ok(r.json?.error?.code && r.json.error.message && Array.isArray(r.json.error.details), `${name}: documented error shape`);
    if (status === 400) assert.equal(r.json.error.code, 'import_failed', name);
    if (line !== null) {
      assert.equal(r.json.error.line, line, `${name}: ${r.json.error.message}`);
      assert.match(r.json.error.message, new RegExp(`line ${line}:`), name);
    }
    assert.equal(await stored(), before, `${name}: all or nothing`);
  }
});

test('an import with no body at all is a 400 naming the body, with or without a content type', async () => {
  for (const headers of [{}, { 'content-type': 'text/csv' }] as Record<string, string>[]) {
    const r = await t.app.inject({ method: 'POST', url: `/api/v1/parent-segments/${ps}/import`, headers: { ...t.auth(), ...headers } });
    assert.equal(r.statusCode, 400, `${JSON.stringify(headers)}: ${r.body}`);
    assert.equal(r.json().error.code, 'import_failed');
    assert.equal(r.json().error.details[0].path, 'body');
  }
});

test('values PostgreSQL cannot store are row problems with their line; the other rows are imported', async () => {
  const ndjson = [
    `{"customer_key":"row1","tier":"gold"}`,
    `{"customer_key":"row2","tier":"a\\u0000b"}`,
    `{"customer_key":"row3","ti\\u0000er":"x"}`,
    `{"customer_key":"\\ud800"}`,
    `{"customer_key":"row5","tier":"\\udc00 alone"}`,
    `{"customer_key":"row6","deep":${'['.repeat(1500)}${']'.repeat(1500)}}`,
    `{"customer_key":"row7","nested":{"ok":["\\ud83d\\ude00"]}}`,
  ].join('\n');
  const r = await importBody(ndjson, 'application/x-ndjson');
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.inserted, 2);
  assert.deepEqual(
    r.json.rejected.map((x: Json) => x.line),
    [2, 3, 4, 5, 6],
  );
  for (const x of r.json.rejected) assert.ok(!x.message.includes('a\u0000b') && !x.message.includes('alone'), 'values are not quoted back');
  const keys = await t.ctx.db.query<{ customer_key: string }>(
    `SELECT customer_key FROM profiles WHERE parent_segment_id = $1 AND customer_key LIKE 'row%' ORDER BY 1`,
    [ps],
  );
  assert.deepEqual(
    keys.rows.map((k) => k.customer_key),
    ['row1', 'row7'],
  );
});

test('a failed upload leaves its keep-alive connection usable: the next request on it is answered', async () => {
  // Default limits here: the body must pass the size check to reach the import and fail there.
  const app = await testApp();
  try {
    const parent = (
      await app.app.inject({ method: 'POST', url: '/api/v1/parent-segments', headers: app.auth(), payload: { name: 'Keep-alive' } })
    ).json().id;
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.app.server.address() as net.AddressInfo).port;
    const url = `http://127.0.0.1:${port}/api/v1/parent-segments/${parent}/import`;
    // Fails on line 1 (no key column) with 4 MB still unread: before, the next request on the connection hung.
    const big = 'name,tier\n' + 'someone,gold\n'.repeat(320_000);
    const agent = new Agent({ connections: 1, pipelining: 1 });
    try {
      for (let i = 0; i < 4; i++) {
        const r = await request(url, {
          method: 'POST',
          dispatcher: agent,
          headers: { ...app.auth(), 'content-type': 'text/csv' },
          body: big,
        });
        assert.equal(r.statusCode, 400);
        assert.equal(((await r.body.json()) as Json).error.code, 'import_failed');
        const h = await request(`http://127.0.0.1:${port}/healthz`, { dispatcher: agent, signal: AbortSignal.timeout(30_000) });
        assert.equal(h.statusCode, 200);
        await h.body.json();
      }
    } finally {
      await agent.close();
    }

    // The same on one raw socket, the second request written right behind the first.
    const req1 = `POST /api/v1/parent-segments/${parent}/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${app.adminKey}\r\nContent-Type: text/csv\r\nContent-Length: ${Buffer.byteLength(big)}\r\n\r\n${big}`;
    const req2 = `GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`;
    const answer = await new Promise<string>((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => s.write(req1 + req2));
      let got = '';
      s.on('data', (d) => (got += d));
      s.on('end', () => resolve(got));
      s.on('error', reject);
      s.setTimeout(30_000, () => reject(new Error(`no end; got ${got.slice(0, 300)}`)));
    });
    assert.match(answer, /^HTTP\/1\.1 400/);
    assert.match(answer, /HTTP\/1\.1 200 OK[\s\S]*"ok":true/);
  } finally {
    await app.close();
  }
});

test('a chunked upload that fails early is answered, and the connection is closed rather than left hanging', async () => {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (t.app.server.address() as net.AddressInfo).port;
  const answer = await new Promise<string>((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.write(
        `POST /api/v1/parent-segments/${ps}/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t.adminKey}\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n`,
      );
      const chunk = 'name,tier\n' + 'someone,gold\n'.repeat(500);
      s.write(`${Buffer.byteLength(chunk).toString(16)}\r\n${chunk}\r\n`);
      // ... and the client keeps the upload open.
    });
    let got = '';
    s.on('data', (d) => (got += d));
    s.on('close', () => resolve(got));
    s.on('error', () => resolve(got));
    s.setTimeout(30_000, () => reject(new Error(`no answer; got ${got.slice(0, 300)}`)));
  });
  assert.match(answer, /^HTTP\/1\.1 400/);
  assert.match(answer, /connection: close/i);
});

test('a broken CSV record is described without its values, in the answer and in the log', async () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const app = await buildApp({ ...t.ctx, log: createLogger('trace', stream) }, { logger: true });
  await app.ready();
  try {
    const secret = 'Tanaka-SECRET-4417';
    for (const body of [`${header}x,,${secret}"x\n`, `${header}x,,"${secret}"x\n`, `${header}x,,"${secret}\n`]) {
      const r = await app.inject({
        method: 'POST',
        url: `/api/v1/parent-segments/${ps}/import`,
        headers: { ...t.auth(), 'content-type': 'text/csv' },
        payload: body,
      });
      assert.equal(r.statusCode, 400, r.body);
      assert.doesNotMatch(r.body, /SECRET/);
    }
    const nd = await app.inject({
      method: 'POST',
      url: `/api/v1/parent-segments/${ps}/import`,
      headers: { ...t.auth(), 'content-type': 'application/x-ndjson' },
      payload: `{"customer_key": "x", "tier": Tanaka-SECRET-4417}\n`,
    });
    assert.equal(nd.statusCode, 200, nd.body);
    assert.doesNotMatch(nd.body, /SECRET/);
  } finally {
    await app.close();
  }
  assert.ok(lines.length > 0, 'the app logged its requests');
  assert.doesNotMatch(lines.join(''), /SECRET/);
});

test('linecast import: the same file errors with their line, and the same limits', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-import-errors-'));
  const config = { ...loadConfig({}), databaseUrl: t.tdb.url, dataDir: t.tdb.dataDir ?? dir, importMaxFieldBytes: 1000 };
  // The embedded engine allows one process per data directory: the CLI case runs on PostgreSQL only.
  if (!t.tdb.url) return;
  try {
    const write = (name: string, body: string | Buffer) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, body);
      return p;
    };
    const cases: [string, string | Buffer, RegExp][] = [
      ['quote.csv', `${header}${good}x,,go"ld\n`, /line 3: a quote/],
      ['nul.csv', `${header}${good}x,,a\u0000b\n`, /line 3: .*NUL/],
      ['cut.csv.gz', gz(`${header}${good.repeat(40)}`).subarray(0, 40), /gzip data is cut short/],
      ['big.csv', `${header}x,,${'g'.repeat(1500)}\n`, /line 2: .*field size limit/],
    ];
    for (const [name, body, message] of cases)
      await assert.rejects(runImportCli({ parentSegmentId: ps, file: write(name, body), config }), message, name);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('import limits: defaults, and configuration that is not a byte count is refused', () => {
  const c = loadConfig({});
  assert.deepEqual([c.importMaxBytes, c.importMaxRowBytes, c.importMaxFieldBytes], [1024 ** 3, 1024 ** 2, 64 * 1024]);
  assert.equal(loadConfig({ LINECAST_IMPORT_MAX_FIELD_BYTES: '2048' }).importMaxFieldBytes, 2048);
  assert.throws(() => loadConfig({ LINECAST_IMPORT_MAX_ROW_BYTES: 'lots' }), /LINECAST_IMPORT_MAX_ROW_BYTES/);
});
