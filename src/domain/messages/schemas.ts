/**
 * The LINE message schemas (zod), each both the runtime validator and the TypeScript type. Two sets exist:
 * `templates: true` (campaign content, may hold Liquid) is the default; `templates: false` is for rendered
 * messages such as the ones the emulator receives, where a URL must already be a URL.
 */
import { z } from 'zod';
import { LIMITS, SUPPORTED_TYPES } from './limits.ts';
import { MSG, sizeBetween, type SchemaOptions } from './fields.ts';
import { textMessageSchema } from './text.ts';
import { imagemapActionSchema, imagemapMessageSchema } from './imagemap.ts';
import { quickReplySchema, senderSchema } from './common.ts';
import { imageMessageSchema } from './image.ts';
import { videoMessageSchema } from './video.ts';
import { stickerMessageSchema } from './sticker.ts';
import { flexMessageSchema } from './flex.ts';

function build(o: SchemaOptions) {
  const text = textMessageSchema(o);
  const imagemap = imagemapMessageSchema(o);
  const image = imageMessageSchema(o);
  const video = videoMessageSchema(o);
  const sticker = stickerMessageSchema(o);
  const flex = flexMessageSchema(o);
  const message = z.discriminatedUnion('type', [text, imagemap, image, video, sticker, flex], { error: MSG.oneOf(SUPPORTED_TYPES) });
  return {
    text,
    imagemap,
    image,
    video,
    sticker,
    flex,
    /**
     * The schema of each type Linecast composes, by `type`: validateMessage (templates and rendered messages alike)
     * looks a message up here, so a new type is checked everywhere once it is added here and to SUPPORTED_TYPES.
     */
    byType: { text, imagemap, image, video, sticker, flex } as Record<string, z.ZodType>,
    imagemapAction: imagemapActionSchema(o),
    quickReply: quickReplySchema(o),
    sender: senderSchema(o),
    message,
    messages: sizeBetween(z.array(message), LIMITS.messagesMin, LIMITS.messagesMax),
  };
}

export type SchemaSet = ReturnType<typeof build>;

const sets = { templates: build({ templates: true }), rendered: build({ templates: false }) };

export function schemaSet(templates: boolean): SchemaSet {
  return templates ? sets.templates : sets.rendered;
}

export const TextMessageSchema = sets.templates.text;
export const ImagemapMessageSchema = sets.templates.imagemap;
export const ImagemapActionSchema = sets.templates.imagemapAction;
export const ImageMessageSchema = sets.templates.image;
export const VideoMessageSchema = sets.templates.video;
export const StickerMessageSchema = sets.templates.sticker;
export const FlexMessageSchema = sets.templates.flex;
export const QuickReplySchema = sets.templates.quickReply;
export const SenderSchema = sets.templates.sender;
export const LineMessageSchema = sets.templates.message;
export const LineMessagesSchema = sets.templates.messages;
/** The same rules without Liquid leniency: for messages that have been rendered. */
export const RenderedLineMessageSchema = sets.rendered.message;

export type TextMessage = z.infer<typeof TextMessageSchema>;
export type ImagemapMessage = z.infer<typeof ImagemapMessageSchema>;
export type ImagemapAction = z.infer<typeof ImagemapActionSchema>;
export type ImageMessage = z.infer<typeof ImageMessageSchema>;
export type VideoMessage = z.infer<typeof VideoMessageSchema>;
export type StickerMessage = z.infer<typeof StickerMessageSchema>;
export type FlexMessage = z.infer<typeof FlexMessageSchema>;
export type QuickReply = z.infer<typeof QuickReplySchema>;
export type Sender = z.infer<typeof SenderSchema>;
export type LineMessage = z.infer<typeof LineMessageSchema>;
