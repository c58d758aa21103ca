/** Properties every LINE message may carry: sender and quick reply (with its actions). */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { MSG, graphemes, httpsUrl, linkUri, sizeBetween, text, type SchemaOptions } from './fields.ts';

const QUICK_REPLY_ACTIONS = ['message', 'uri', 'postback', 'datetimepicker', 'camera', 'cameraRoll', 'location', 'clipboard'] as const;

export function senderSchema(o: SchemaOptions) {
  return z.object({
    // LINE also refuses certain words (e.g. "LINE") in the name; it does not publish the list.
    name: text(LIMITS.senderNameMax, 1).optional(),
    iconUrl: httpsUrl(o).optional(),
  });
}

export function quickReplyActionSchema(o: SchemaOptions) {
  const label = graphemes(LIMITS.quickReplyLabelMax, 1);
  const data = text(LIMITS.postbackDataMax, 1);
  return z.discriminatedUnion(
    'type',
    [
      z.object({ type: z.literal('message'), label, text: text(LIMITS.messageActionTextMax, 1) }),
      z.object({ type: z.literal('uri'), label, uri: linkUri(o), altUri: z.object({ desktop: linkUri(o) }).optional() }),
      z.object({
        type: z.literal('postback'),
        label,
        data,
        displayText: text(LIMITS.postbackDataMax, 1).optional(),
        inputOption: z.enum(['closeRichMenu', 'openRichMenu', 'openKeyboard', 'openVoice']).optional(),
        fillInText: text(LIMITS.postbackDataMax).optional(),
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
    items: sizeBetween(
      z.array(
        z.object({
          type: z.literal('action', { error: MSG.oneOf(['action']) }),
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

