export { LIMITS, LINK_SCHEMES, SUPPORTED_TYPES, LINE_MESSAGE_TYPES } from './limits.ts';
export {
  TextMessageSchema,
  ImagemapMessageSchema,
  ImagemapActionSchema,
  QuickReplySchema,
  SenderSchema,
  LineMessageSchema,
  LineMessagesSchema,
  RenderedLineMessageSchema,
  type TextMessage,
  type ImagemapMessage,
  type ImagemapAction,
  type QuickReply,
  type Sender,
  type LineMessage,
} from './schemas.ts';
export { validateMessages, validateMessage, checkBodySize, jsonBodyBytes, formatPath, type RuleError, type ValidateOptions } from './validate.ts';
export { messageWarnings, type RuleWarning, type WarningCode, type PolicyOptions } from './policy.ts';
export { validateRenderedMessages, INVALID_RENDERED_MESSAGE } from './rendered.ts';
export { graphemeLength, hasLiquid, startsWithLiquid, utf8Length, hasLineWord } from './strings.ts';
