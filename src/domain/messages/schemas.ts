/**
 * The LINE message schemas (zod), each both the runtime validator and the TypeScript type. Two sets exist:
 * `templates: true` (campaign content, may hold Liquid) is the default; `templates: false` is for rendered
 * messages such as the ones the emulator receives, where a URL must already be a URL.
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { MSG, sizeBetween, type SchemaOptions } from './fields.ts';
import { textMessageSchema } from './text.ts';
import { imagemapActionSchema, imagemapMessageSchema } from './imagemap.ts';
import { quickReplySchema, senderSchema } from './common.ts';

function build(o: SchemaOptions) {
  const text = textMessageSchema(o);
  const imagemap = imagemapMessageSchema(o);
  const message = z.discriminatedUnion('type', [text, imagemap], { error: MSG.oneOf(['text', 'imagemap']) });
  return {
    text,
    imagemap,
    /**
     * The schema of each type Linecast composes, by `type`: validateMessage (templates and rendered messages alike)
     * looks a message up here, so a new type is checked everywhere once it is added here and to SUPPORTED_TYPES.
     */
    byType: { text, imagemap } as Record<string, z.ZodType>,
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
export const QuickReplySchema = sets.templates.quickReply;
export const SenderSchema = sets.templates.sender;
export const LineMessageSchema = sets.templates.message;
export const LineMessagesSchema = sets.templates.messages;
/** The same rules without Liquid leniency: for messages that have been rendered. */
export const RenderedLineMessageSchema = sets.rendered.message;

export type TextMessage = z.infer<typeof TextMessageSchema>;
export type ImagemapMessage = z.infer<typeof ImagemapMessageSchema>;
export type ImagemapAction = z.infer<typeof ImagemapActionSchema>;
export type QuickReply = z.infer<typeof QuickReplySchema>;
export type Sender = z.infer<typeof SenderSchema>;
export type LineMessage = z.infer<typeof LineMessageSchema>;
