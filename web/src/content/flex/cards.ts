/**
 * Card-based messages (like LINE Official Account Manager's): a list of cards, each an image, a title, a text, a
 * price or label and up to four buttons, built into a Flex carousel. Always a carousel, even for one card, so a
 * message keeps its shape while cards come and go and the click report counts "bubble 1" the same way.
 *
 * The round trip is exact: `cardsOf` reads a message back only when `buildContents(cardsOf(m))` gives the very same
 * container (keys in any order, since a PostgreSQL jsonb column reorders them). Anything else (a bubble, an extra
 * property, a component the cards do not make) opens in the JSON editor, so the card editor never drops data.
 */
import { LIMITS } from '../../../../src/domain/messages/limits.ts';

export const MAX_CARDS = LIMITS.flexCarouselBubblesMax;
export const MAX_BUTTONS = 4;

export const BUTTON_KINDS = ['uri', 'message'] as const;
export type ButtonKind = (typeof BUTTON_KINDS)[number];
export interface CardButton {
  label: string;
  kind: ButtonKind;
  /** The link (uri) or the text the user sends (message). */
  value: string;
}
export interface Card {
  imageUrl: string;
  title: string;
  text: string;
  /** A price ("¥1,200") or any short label ("New", "20% off"). */
  price: string;
  buttons: CardButton[];
}

type Json = Record<string, unknown>;

export function emptyCard(): Card {
  return { imageUrl: '', title: '', text: '', price: '', buttons: [] };
}

/** The text components of a card's body, in order: how each field looks. */
const ROLES = {
  title: { size: 'lg', weight: 'bold', wrap: true },
  text: { size: 'sm', color: '#666666', wrap: true },
  price: { size: 'xl', weight: 'bold', color: '#111111', margin: 'md' },
} as const;
const ROLE_ORDER = ['title', 'text', 'price'] as const;
type Role = (typeof ROLE_ORDER)[number];

const HERO = { type: 'image', size: 'full', aspectRatio: '20:13', aspectMode: 'cover' } as const;

function buttonOf(b: CardButton): Json {
  const action = b.kind === 'uri' ? { type: 'uri', label: b.label, uri: b.value } : { type: 'message', label: b.label, text: b.value };
  return { type: 'button', style: 'link', height: 'sm', action };
}

/** The fields a card holds (empty ones are left out: LINE refuses an empty text component). */
export function rolesOf(card: Card): Role[] {
  return ROLE_ORDER.filter((r) => card[r] !== '');
}

export function bubbleOf(card: Card): Json {
  const bubble: Json = { type: 'bubble' };
  if (card.imageUrl !== '') bubble.hero = { ...HERO, url: card.imageUrl };
  bubble.body = {
    type: 'box',
    layout: 'vertical',
    spacing: 'sm',
    contents: rolesOf(card).map((r) => ({ type: 'text', text: card[r], ...ROLES[r] })),
  };
  if (card.buttons.length > 0) bubble.footer = { type: 'box', layout: 'vertical', spacing: 'sm', contents: card.buttons.map(buttonOf) };
  return bubble;
}

/** The Flex container of a list of cards: a carousel, whatever the count. */
export function buildContents(cards: Card[]): Json {
  return { type: 'carousel', contents: cards.map(bubbleOf) };
}

const isObj = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : null);

/** JSON with object keys sorted: equal for equal values whatever order the keys were stored in. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObj(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}

/** A best guess at the card a bubble was made from; `cardsOf` checks the guess rebuilds the bubble exactly. */
function guessCard(b: Json): Card {
  const card = emptyCard();
  if (isObj(b.hero)) card.imageUrl = str(b.hero.url) ?? '';
  const texts = isObj(b.body) && Array.isArray(b.body.contents) ? b.body.contents : [];
  let next = 0;
  for (const t of texts) {
    if (!isObj(t)) continue;
    // each text takes the first role still free whose look it has
    const role = ROLE_ORDER.slice(next).find((r) => Object.entries(ROLES[r]).every(([k, v]) => t[k] === v));
    if (!role) continue;
    card[role] = str(t.text) ?? '';
    next = ROLE_ORDER.indexOf(role) + 1;
  }
  const buttons = isObj(b.footer) && Array.isArray(b.footer.contents) ? b.footer.contents : [];
  for (const x of buttons) {
    const a = isObj(x) && isObj(x.action) ? x.action : {};
    const kind: ButtonKind = a.type === 'message' ? a.type : BUTTON_KINDS[0];
    card.buttons.push({ label: str(a.label) ?? '', kind, value: str(kind === 'uri' ? a.uri : a.text) ?? '' });
  }
  return card;
}

/** The cards a Flex message was built from, or null when the card editor cannot show it without loss. */
export function cardsOf(message: Json): Card[] | null {
  const c = message.contents;
  if (!isObj(c) || c.type !== 'carousel' || !Array.isArray(c.contents)) return null;
  if (c.contents.length === 0 || c.contents.length > MAX_CARDS || !c.contents.every(isObj)) return null;
  const cards = c.contents.map(guessCard);
  if (cards.some((k) => k.buttons.length > MAX_BUTTONS)) return null;
  return canonical(buildContents(cards)) === canonical(c) ? cards : null;
}

/** The message with its container rebuilt from `cards`; altText and every other message property kept. */
export function withCards(message: Json, cards: Card[]): Json {
  return { ...message, type: 'flex', contents: buildContents(cards.slice(0, MAX_CARDS)) };
}

/**
 * Where each field of card `k` sits in the message (paths like the validator's, after `content.messages[i]`), so
 * an issue found at a Flex path is shown at the field the marketer typed.
 */
export function cardFieldPaths(card: Card, k: number) {
  // eslint-disable-next-line i18next/no-literal-string -- field path, not words
  const bubble = `.contents.contents[${k}]`;
  const roles = rolesOf(card);
  // eslint-disable-next-line i18next/no-literal-string -- field path, not words
  const role = (r: Role) => (roles.includes(r) ? `${bubble}.body.contents[${roles.indexOf(r)}]` : null);
  return {
    bubble,
    imageUrl: `${bubble}.hero`,
    title: role('title'),
    text: role('text'),
    price: role('price'),
    button: (b: number) => `${bubble}.footer.contents[${b}]`,
  };
}
