/**
 * The picture of a sticker a bot may send, as the domain's sticker list gives it (LINE's sticker CDN), looked up by
 * package and sticker ID; '' for a sticker that is not in the list (the preview then shows its IDs).
 */
import { botStickers } from '../../../src/domain/messages/stickers.ts';

let byKey: Map<string, string> | null = null;

export function stickerImageUrl(packageId: string, stickerId: string): string {
  byKey ??= new Map(botStickers().map((s) => [`${s.packageId}/${s.stickerId}`, s.previewUrl]));
  return byKey.get(`${packageId}/${stickerId}`) ?? '';
}
