/**
 * Properties every LINE message may carry: sender and quick reply (with its actions). LINE's documented rules
 * only (reference #common-properties-for-messages, #icon-nickname-switch, #items-object, #action-objects;
 * OpenAPI Sender, QuickReply). Linecast's stricter advice on the same fields lives in policy.ts.
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { MSG, graphemes, httpsUrl, linkUri, sizeBetween, text, type SchemaOptions } from './fields.ts';
import { hasLineWord } from './strings.ts';
import { check } from '../issues.ts';

const QUICK_REPLY_ACTIONS = ['message', 'uri', 'postback', 'datetimepicker', 'camera', 'cameraRoll', 'location', 'clipboard'] as const;

export function senderSchema(o: SchemaOptions) {
  return z.object({
    // ≤ 20 UTF-16 units (not in the grapheme list of the character-counting guide), and "Certain words such as
    // LINE may not be used": the word LINE as LINE writes it is refused; other spellings only warn (policy.ts).
    name: text(LIMITS.senderNameMax, 1)
      .refine((v) => !hasLineWord(v), check('reserved_word'))
      .optional(),
    iconUrl: httpsUrl(o).optional(),
  });
}

/**
 * Quick-reply actions. The character-counting guide counts every action `label`, the message action's `text`
 * and the postback action's `displayText`, `fillInText` and `text` in grapheme clusters; `data` and
 * `clipboardText` are not on its list, so they count in UTF-16 units like everything else.
 */
export function quickReplyActionSchema(o: SchemaOptions) {
  const label = graphemes(LIMITS.quickReplyLabelMax, 1);
  const data = text(LIMITS.postbackDataMax, 1);
  return z.discriminatedUnion(
    'type',
    [
      z.object({ type: z.literal('message'), label, text: graphemes(LIMITS.messageActionTextMax, 1) }),
      z.object({ type: z.literal('uri'), label, uri: linkUri(o), altUri: z.object({ desktop: linkUri(o) }).optional() }),
      z.object({
        type: z.literal('postback'),
        label,
        data,
        displayText: graphemes(LIMITS.postbackDisplayTextMax, 1).optional(),
        inputOption: z.enum(['closeRichMenu', 'openRichMenu', 'openKeyboard', 'openVoice']).optional(),
        fillInText: graphemes(LIMITS.postbackFillInTextMax).optional(),
      }),
      z.object({
        type: z.literal('datetimepicker'),
        label,
        data,
        mode: z.enum(['date', 'time', 'datetime'], { error: MSG.oneOf(['date', 'time', 'datetime']) }),
        initial: z.string().optional(),
        max: z.string().optional(),
        min: z.string().optional(),
      }),
      z.object({ type: z.literal('camera'), label }),
      z.object({ type: z.literal('cameraRoll'), label }),
      z.object({ type: z.literal('location'), label }),
      z.object({ type: z.literal('clipboard'), label, clipboardText: text(LIMITS.clipboardTextMax, 1) }),
    ],
    { error: MSG.oneOf(QUICK_REPLY_ACTIONS) },
  );
}

export function quickReplySchema(o: SchemaOptions) {
  return z.object({
    // No minimum: LINE documents at most 13 items, not at least one.
    items: sizeBetween(
      z.array(
        z.object({
          type: z.literal('action', { error: MSG.equals('action') }),
          imageUrl: httpsUrl(o).optional(),
          action: quickReplyActionSchema(o),
        }),
      ),
      0,
      LIMITS.quickReplyItemsMax,
    ),
  });
}

/** The shape shared by all message types; also what we check for LINE types we do not model. */
export function commonShape(o: SchemaOptions) {
  return {
    quickReply: quickReplySchema(o).optional(),
    sender: senderSchema(o).optional(),
  };
}
