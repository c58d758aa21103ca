/**
 * The card model and the Flex JSON reading, without React: cards build a carousel LINE's rules accept, read back
 * exactly (whatever order a database stored the keys in), and anything the cards cannot show is left to JSON.
 */
import { describe, expect, it } from 'vitest';
import { validateMessages } from '../../src/domain/index.ts';
import { buildContents, canonical, cardsOf, emptyCard, MAX_CARDS, withCards, type Card } from '../src/content/flex/cards.ts';
import { lineOfPath, messageFrom, parseJson } from '../src/content/flex/flexJson.ts';
import { newFlex } from '../src/content/flex/newFlex.ts';

import { restaurant, shopping } from './flex-fixtures.ts';

const fixture = (name: 'restaurant.json' | 'shopping.json') => (name === 'restaurant.json' ? restaurant() : shopping());

const card = (n: number, extra: Partial<Card> = {}): Card => ({
  imageUrl: `https://cdn.example.com/{{ profile.segment | default: "a" }}/${n}.jpg`,
  title: `Coat {{ profile.first_name | default: "" }} ${n}`,
  text: 'Warm wool, three colours',
  price: '¥12,000',
  buttons: [
    { label: 'Buy', kind: 'uri', value: `https://shop.example.com/coats/${n}?ref={{ campaign.id }}` },
    { label: 'Ask', kind: 'message', value: 'Tell me about the coat' },
  ],
  ...extra,
});

/** What a PostgreSQL jsonb column gives back: the same value, keys reordered. */
function reorderKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reorderKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .reverse()
        .map(([k, x]) => [k, reorderKeys(x)]),
    );
  return v;
}

describe('card model', () => {
  it('builds a carousel that passes the domain rules, Liquid included, for 1 to 12 cards', () => {
    for (const n of [1, 2, MAX_CARDS]) {
      const cards = Array.from({ length: n }, (_, i) => card(i));
      const m = withCards({ type: 'flex', altText: 'Coats' }, cards);
      expect(validateMessages([m])).toEqual([]);
      const c = m.contents as { type: string; contents: unknown[] };
      expect(c.type).toBe('carousel');
      expect(c.contents).toHaveLength(n);
    }
  });

  it('a new Flex message is one empty card, valid, and opens in the card editor', () => {
    const m = newFlex();
    expect(m.altText).toBe('');
    expect(validateMessages([m])).toEqual([]);
    expect(cardsOf(m)).toEqual([emptyCard()]);
  });

  it('never builds more than 12 cards', () => {
    const m = withCards(
      { type: 'flex', altText: 'x' },
      Array.from({ length: MAX_CARDS + 1 }, (_, i) => card(i)),
    );
    expect((m.contents as { contents: unknown[] }).contents).toHaveLength(MAX_CARDS);
  });

  it('reads back the cards it made, with empty fields left out and keys in any order', () => {
    const cards = [card(1), card(2, { title: '', imageUrl: '', buttons: [] }), card(3, { text: '', price: '' })];
    const m = withCards({ type: 'flex', altText: 'Coats', quickReply: { items: [] } }, cards);
    expect(cardsOf(m)).toEqual(cards);
    expect(cardsOf(reorderKeys(m) as Record<string, unknown>)).toEqual(cards);
    // the other message properties are kept
    expect(m.quickReply).toEqual({ items: [] });
  });

  it('leaves to JSON what the cards cannot show: a bubble, an extra property, a changed style, a 5th button', () => {
    const made = withCards({ type: 'flex', altText: 'x' }, [card(1)]);
    const bubble = (made.contents as { contents: Record<string, unknown>[] }).contents[0]!;
    const variants: unknown[] = [
      bubble,
      { type: 'carousel', contents: [{ ...bubble, size: 'kilo' }] },
      { type: 'carousel', contents: [{ ...bubble, hero: { ...(bubble.hero as object), aspectRatio: '1:1' } }] },
      { type: 'carousel', contents: [] },
      buildContents([
        card(1, { buttons: Array.from({ length: 5 }, () => ({ label: 'b', kind: 'uri' as const, value: 'https://e.example' })) }),
      ]),
      fixture('shopping.json'),
      fixture('restaurant.json'),
    ];
    for (const contents of variants) expect(cardsOf({ type: 'flex', altText: 'x', contents })).toBeNull();
  });

  it('canonical JSON ignores key order only', () => {
    expect(canonical({ a: 1, b: [{ c: 2, d: 3 }] })).toBe(canonical({ b: [{ d: 3, c: 2 }], a: 1 }));
    expect(canonical({ a: 1 })).not.toBe(canonical({ a: 2 }));
    expect(canonical([1, 2])).not.toBe(canonical([2, 1]));
  });
});

describe('Flex JSON reading', () => {
  it('gives the line and column of a syntax error', () => {
    const p = parseJson('{\n  "type": "bubble",\n  "body": {\n    "type": "box" "layout": "vertical"\n  }\n}');
    expect(p.ok).toBe(false);
    if (!p.ok) {
      expect(p.code).toBe('CommaExpected');
      expect(p.at).toEqual({ line: 4, column: 19 });
    }
    const trailing = parseJson('{"type": "bubble",}');
    expect(trailing.ok).toBe(false);
    const comment = parseJson('// a\n{"type": "bubble"}');
    expect(comment.ok).toBe(false);
    expect(parseJson('  ')).toMatchObject({ ok: false, code: 'Empty' });
  });

  it('takes a bubble, a carousel or a whole message, keeping the altText', () => {
    const current = { type: 'flex', altText: 'Kept', contents: { type: 'carousel', contents: [] }, sender: { name: 'Shop' } };
    const bubble = fixture('restaurant.json');
    expect(messageFrom(bubble, current)).toEqual({ ...current, contents: bubble });
    const carousel = fixture('shopping.json');
    expect(messageFrom(carousel, current)).toEqual({ ...current, contents: carousel });
    expect(messageFrom({ type: 'flex', altText: 'New', contents: bubble }, current)).toEqual({
      type: 'flex',
      altText: 'New',
      contents: bubble,
    });
    expect(messageFrom({ type: 'flex', contents: bubble }, current)).toEqual({ type: 'flex', altText: 'Kept', contents: bubble });
    expect(messageFrom({ type: 'text', text: 'hi' }, current)).toBeNull();
    expect(messageFrom([bubble], current)).toBeNull();
  });

  it('finds the line of an issue path, or of its nearest ancestor when the value is missing', () => {
    const text = JSON.stringify(fixture('restaurant.json'), null, 2);
    const lines = text.split('\n');
    const p = parseJson(text);
    const at = lineOfPath(text, p, '.contents.body.contents[0].size')!;
    expect(lines[at - 1]).toContain('"size": "xl"');
    // a missing property points at the object that lacks it
    const missing = lineOfPath(text, p, '.contents.footer.contents[0].action.data')!;
    expect(lines[missing - 1]).toContain('"action"');
    // the same path in a whole message
    const whole = JSON.stringify({ type: 'flex', altText: 'x', contents: fixture('restaurant.json') }, null, 2);
    const w = lineOfPath(whole, parseJson(whole), '.contents.body.contents[0].size')!;
    expect(whole.split('\n')[w - 1]).toContain('"size": "xl"');
    // altText is not in a pasted container
    expect(lineOfPath(text, p, '.altText')).toBeNull();
  });
});
