/**
 * Compile-time proof that our schema-inferred types are valid `@line/bot-sdk` 11 message models, so the SDK
 * stays the reference and our types cannot drift into a second, incompatible copy. Type-only: erased at
 * runtime, so the browser bundle never loads the SDK.
 */
import type { messagingApi } from '@line/bot-sdk';
import type {
  FlexMessage,
  ImageMessage,
  ImagemapAction,
  ImagemapMessage,
  LineMessage,
  QuickReply,
  Sender,
  StickerMessage,
  TextMessage,
  VideoMessage,
} from './schemas.ts';

type Assignable<T extends U, U> = T;

export type SdkCompat = [
  Assignable<TextMessage, messagingApi.TextMessage>,
  Assignable<ImagemapMessage, messagingApi.ImagemapMessage>,
  Assignable<ImagemapAction, messagingApi.ImagemapAction>,
  Assignable<ImageMessage, messagingApi.ImageMessage>,
  Assignable<VideoMessage, messagingApi.VideoMessage>,
  Assignable<StickerMessage, messagingApi.StickerMessage>,
  Assignable<FlexMessage, messagingApi.FlexMessage>,
  Assignable<QuickReply, messagingApi.QuickReply>,
  Assignable<Sender, messagingApi.Sender>,
  Assignable<LineMessage, messagingApi.Message>,
];
