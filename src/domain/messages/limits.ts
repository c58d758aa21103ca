/**
 * LINE's message limits, in one place so the validator, the UI (counters beside inputs) and docs agree.
 * Sources: LINE Messaging API reference (developers.line.biz/en/reference/messaging-api/) and the
 * official OpenAPI (line/line-openapi messaging-api.yml); see docs/message-rules.md for the anchors.
 */
export const LIMITS = {
  messagesMin: 1,
  messagesMax: 5,
  /** UTF-16 code units (JS string length), per LINE's "character counting" guide. */
  textMax: 5000,
  emojisMax: 20,
  quickReplyItemsMax: 13,
  quickReplyLabelMax: 20,
  senderNameMax: 20,
  urlMax: 2000,
  altTextMax: 1500,
  imagemapBaseWidth: 1040,
  imagemapActionsMin: 1,
  imagemapActionsMax: 50,
  linkUriMax: 1000,
  /**
   * Imagemap message action text. The character-counting guide's grapheme list names the message action, not
   * the imagemap one, so LINE's counting here is undocumented: the rule counts graphemes (never refusing what
   * LINE might accept) and policy.ts warns when the UTF-16 count is over.
   */
  imagemapMessageTextMax: 400,
  actionLabelMax: 100,
  clipboardTextMax: 1000,
  videoExternalLabelMax: 30,
  /** Generic (quick reply) message / postback action limits (#message-action, #postback-action). */
  messageActionTextMax: 300,
  postbackDataMax: 300,
  postbackDisplayTextMax: 300,
  postbackFillInTextMax: 300,
  /** "2 MB" in LINE's 413 description; we read it as 2 MiB of UTF-8 JSON. */
  bodyMaxBytes: 2 * 1024 * 1024,
  int32Max: 2_147_483_647,
  /** Image and video message URLs (#image-message, #video-message): HTTPS, at most 2,000 characters. */
  mediaUrlMax: 2000,
  /** Video message trackingId (#video-message): at most 100 characters of a documented set. */
  videoTrackingIdMax: 100,
  /** Flex message altText (#flex-message). */
  flexAltTextMax: 1500,
  /** Bubbles in a carousel (#f-carousel). */
  flexCarouselBubblesMax: 12,
  /** JSON size of one bubble / one carousel (#bubble, #f-carousel): "30 KB" and "50 KB", read as KiB like bodyMaxBytes. */
  flexBubbleMaxBytes: 30 * 1024,
  flexCarouselMaxBytes: 50 * 1024,
  /** Images with `animated: true` in one message (#f-image). */
  flexAnimatedImagesMax: 10,
  /** Action labels in Flex components (label specifications table of #action-objects), counted in graphemes. */
  flexActionLabelMax: 40,
  /** Image component aspectRatio (#f-image): width and height 1 to 100,000, height at most three times the width. */
  flexAspectRatioMax: 100_000,
} as const;

/** Schemes LINE accepts in uri actions and imagemap links. */
export const LINK_SCHEMES = ['http:', 'https:', 'line:', 'tel:'] as const;

/** Message types Linecast composes and fully validates. */
export const SUPPORTED_TYPES = ['text', 'imagemap', 'image', 'video', 'sticker', 'flex'] as const;

/** Every message type LINE knows; the emulator may accept the ones we do not model (see validateMessages). */
export const LINE_MESSAGE_TYPES = [
  'text',
  'textV2',
  'image',
  'video',
  'audio',
  'location',
  'sticker',
  'template',
  'imagemap',
  'flex',
  'coupon',
] as const;
