import fc from 'fast-check';

/**
 * Hostile values: what a careless or hostile client sends. Grouped by what they aim at, so a failure can be
 * traced to its class. `Raw` marks JSON text written as is (numbers JSON.stringify cannot produce).
 */
export class Raw {
  constructor(readonly json: string) {}
}

/** JSON.stringify that writes Raw values verbatim. */
export function toJson(v: unknown): string {
  const raws: string[] = [];
  const s = JSON.stringify(v, (_k, x) => (x instanceof Raw ? `\u0001RAW${raws.push(x.json) - 1}\u0001` : x));
  return s === undefined ? '' : s.replace(/"\\u0001RAW(\d+)\\u0001"/g, (_m, i: string) => raws[Number(i)]!);
}

export const NUL = '\u0000';
export const nulStrings = ['\u0000', 'a\u0000b', 'name\u0000', '\u0000\u0000\u0000'];
export const surrogateStrings = ['\ud800', 'x\udfffy', '\udc00\ud800', 'ok\ud83d'];
export const unicodeStrings = [
  '日本語のテキスト',
  '👨‍👩‍👧‍👦',
  '\u202eevil',
  'zero\u200bwidth',
  'e\u0301',
  'İı',
  '\ufeffbom',
  '\uffff',
  '\u{10ffff}',
  'ก่า',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
];
export const sqlStrings = [
  "' OR 1=1 --",
  "'; DROP TABLE users; --",
  '%',
  '_',
  '\\',
  '$1',
  '%%%%',
  "O'Brien",
  '"quoted"',
  '\\x00',
  "E'\\000'",
];
export const liquidStrings = [
  '{{',
  '}}',
  '{% raw %}',
  '{{ profile.first_name }}',
  '{{ secret.key }}',
  '{% if %}',
  '{{ "x" | append: "y" }}',
  '{%- comment -%}',
];
export const numberStrings = [
  '2147483648',
  '-2147483649',
  '99999999999999999999',
  '9007199254740993',
  '1e308',
  '-1',
  '0',
  '1.5',
  'NaN',
  'Infinity',
  '-0',
  '0x10',
  ' 1 ',
  '1e-400',
];
export const cursorStrings = [
  'WyJ4IiwieSJd',
  '99999999999999999999',
  'eyJhIjoxfQ',
  'W10',
  'bnVsbA',
  '-1',
  '0',
  'null',
  '[]',
  '=',
  'WyIyMDI0LTAxLTAxIiwiYSJd',
  'WyJpbmZpbml0eSIsIngiXQ',
  '%FF',
];
export const dateStrings = [
  '2024-01-01T00:00:00-23:59',
  '2024-01-01T00:00:00+23:59',
  '2024-01-01T00:00:00+99:99',
  '0000-01-01',
  '9999-12-31T23:59:59Z',
  '2024-02-30',
  '2024-01-01T25:00',
  '+275760-09-13T00:00:00Z',
  '1970-01-01T00:00:00.0000000001Z',
  'epoch',
  'infinity',
  '-infinity',
  'allballs',
  'today',
  '2024-01-01 BC',
];
export const localDateTimes = [
  '2030-01-01T09:00',
  '2024-02-30T25:61',
  '0000-01-01T00:00',
  '9999-12-31T23:59:59',
  '2030-03-10T02:30',
  '1900-01-01T00:00',
];
export const timeZones = [
  'Asia/Tokyo',
  'UTC',
  'America/St_Johns',
  'Etc/GMT+12',
  'Mars/Olympus',
  'UTC+99',
  '../../etc/passwd',
  'Asia/Tokyo\u0000',
  '',
  'asia/tokyo',
  'Europe/Kyiv',
];
export const urlStrings = [
  'javascript:alert(1)',
  'http://169.254.169.254/latest/meta-data',
  'file:///etc/passwd',
  'http://[::1]:0',
  'https://example.com/' + 'a'.repeat(3000),
  'https://exa mple.com',
  'https://例え.jp/パス?q=値#frag',
  'HTTP://EXAMPLE.COM',
  '//example.com',
];
export const uuidLike = [
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'FFFFFFFF-FFFF-4FFF-8FFF-FFFFFFFFFFFF',
  '123e4567-e89b-12d3-a456-426614174000',
];
export const hugeStrings = ['x'.repeat(5_000), 'y'.repeat(70_000), '\u0000'.repeat(2_000), '日'.repeat(40_000)];

export const hostileString = fc.oneof(
  fc.constantFrom(...nulStrings),
  fc.constantFrom(...surrogateStrings),
  fc.constantFrom(...unicodeStrings, ...sqlStrings, ...liquidStrings),
  fc.constantFrom(...numberStrings, ...cursorStrings, ...dateStrings),
  fc.constantFrom(...urlStrings, ...uuidLike, '', ' ', '\t\n', 'null', 'undefined', 'true'),
  { arbitrary: fc.constantFrom(...hugeStrings), weight: 1 },
  fc.string({ unit: 'binary', maxLength: 40 }),
);

export const hostileNumber = fc.oneof(
  fc.constantFrom(
    2147483648,
    -2147483649,
    2147483647,
    9007199254740991,
    -9007199254740991,
    1e20,
    -1e20,
    1e308,
    -1,
    0,
    0.5,
    -0.5,
    5e-324,
    1.7976931348623157e308,
  ),
  fc.constantFrom(
    new Raw('1e400'),
    new Raw('-1e400'),
    new Raw('-0'),
    new Raw('1.0'),
    new Raw('100000000000000000000000000000000000'),
    new Raw('0.1e1'),
    new Raw('1E+2'),
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Values of the wrong JSON type, prototype keys and operator objects. */
export const wrongType = fc.oneof(
  fc.constantFrom(null, true, false, [], {}, [[[]]], '1', 1, [null], { $gt: '' }, { length: 1e9 }),
  fc.constant(JSON.parse('{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"polluted":1}}}') as unknown),
);

/** A JSON value nested `depth` levels deep, written as raw text (no stack is used to build it). */
export function deepJson(depth: number, kind: 'array' | 'object' = 'array'): Raw {
  return kind === 'array' ? new Raw('['.repeat(depth) + ']'.repeat(depth)) : new Raw('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
}

/** Any hostile value (string, number, wrong type, deep nesting). */
export const hostileValue = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  { arbitrary: hostileNumber, weight: 2 },
  { arbitrary: wrongType, weight: 2 },
  { arbitrary: fc.constantFrom(deepJson(2_000), deepJson(200, 'object')), weight: 1 },
);

/** A path segment as sent (already percent-encoded where valid; hostile encodings left raw). */
export const hostilePathSegment = fc.oneof(
  fc.constantFrom(
    '%00',
    'a%00b',
    '%ED%A0%80',
    '%FF',
    '%C0%AF',
    '..',
    '%2E%2E%2F%2E%2E',
    '%2F',
    'null',
    '-1',
    '0',
    '2147483648',
    '99999999999999999999',
  ),
  fc.constantFrom('x'.repeat(300), 'x'.repeat(20_000), encodeURIComponent('日本'), '%E2%80%AE', '%20', '%'),
  fc.constantFrom(...uuidLike),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 }).map((s) => encodeURIComponent(s)),
);

/** Encodes a string for a URL; lone surrogates (which encodeURIComponent refuses) become the CESU-8 bytes a sloppy client sends. */
export function encodeLoose(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff)
      out += '%' + [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)].map((b) => b.toString(16).toUpperCase()).join('%');
    else out += encodeURIComponent(ch);
  }
  return out;
}
