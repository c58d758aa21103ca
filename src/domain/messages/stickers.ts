/**
 * The stickers a bot may send: LINE's "List of available stickers" for the Messaging API
 * (https://developers.line.biz/en/docs/messaging-api/sticker-list/), as consecutive sticker IDs per package.
 * LINE documents that a bot can send only these; when LINE adds a package, add it here (the picker, the rule in
 * sticker.ts and the emulator all read this one list). Pure data, browser-safe.
 */
export interface StickerPackage {
  packageId: string;
  /** The first and last sticker ID of the package; every ID in between is in it. */
  first: number;
  last: number;
  name: string;
}

export const BOT_STICKER_PACKAGES: readonly StickerPackage[] = [
  { packageId: '446', first: 1988, last: 2027, name: 'Moon: Special Edition' },
  { packageId: '789', first: 10855, last: 10894, name: 'Sally: Special Edition' },
  { packageId: '1070', first: 17839, last: 17878, name: 'Moon: Special Edition' },
  { packageId: '6136', first: 10551376, last: 10551399, name: 'LINE Characters: Making Amends' },
  { packageId: '6325', first: 10979904, last: 10979927, name: 'Brown and Cony Fun Size Pack' },
  { packageId: '6359', first: 11069848, last: 11069871, name: 'Brown and Cony: Cute Interactions' },
  { packageId: '6362', first: 11087920, last: 11087943, name: 'Brown & Cony & Sally: Animated Special' },
  { packageId: '6370', first: 11088016, last: 11088039, name: 'CHOCO & Friends: Pretty Phrases' },
  { packageId: '6632', first: 11825374, last: 11825397, name: 'LINE Characters: Pretty Phrases' },
  { packageId: '8515', first: 16581242, last: 16581265, name: 'LINE Characters: Cute Interactions' },
  { packageId: '8522', first: 16581266, last: 16581289, name: 'LINE Characters: Everyday' },
  { packageId: '8525', first: 16581290, last: 16581313, name: 'LINE Characters: Animated' },
  { packageId: '11537', first: 52002734, last: 52002773, name: 'Brown & Cony & Sally: Animated Special' },
  { packageId: '11538', first: 51626494, last: 51626533, name: 'CHOCO & Friends: Animated Special' },
  { packageId: '11539', first: 52114110, last: 52114149, name: 'UNIVERSTAR BT21: Animated Special' },
];

const byPackage = new Map(BOT_STICKER_PACKAGES.map((p) => [p.packageId, p]));

/** True when LINE lets a bot send this sticker. IDs are decimal strings without leading zeros, as LINE lists them. */
export function isBotSticker(packageId: string, stickerId: string): boolean {
  const p = byPackage.get(packageId);
  if (!p || !/^[1-9][0-9]*$/.test(stickerId)) return false;
  const id = Number(stickerId);
  return id >= p.first && id <= p.last;
}

export function isBotStickerPackage(packageId: string): boolean {
  return byPackage.has(packageId);
}

/** Every sendable sticker, for the picker: package, sticker ID and LINE's public preview image. */
export function botStickers(): Array<{ packageId: string; stickerId: string; name: string; previewUrl: string }> {
  return BOT_STICKER_PACKAGES.flatMap((p) =>
    Array.from({ length: p.last - p.first + 1 }, (_, i) => {
      const stickerId = String(p.first + i);
      return {
        packageId: p.packageId,
        stickerId,
        name: p.name,
        // LINE's sticker CDN image for the sticker ID (what the sticker list page shows); display only.
        previewUrl: `https://stickershop.line-scdn.net/stickershop/v1/sticker/${stickerId}/android/sticker.png`,
      };
    }),
  );
}
