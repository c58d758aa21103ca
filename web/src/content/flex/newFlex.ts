import { buildContents, emptyCard } from './cards.ts';

/** A new Flex message: one empty card (a carousel of one bubble, see cards.ts), altText empty. */
export function newFlex(): Record<string, unknown> {
  return { type: 'flex', altText: '', contents: buildContents([emptyCard()]) };
}
