/**
 * Text message (`type: "text"`), LINE's documented rules: reference #text-message, OpenAPI TextMessage/Emoji,
 * and the character-counting guide (text in UTF-16 units).
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { int, sizeBetween, text, type SchemaOptions } from './fields.ts';
import { check } from '../issues.ts';
import { commonShape } from './common.ts';

// The reference lists productId and emojiId without marking them required (and the OpenAPI requires
// neither), so a missing one is Linecast's warning (policy.ts), not a LINE refusal.
const emojiSchema = z.object({
  index: int(0),
  productId: z.string().optional(),
  emojiId: z.string().optional(),
});

export function textMessageSchema(o: SchemaOptions) {
  return z
    .object({
      type: z.literal('text'),
      // Liquid is measured as written: the rendered text may be longer, LINE re-checks it at send time.
      text: text(LIMITS.textMax, 1),
      emojis: sizeBetween(z.array(emojiSchema), 0, LIMITS.emojisMax).optional(),
      // An empty quote token is not documented either way: policy.ts warns.
      quoteToken: z.string().optional(),
      ...commonShape(o),
    })
    .superRefine(
      (m, ctx) => {
        // Each LINE emoji replaces one "$" of the text; an index that misses a "$" is a 400 at LINE.
        if (!m || typeof m !== 'object') return;
        const raw = m as unknown as { text?: unknown; emojis?: unknown };
        const body = raw.text;
        if (typeof body !== 'string' || !Array.isArray(raw.emojis)) return;
        const seen = new Set<number>();
        raw.emojis.forEach((e: unknown, i) => {
          const index = (e as { index?: unknown } | null)?.index;
          if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) return;
          if (body[index] !== '$') ctx.addIssue({ code: 'custom', path: ['emojis', i, 'index'], ...check('emoji_index', { index }) });
          else if (seen.has(index)) ctx.addIssue({ code: 'custom', path: ['emojis', i, 'index'], ...check('emoji_index_twice') });
          seen.add(index);
        });
      },
      { when: () => true },
    );
}
