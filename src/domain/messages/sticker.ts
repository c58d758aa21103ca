/**
 * Sticker message (`type: "sticker"`), LINE's documented rules: reference #sticker-message, OpenAPI StickerMessage
 * (packageId and stickerId required strings, optional quoteToken), and the sticker list for bots (stickers.ts):
 * "you can only send the stickers in the list".
 */
import { z } from 'zod';
import { MSG, type SchemaOptions } from './fields.ts';
import { commonShape } from './common.ts';
import { isBotSticker, isBotStickerPackage } from './stickers.ts';
import { check } from '../issues.ts';

export function stickerMessageSchema(o: SchemaOptions) {
  return z
    .object({
      type: z.literal('sticker'),
      packageId: z.string().min(1, MSG.empty),
      stickerId: z.string().min(1, MSG.empty),
      quoteToken: z.string().optional(),
      ...commonShape(o),
    })
    .superRefine((m, ctx) => {
      // an empty ID is already "May not be empty"
      if (m.packageId !== '' && !isBotStickerPackage(m.packageId))
        ctx.addIssue({ code: 'custom', path: ['packageId'], ...check('sticker_package') });
      else if (m.packageId !== '' && m.stickerId !== '' && !isBotSticker(m.packageId, m.stickerId))
        ctx.addIssue({ code: 'custom', path: ['stickerId'], ...check('sticker_id', { packageId: m.packageId }) });
    });
}
