/**
 * LINE's documented message cases (reference/line-message-cases.md: id, case, LINE's verdict A / R / nd, source)
 * turned into requests. The verdicts are read from the reference file itself; this file only says how each
 * case is sent and, for a refusal, which property LINE's answer names (or its message).
 */
import { readFileSync } from 'node:fs';
import type { WarningCode } from '../../src/domain/index.ts';

const DIR = process.env.LINE_REFERENCE_DIR ?? '/work/shared/reference';

export type Verdict = 'A' | 'R' | 'nd';

/** Rows of the reference table: `| id | case | LINE | source |`. */
export function readLineCases(): Array<{ id: string; title: string; verdict: Verdict; source: string }> {
  const out: Array<{ id: string; title: string; verdict: Verdict; source: string }> = [];
  for (const line of readFileSync(`${DIR}/line-message-cases.md`, 'utf8').split('\n')) {
    const m = /^\| ([A-Z]\d+) \| (.+?) \| (A|R|nd) \| (.*) \|$/.exec(line.trim());
    if (m) out.push({ id: m[1]!, title: m[2]!, verdict: m[3] as Verdict, source: m[4]! });
  }
  return out;
}

export interface CaseRequest {
  call: 'push' | 'multicast' | 'validate';
  body: Record<string, unknown>;
  /** The X-Line-Retry-Key to send (a fresh UUID when left out; null for none). */
  key?: string | null;
  /** For a refusal: the one `details[].property` LINE's answer names... */
  property?: string;
  /** ...or the top-level `message` LINE answers instead (a pattern). */
  message?: RegExp;
  /** For an nd case: what Linecast makes of it. A warning code (validator warns, strict emulator refuses), 'strict' (request detail refused in strict mode only), or nothing (accepted even in strict mode). */
  policy?: WarningCode | 'strict';
}

const USER = 'U' + '0123456789abcdef'.repeat(2);
const uid = (n: number) => 'U' + n.toString(16).padStart(32, '0');
const apple = '\u{1F34E}'; // 2 UTF-16 units
const family4 = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}'; // 1 grapheme, 11 UTF-16 units
const https = (len: number) => 'https://example.com/' + 'a'.repeat(len - 'https://example.com/'.length);
const link = (len: number) => 'https://example.com/?q=' + 'a'.repeat(len - 'https://example.com/?q='.length);

const text = (t: unknown = 'Hello', extra: object = {}) => ({ type: 'text', text: t, ...extra });
const area = (x: number = 0, y: number = 0, width: number = 520, height: number = 520) => ({ x, y, width, height });
/** The reference's imagemap example shape. */
const imagemap = (extra: object = {}) => ({
  type: 'imagemap',
  baseUrl: 'https://example.com/bot/images/rm001',
  altText: 'This is an imagemap',
  baseSize: { width: 1040, height: 1040 },
  actions: [
    { type: 'uri', linkUri: 'https://example.com/', area: area(0, 0, 520, 1040) },
    { type: 'message', text: 'Hello', area: area(520, 0, 520, 1040) },
  ],
  ...extra,
});
const action = (a: object) => imagemap({ actions: [{ area: area(), ...a }] });
const video = (extra: object = {}) => ({
  originalContentUrl: 'https://example.com/video.mp4',
  previewImageUrl: 'https://example.com/video_preview.jpg',
  area: area(0, 0, 1040, 585),
  ...extra,
});
const withVideo = (v: object) => imagemap({ video: v });
const emojis = (indexes: number[]) => indexes.map((index) => ({ index, productId: '5ac1bfd5040ab15980c9b435', emojiId: '001' }));
const qr = (items: unknown[]) => text('Pick one', { quickReply: { items } });
const qrItem = (a: object, extra: object = {}) => ({ type: 'action', action: a, ...extra });
const qrItems = (n: number) => Array.from({ length: n }, (_, i) => qrItem({ type: 'message', label: `Option ${i}`, text: `Option ${i}` }));

const push = (messages: unknown, more: Partial<CaseRequest> = {}, extraBody: object = {}): CaseRequest => ({
  call: 'push',
  body: { to: USER, messages, ...extraBody },
  ...more,
});
const one = (m: unknown, more: Partial<CaseRequest> = {}) => push([m], more);
const at = (property: string): Partial<CaseRequest> => ({ property });
const multicast = (to: unknown, more: Partial<CaseRequest> = {}, extraBody: object = {}): CaseRequest => ({
  call: 'multicast',
  body: { to, messages: [text()], ...extraBody },
  ...more,
});
const toIndex = (i: number) => ({
  message: new RegExp(`^The property, to\\[${i}\\], in the request body is invalid \\(line: -, column: -\\)$`),
});

export const CASE_REQUESTS: Record<string, CaseRequest> = {
  B1: one(text()),
  B2: push([text(), text(), text(), text(), imagemap()]),
  B3: push(
    Array.from({ length: 6 }, () => text()),
    at('messages'),
  ),
  B4: push([], at('messages')),
  B5: { call: 'push', body: { to: USER }, property: 'messages' },
  B6: push(Array.from({ length: 5 }, () => qr(qrItems(13)))),
  B7: push([text('a'), text(''), text('c')], at('messages[1].text')),
  B8: one({ type: 'carousel', text: 'x' }, at('messages[0].type')),
  B9: one({ type: 'sticker', packageId: '446', stickerId: '1988' }),
  T1: one(text('a'.repeat(5000))),
  T2: one(text('a'.repeat(5001)), at('messages[0].text')),
  T3: one(text(apple.repeat(2500))),
  T4: one(text(apple.repeat(2500) + 'a'), at('messages[0].text')),
  T5: one(text('a'.repeat(4999) + apple), at('messages[0].text')),
  T6: one(text(family4.repeat(454))),
  T7: one(text(family4.repeat(455)), at('messages[0].text')),
  T8: one(text(''), at('messages[0].text')),
  T9: one(text('   '), { policy: 'text_blank' }),
  T10: one(text('\n'), { policy: 'text_blank' }),
  T11: one({ type: 'text' }, at('messages[0].text')),
  T12: one(text(42), at('messages[0].text')),
  T13: one(text('\uD83C')),
  T14: one(text('$'.repeat(20), { emojis: emojis([...Array(20).keys()]) })),
  T15: one(text('$'.repeat(21), { emojis: emojis([...Array(21).keys()]) }), at('messages[0].emojis')),
  T16: one(text('a$', { emojis: emojis([0]) }), at('messages[0].emojis[0].index')),
  T17: one(text(apple + '$', { emojis: emojis([2]) })),
  T18: one(text(apple + '$', { emojis: emojis([1]) }), at('messages[0].emojis[0].index')),
  T19: one(text('$', { emojis: [{ index: 0, emojiId: '001' }] }), { policy: 'emoji_id_missing' }),
  T20: one(text('a'.repeat(4990) + '$'.repeat(10), { emojis: emojis([...Array(10).keys()].map((i) => 4990 + i)) })),
  T21: one(text('Quoting', { quoteToken: 'yHAz4Ua2wx7s6jvEXAMPLE' })),
  T22: one(text('Quoting', { quoteToken: '' }), { policy: 'quote_token_empty' }),
  S1: one(text('Hi', { sender: { name: 'n'.repeat(20) } })),
  S2: one(text('Hi', { sender: { name: 'n'.repeat(21) } }), at('messages[0].sender.name')),
  S3: one(text('Hi', { sender: { name: 'LINE' } }), at('messages[0].sender.name')),
  S4: one(text('Hi', { sender: { name: apple.repeat(11) } }), at('messages[0].sender.name')),
  S5: one(text('Hi', { sender: { iconUrl: https(2000) } })),
  S6: one(text('Hi', { sender: { iconUrl: https(2001) } }), at('messages[0].sender.iconUrl')),
  S7: one(text('Hi', { sender: { iconUrl: 'http://example.com/icon.png' } }), at('messages[0].sender.iconUrl')),
  Q1: one(qr(qrItems(13))),
  Q2: one(qr(qrItems(14)), at('messages[0].quickReply.items')),
  Q3: one(qr([]), { policy: 'quick_reply_empty' }),
  Q4: one(qr([qrItem({ type: 'message', label: 'l'.repeat(21), text: 'x' })]), at('messages[0].quickReply.items[0].action.label')),
  Q5: one(qr([qrItem({ type: 'message', text: 'x' })]), at('messages[0].quickReply.items[0].action.label')),
  Q6: one(qr([qrItem({ type: 'message', label: 'Apples', text: apple.repeat(300) })])),
  Q7: one(qr([qrItem({ type: 'message', label: 'Long', text: 'a'.repeat(301) })]), at('messages[0].quickReply.items[0].action.text')),
  Q8: one(qr([qrItem({ type: 'postback', label: 'Buy', data: 'action=buy', displayText: apple.repeat(300) })])),
  Q9: one(qr([qrItem({ type: 'uri', label: 'Mail', uri: 'mailto:a@example.com' })]), at('messages[0].quickReply.items[0].action.uri')),
  Q10: one(
    qr([qrItem({ type: 'message', label: 'Pic', text: 'x' }, { imageUrl: 'http://example.com/i.png' })]),
    at('messages[0].quickReply.items[0].imageUrl'),
  ),
  I1: one(imagemap()),
  I2: one(imagemap({ baseUrl: 'http://example.com/bot/images/rm001' }), at('messages[0].baseUrl')),
  I3: one(imagemap({ baseUrl: https(2000) })),
  I4: one(imagemap({ baseUrl: https(2001) }), at('messages[0].baseUrl')),
  I5: one(imagemap({ baseUrl: 'https://example.com/bot/images/rm001/700.png' }), { policy: 'imagemap_base_url_extension' }),
  I6: one(imagemap({ baseUrl: 'https://example.com/画像/rm001' }), { policy: 'url_not_percent_encoded' }),
  I7: one(imagemap({ altText: 'a'.repeat(1500) })),
  I8: one(imagemap({ altText: 'a'.repeat(1501) }), at('messages[0].altText')),
  I9: one(imagemap({ altText: apple.repeat(751) }), at('messages[0].altText')),
  I10: one(imagemap({ altText: '' }), { policy: 'imagemap_alt_text_empty' }),
  I11: one(imagemap({ baseSize: { width: 700, height: 1040 } }), at('messages[0].baseSize.width')),
  I12: one(imagemap({ baseSize: { width: 1040, height: 2080 } })),
  I13: one(
    imagemap({
      baseSize: { width: 1040, height: 0 },
      actions: [{ type: 'uri', linkUri: 'https://example.com/', area: area(0, 0, 1040, 0) }],
    }),
    { policy: 'imagemap_zero_size' },
  ),
  I14: one(
    imagemap({
      actions: Array.from({ length: 50 }, (_, i) => ({ type: 'uri', linkUri: 'https://example.com/', area: area(0, i * 20, 1040, 20) })),
    }),
  ),
  I15: one(
    imagemap({
      actions: Array.from({ length: 51 }, (_, i) => ({ type: 'uri', linkUri: 'https://example.com/', area: area(0, i * 20, 1040, 20) })),
    }),
    at('messages[0].actions'),
  ),
  I16: one(imagemap({ actions: [] }), { policy: 'imagemap_no_actions' }),
  I17: one(action({ type: 'uri', linkUri: 'http://example.com/' })),
  I18: one(action({ type: 'uri', linkUri: 'line://nv/chat' })),
  I19: one(action({ type: 'uri', linkUri: 'tel:+81312345678' })),
  I20: one(action({ type: 'uri', linkUri: 'mailto:a@example.com' }), at('messages[0].actions[0].linkUri')),
  I21: one(action({ type: 'uri', linkUri: 'ftp://example.com/f' }), at('messages[0].actions[0].linkUri')),
  I22: one(action({ type: 'uri', linkUri: 'javascript:alert(1)' }), at('messages[0].actions[0].linkUri')),
  I23: one(action({ type: 'uri', linkUri: link(1000) })),
  I24: one(action({ type: 'uri', linkUri: link(1001) }), at('messages[0].actions[0].linkUri')),
  I25: one(action({ type: 'uri', linkUri: 'https://example.com/a b' }), { policy: 'url_not_percent_encoded' }),
  I26: one(action({ type: 'uri', linkUri: 'https://example.com/', label: 'l'.repeat(100) })),
  I27: one(action({ type: 'uri', linkUri: 'https://example.com/', label: 'l'.repeat(101) }), at('messages[0].actions[0].label')),
  I28: one(action({ type: 'message', text: 'm'.repeat(400) })),
  I29: one(action({ type: 'message', text: 'm'.repeat(401) }), at('messages[0].actions[0].text')),
  I30: one(action({ type: 'message', text: apple.repeat(400) }), { policy: 'imagemap_text_utf16_over' }),
  I31: one(action({ type: 'clipboard', clipboardText: 'c'.repeat(1000) })),
  I32: one(action({ type: 'clipboard', clipboardText: 'c'.repeat(1001) }), at('messages[0].actions[0].clipboardText')),
  I33: one(action({ type: 'uri', linkUri: 'https://example.com/', area: area(-1, 0) }), at('messages[0].actions[0].area.x')),
  I34: one(action({ type: 'uri', linkUri: 'https://example.com/', area: area(600, 0, 520, 100) }), {
    policy: 'imagemap_area_outside_image',
  }),
  I35: one(action({ type: 'uri', linkUri: 'https://example.com/', area: area(0, 1040, 100, 10) }), {
    policy: 'imagemap_area_outside_image',
  }),
  I36: one(action({ type: 'uri', linkUri: 'https://example.com/', area: area(0, 0, 0, 100) }), { policy: 'imagemap_zero_size' }),
  I37: one(action({ type: 'uri', linkUri: 'https://example.com/', area: area(10.5, 0) }), at('messages[0].actions[0].area.x')),
  I38: one(action({ type: 'postback', data: 'a=1' }), at('messages[0].actions[0].type')),
  V1: one(withVideo(video({ externalLink: { linkUri: 'https://example.com/see_more.html', label: 'See More' } }))),
  V2: one(
    withVideo({ originalContentUrl: 'https://example.com/video.mp4', area: area(0, 0, 1040, 585) }),
    at('messages[0].video.previewImageUrl'),
  ),
  V3: one(withVideo(video({ originalContentUrl: 'http://example.com/video.mp4' })), at('messages[0].video.originalContentUrl')),
  V4: one(withVideo(video({ externalLink: { linkUri: 'https://example.com/', label: 'l'.repeat(30) } }))),
  V5: one(
    withVideo(video({ externalLink: { linkUri: 'https://example.com/', label: 'l'.repeat(31) } })),
    at('messages[0].video.externalLink.label'),
  ),
  V6: one(withVideo(video({ externalLink: { linkUri: 'https://example.com/' } })), at('messages[0].video.externalLink.label')),
  V7: one(withVideo(video({ area: area(100, 0, 1040, 585) })), { policy: 'imagemap_area_outside_image' }),
  M1: multicast(Array.from({ length: 500 }, (_, i) => uid(i + 1))),
  M2: multicast(
    Array.from({ length: 501 }, (_, i) => uid(i + 1)),
    at('to'),
  ),
  M3: multicast([], at('to')),
  M4: multicast(['C' + 'a'.repeat(32)], toIndex(0)),
  M5: multicast([uid(1), 'U123'], toIndex(1)),
  M6: multicast(['U' + 'ABCDEF0123456789'.repeat(2)], { policy: 'strict' }),
  M7: multicast([uid(7), uid(7)]),
  P1: push([text()], {}, { to: 'C' + 'b'.repeat(32) }),
  P2: push([text()], { message: /^The property, '?to'?, in the request body is invalid/ }, { to: 'Uabc' }),
  P3: { call: 'push', body: { messages: [text()] }, property: 'to' },
  N1: push([text()], {}, { notificationDisabled: true }),
  N2: push([text()], { policy: 'strict' }, { notificationDisabled: 'true' }),
  C1: push([text()], {}, { customAggregationUnits: ['promo_2026'] }),
  C2: push([text()], at('customAggregationUnits'), { customAggregationUnits: ['a', 'b'] }),
  C3: push([text()], at('customAggregationUnits[0]'), { customAggregationUnits: ['promo-2026'] }),
  C4: push([text()], {}, { customAggregationUnits: ['u'.repeat(30)] }),
  C5: push([text()], at('customAggregationUnits[0]'), { customAggregationUnits: ['u'.repeat(31)] }),
  C6: push([text()], at('customAggregationUnits[0]'), { customAggregationUnits: [''] }),
  C7: multicast([uid(70)], {}, { customAggregationUnits: ['Promo_A'] }),
  H1: push([text()], { key: 'abc', policy: 'strict' }),
  H2: { call: 'validate', body: { messages: [text()] }, key: '123e4567-e89b-12d3-a456-426614174000', message: /./ },
};
