export { LIMITS, LINK_SCHEMES, SUPPORTED_TYPES, LINE_MESSAGE_TYPES } from './limits.ts';
export {
  TextMessageSchema,
  ImagemapMessageSchema,
  ImagemapActionSchema,
  ImageMessageSchema,
  VideoMessageSchema,
  StickerMessageSchema,
  FlexMessageSchema,
  QuickReplySchema,
  SenderSchema,
  LineMessageSchema,
  LineMessagesSchema,
  RenderedLineMessageSchema,
  type TextMessage,
  type ImagemapMessage,
  type ImagemapAction,
  type ImageMessage,
  type VideoMessage,
  type StickerMessage,
  type FlexMessage,
  type QuickReply,
  type Sender,
  type LineMessage,
} from './schemas.ts';
export {
  validateMessages,
  validateMessage,
  checkBodySize,
  jsonBodyBytes,
  formatPath,
  type RuleError,
  type ValidateOptions,
} from './validate.ts';
export { messageWarnings, type RuleWarning, type WarningCode, type PolicyOptions } from './policy.ts';
export { validateRenderedMessages, INVALID_RENDERED_MESSAGE } from './rendered.ts';
export { graphemeLength, hasLiquid, startsWithLiquid, utf8Length, hasLineWord } from './strings.ts';
export { BOT_STICKER_PACKAGES, botStickers, isBotSticker, type StickerPackage } from './stickers.ts';
export { bubblesOf, componentsOf, flexActions, flexTemplatePaths, flexLinkPaths } from './flex-walk.ts';
