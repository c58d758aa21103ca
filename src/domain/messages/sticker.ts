/**
 * Sticker message (`type: "sticker"`), LINE's documented rules: reference #sticker-message, OpenAPI StickerMessage
 * (packageId and stickerId required strings, optional quoteToken), and the sticker list for bots (stickers.ts):
 * "you can only send the stickers in the list".
 */
import { z } from 'zod';
import { type SchemaOptions } from './fields.ts';
import { commonShape } from './common.ts';
import { isBotSticker, isBotStickerPackage } from './stickers.ts';

export function stickerMessageSchema(o: SchemaOptions) {
  return z
    .object({
      type: z.literal('sticker'),
      packageId: z.string().min(1, 'May not be empty'),
      stickerId: z.string().min(1, 'May not be empty'),
      quoteToken: z.string().optional(),
      ...commonShape(o),
    })
    .superRefine((m, ctx) => {
      if (!isBotStickerPackage(m.packageId))
        ctx.addIssue({ code: 'custom', path: ['packageId'], message: 'Must be a sticker package a bot may send (LINE sticker list)' });
      else if (!isBotSticker(m.packageId, m.stickerId))
        ctx.addIssue({ code: 'custom', path: ['stickerId'], message: `Must be a sticker of package ${m.packageId} that a bot may send (LINE sticker list)` });
    });
}
