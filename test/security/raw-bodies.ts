import zlib from 'node:zlib';
import fc from 'fast-check';
import {
  dateStrings,
  hostileNumber,
  hostileString,
  nulStrings,
  numberStrings,
  surrogateStrings,
  toJson,
  unicodeStrings,
  Raw,
} from './hostile.ts';

/** Bodies that are not JSON: profile imports (CSV, NDJSON, gzip of either, garbage) and LINE webhooks. */

export interface ImportBody {
  contentType: string;
  contentEncoding?: string;
  body: Buffer;
  query: string;
  /** Attribute names the body may have stored, for the comparison probe after it. */
  attributes: string[];
}

const ATTRS = ['city', 'signup', 'score', 'note'];

const cell = fc.oneof(
  { arbitrary: fc.constantFrom('Tokyo', 'Osaka', '2024-01-15', '42', 'true', '', 'following', 'unfollowed'), weight: 6 },
  fc.constantFrom(...dateStrings, ...numberStrings, '9'.repeat(400)),
  fc.constantFrom(...nulStrings, ...surrogateStrings, ...unicodeStrings),
  fc.constantFrom('a,b', 'say "hi"', 'x"y', '"unclosed', 'line\nbreak', 'cr\rlf', '\t', ';', '=cmd|"/c calc"!A1'),
  fc.string({ unit: 'binary', maxLength: 12 }),
  { arbitrary: fc.constant('z'.repeat(200_000)), weight: 1 },
);

const uid = fc.oneof(
  fc.integer({ min: 1, max: 40 }).map((n) => 'U' + n.toString(16).padStart(32, '0')),
  fc.constantFrom('', 'U123', 'u' + 'a'.repeat(32), 'U' + 'A'.repeat(32)),
  hostileString,
);

/** A CSV row written the sloppy way: quoted only when needed, sometimes not even then. */
function csvLine(cells: string[], delimiter: string, sloppy: boolean): string {
  return cells.map((c) => (!sloppy && /[",\r\n;|\t]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(delimiter);
}

const csvBody = fc
  .record({
    attrs: fc.subarray(ATTRS, { minLength: 0 }),
    rows: fc.array(
      fc.tuple(
        fc.string({ unit: fc.constantFrom('k', 'e', 'y', '1', '2', '-', '\u0000', 'é'), minLength: 0, maxLength: 6 }),
        uid,
        cell,
        fc.array(cell, { minLength: 4, maxLength: 4 }),
      ),
      { maxLength: 6 },
    ),
    delimiter: fc.constantFrom(',', ',', ';', '\t'),
    sloppy: fc.boolean(),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    bom: fc.boolean(),
    ragged: fc.nat({ max: 5 }),
  })
  .map(({ attrs, rows, delimiter, sloppy, eol, bom, ragged }) => {
    const header = ['customer_key', 'line_user_id', 'follow_status', ...attrs];
    const lines = [csvLine(header, delimiter, false)];
    for (const [i, [key, u, follow, vals]] of rows.entries()) {
      const cells = [key || `fz${i}`, u, follow, ...vals.slice(0, attrs.length)];
      if (ragged === i) cells.push('extra');
      lines.push(csvLine(cells, delimiter, sloppy));
    }
    const qs = delimiter === ',' ? '' : `delimiter=${encodeURIComponent(delimiter === '\t' ? 'tab' : delimiter)}`;
    return { text: (bom ? '\ufeff' : '') + lines.join(eol) + eol, query: qs, attrs };
  });

const ndjsonValue = fc.oneof(
  cell,
  hostileNumber,
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
  fc.constant(new Raw('['.repeat(5_000) + ']'.repeat(5_000))),
);
const ndjsonBody = fc
  .record({
    attrs: fc.subarray(ATTRS),
    rows: fc.array(
      fc.tuple(fc.oneof(fc.string({ maxLength: 8 }), hostileString), uid, fc.array(ndjsonValue, { minLength: 4, maxLength: 4 })),
      { maxLength: 6 },
    ),
    junkLine: fc.constantFrom(
      null,
      '{"customer_key":',
      'not json',
      '[1,2]',
      '"str"',
      '{"customer_key":"\\ud800x"}',
      '{"customer_key":"a\\u0000b"}',
      '\u0000',
    ),
  })
  .map(({ attrs, rows, junkLine }) => {
    const lines = rows.map(([key, u, vals]) =>
      toJson({ customer_key: key, line_user_id: u, follow_status: 'following', ...Object.fromEntries(attrs.map((a, i) => [a, vals[i]])) }),
    );
    if (junkLine !== null) lines.splice(lines.length >> 1, 0, junkLine);
    return { text: lines.join('\n') + '\n', query: '', attrs };
  });

/**
 * Values that import fine but are hard on whatever compares them later (the reach probe after each import):
 * odd offsets, dates SQL refuses, numbers beyond numeric's range.
 */
const storedValues = fc
  .record({
    attr: fc.constantFrom('signup', 'score', 'city'),
    values: fc.array(
      fc.oneof(
        fc.constantFrom('2024-01-01T00:00:00+23:59', '2024-06-30T12:00-23:30', '9'.repeat(140_000), '-' + '9'.repeat(140_000), '1e999999'),
        fc.constantFrom(...dateStrings, ...numberStrings),
      ),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ attr, values }) => ({
    text: `customer_key,${attr}\n${values.map((v, i) => `sv${i},${v}`).join('\n')}\n`,
    query: '',
    attrs: [attr],
  }));

/** An import request body: CSV or NDJSON, plain or gzip (whole, cut, or lying), or bytes that are neither. */
export const importBodyArb: fc.Arbitrary<ImportBody> = fc
  .record({
    kind: fc.constantFrom('csv', 'csv', 'ndjson', 'ndjson', 'binary', 'values', 'values'),
    csv: csvBody,
    values: storedValues,
    nd: ndjsonBody,
    binary: fc.uint8Array({ maxLength: 400 }),
    wrapping: fc.constantFrom('plain', 'plain', 'plain', 'gzip', 'gzip-cut', 'gzip-lie', 'gzip-twice', 'br'),
    contentType: fc.constantFrom(
      'auto',
      'auto',
      'auto',
      'application/json',
      'text/plain',
      'text/csv; charset=shift_jis',
      'application/ndjson',
      '',
    ),
  })
  .map(({ kind, csv, nd, values, binary, wrapping: w0, contentType: ct0 }) => {
    const contentType = kind === 'values' ? 'auto' : ct0;
    const ctRaw = contentType === 'auto' ? (kind === 'ndjson' ? 'application/x-ndjson' : 'text/csv') : contentType;
    const wrapping = w0;
    const src = kind === 'csv' ? csv : kind === 'values' ? values : kind === 'ndjson' ? nd : { text: '', query: '', attrs: [] as string[] };
    let body: Buffer = kind === 'binary' ? Buffer.from(binary) : Buffer.from(src.text, 'utf8');
    let contentEncoding: string | undefined = wrapping === 'plain' ? undefined : 'gzip';
    switch (wrapping) {
      case 'gzip':
        body = zlib.gzipSync(body);
        break;
      case 'gzip-cut':
        body = zlib.gzipSync(body).subarray(0, Math.max(10, body.length >> 1));
        break;
      case 'gzip-twice':
        body = zlib.gzipSync(zlib.gzipSync(body));
        break;
      case 'br':
        contentEncoding = 'br';
        break;
    }
    const ct = ctRaw;
    return { contentType: ct, contentEncoding, body, query: src.query, attributes: src.attrs };
  });

export interface WebhookCase {
  body: Buffer;
  /** 'good' signs the bytes sent with the account's channel secret; the rest must be refused. */
  signature: 'good' | 'none' | 'wrong-secret' | 'other-body' | 'garbage';
  account: 'home' | 'victim' | 'unknown' | 'hostile';
  contentType: string;
}

const event = fc.record(
  {
    type: fc.oneof(fc.constantFrom('follow', 'unfollow', 'message', 'postback', 'unsend'), hostileString),
    timestamp: fc.oneof(
      fc.constant(Date.now()),
      fc.integer({ min: 0, max: 4_102_444_800_000 }),
      hostileNumber,
      fc.constant('1700000000000'),
    ),
    webhookEventId: fc.oneof(fc.uuid(), hostileString),
    source: fc.oneof(fc.record({ type: fc.constant('user'), userId: uid }), fc.constant(null), hostileString),
    mode: fc.constant('active'),
  },
  { requiredKeys: ['type'] },
);

export const webhookArb: fc.Arbitrary<WebhookCase> = fc.record({
  body: fc.oneof(
    {
      arbitrary: fc
        .record({ destination: fc.oneof(fc.constant('Udeadbeef'), hostileString), events: fc.array(event, { maxLength: 5 }) })
        .map((b) => Buffer.from(toJson(b))),
      weight: 10,
    },
    fc
      .constantFrom(
        '',
        '{',
        'null',
        '[]',
        '{"events":"x"}',
        '{"events":[' + '['.repeat(3_000) + ']'.repeat(3_000) + ']}',
        '\u0000',
        '{"events":[{"type":"follow","timestamp":1e400}]}',
      )
      .map((s) => Buffer.from(s)),
    fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
  ),
  signature: fc.constantFrom('good', 'good', 'good', 'none', 'wrong-secret', 'other-body', 'garbage'),
  account: fc.constantFrom('home', 'home', 'victim', 'unknown', 'hostile'),
  contentType: fc.constantFrom('application/json', 'application/json', 'text/plain', 'application/json; charset=utf-8', ''),
});
