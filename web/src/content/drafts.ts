import type { MessageDraft } from '../api/types.ts';
import { LIMITS, type SUPPORTED_TYPES } from '../../../src/domain/messages/limits.ts';

// LINE's limits from their one home in the domain, not copied here
export const MAX_MESSAGES = LIMITS.messagesMax;
export const IMAGEMAP_WIDTH = LIMITS.imagemapBaseWidth;

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}
export type ImagemapAction =
  { type: 'uri'; linkUri: string; area: Area; label?: string } | { type: 'message'; text: string; area: Area; label?: string };
export interface TextDraft {
  type: 'text';
  text: string;
}
export interface ImagemapDraft {
  type: 'imagemap';
  baseUrl: string;
  altText: string;
  baseSize: { width: number; height: number };
  actions: ImagemapAction[];
}

export interface ImageDraft {
  type: 'image';
  originalContentUrl: string;
  previewImageUrl: string;
}
export interface VideoDraft {
  type: 'video';
  originalContentUrl: string;
  previewImageUrl: string;
  /** Optional; left out (not '') when empty, since LINE refuses an empty one. */
  trackingId?: string;
}
export interface StickerDraft {
  type: 'sticker';
  packageId: string;
  stickerId: string;
}
/** The message types the composer offers (the domain's own list). */
export type MessageType = (typeof SUPPORTED_TYPES)[number];

/** A draft with a stable key for React and drag and drop (the key never reaches the API). */
export interface Keyed {
  key: string;
  message: MessageDraft;
}

let seq = 0;
export const keyed = (message: MessageDraft): Keyed => ({ key: `m${++seq}`, message });

export function newText(): TextDraft {
  return { type: 'text', text: '' };
}

export function newImagemap(): ImagemapDraft {
  return { type: 'imagemap', baseUrl: '', altText: '', baseSize: { width: IMAGEMAP_WIDTH, height: IMAGEMAP_WIDTH }, actions: [] };
}

export function newImage(): ImageDraft {
  return { type: 'image', originalContentUrl: '', previewImageUrl: '' };
}

export function newVideo(): VideoDraft {
  return { type: 'video', originalContentUrl: '', previewImageUrl: '' };
}

export function newSticker(): StickerDraft {
  return { type: 'sticker', packageId: '', stickerId: '' };
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function asText(m: MessageDraft): TextDraft {
  return { type: 'text', text: typeof m.text === 'string' ? m.text : '' };
}

export function asImagemap(m: MessageDraft): ImagemapDraft {
  const base = (m.baseSize ?? {}) as { width?: number; height?: number };
  return {
    ...(m as object),
    type: 'imagemap',
    baseUrl: typeof m.baseUrl === 'string' ? m.baseUrl : '',
    altText: typeof m.altText === 'string' ? m.altText : '',
    baseSize: { width: base.width ?? IMAGEMAP_WIDTH, height: base.height ?? IMAGEMAP_WIDTH },
    actions: Array.isArray(m.actions) ? (m.actions as ImagemapAction[]) : [],
  };
}

// Fields a type editor does not show (quickReply, sender, …) are kept as they are, like asImagemap does.
export function asImage(m: MessageDraft): ImageDraft {
  return { ...(m as object), type: 'image', originalContentUrl: str(m.originalContentUrl), previewImageUrl: str(m.previewImageUrl) };
}

export function asVideo(m: MessageDraft): VideoDraft {
  return { ...(m as object), type: 'video', originalContentUrl: str(m.originalContentUrl), previewImageUrl: str(m.previewImageUrl) };
}

export function asSticker(m: MessageDraft): StickerDraft {
  return { ...(m as object), type: 'sticker', packageId: str(m.packageId), stickerId: str(m.stickerId) };
}

/** A video draft with its tracking ID set, or left out when cleared. */
export function withTrackingId(v: VideoDraft, id: string): VideoDraft {
  const { trackingId: _old, ...rest } = v;
  return id === '' ? rest : { ...rest, trackingId: id };
}

/** The same message, whatever the order of its keys (the database may store them in another order than typed). */
export function sameMessage(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every(
      (k) =>
        Object.prototype.hasOwnProperty.call(b, k) && sameMessage((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}

/** Keeps an area inside the image and at least 1×1, in base (1040-wide) units. */
export function clampArea(a: Area, size: { width: number; height: number }): Area {
  const width = Math.max(1, Math.min(Math.round(a.width), size.width));
  const height = Math.max(1, Math.min(Math.round(a.height), size.height));
  const x = Math.max(0, Math.min(Math.round(a.x), size.width - width));
  const y = Math.max(0, Math.min(Math.round(a.y), size.height - height));
  return { x, y, width, height };
}

/** The rectangle between two points (any drag direction). */
export function rectFrom(p: { x: number; y: number }, q: { x: number; y: number }): Area {
  return { x: Math.min(p.x, q.x), y: Math.min(p.y, q.y), width: Math.abs(q.x - p.x), height: Math.abs(q.y - p.y) };
}

/** What a tap area does, in words (`tapArea.*` in the catalogues). */
export function actionLabel(a: ImagemapAction, t: (key: string, o?: Record<string, unknown>) => string): string {
  return a.type === 'uri'
    ? t('tapArea.opens', { url: a.linkUri || t('tapArea.noUrl') })
    : t('tapArea.sends', { text: a.text || t('tapArea.noText') });
}
