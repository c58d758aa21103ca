/** Text message (`type: "text"`), LINE reference #text-message. */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { MSG, int, sizeBetween, text, type SchemaOptions } from './fields.ts';
import { check } from '../issues.ts';
import { commonShape } from './common.ts';

const emojiSchema = z.object({
  index: int(0),
  productId: z.string().min(1, MSG.empty),
  emojiId: z.string().min(1, MSG.empty),
});

export function textMessageSchema(o: SchemaOptions) {
  return z
    .object({
      type: z.literal('text'),
      // Liquid is measured as written: the rendered text may be longer, LINE re-checks it at send time.
      text: text(LIMITS.textMax, 1),
      emojis: sizeBetween(z.array(emojiSchema), 0, LIMITS.emojisMax).optional(),
      quoteToken: z.string().min(1, MSG.empty).optional(),
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
          if (body[index] !== '$')
            ctx.addIssue({ code: 'custom', path: ['emojis', i, 'index'], ...check('emoji_index', { index }) });
          else if (seen.has(index)) ctx.addIssue({ code: 'custom', path: ['emojis', i, 'index'], ...check('emoji_index_twice') });
          seen.add(index);
        });
      },
      { when: () => true },
    );
}
