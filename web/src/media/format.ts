/** How a library file is described under its thumbnail: kind, size in pixels, bytes. */
import type { MediaItem } from '../api/types.ts';

/** The accepted file types, as the file chooser's `accept` (what the server takes: src/media/limits.ts). */
export const ACCEPT = {
  image: 'image/png,image/jpeg',
  video: 'video/mp4',
} as const;

export type MediaKind = keyof typeof ACCEPT;

const UNITS = ['byte', 'kilobyte', 'megabyte'] as const;

/**
 * Bytes in the largest unit that keeps a number of at least 1 (1024-based, as LINE's "10 MB" limits are read),
 * written the way the user's language writes units (Intl), so no unit sits untranslated in a catalogue.
 */
export function fileSize(bytes: number, locale: string): string {
  const step = bytes >= 1024 * 1024 ? 2 : bytes >= 1024 ? 1 : 0;
  return new Intl.NumberFormat(locale, { style: 'unit', unit: UNITS[step], unitDisplay: 'short', maximumFractionDigits: 1 }).format(
    bytes / 1024 ** step,
  );
}

/** The format's short name from the content type ("PNG", "JPEG", "MP4"). */
export function formatName(m: Pick<MediaItem, 'contentType'>): string {
  return (m.contentType.split('/')[1] ?? m.contentType).toUpperCase();
}

/** True when LINE could not fetch the library's files: their public address is not HTTPS (PUBLIC_BASE_URL). */
export function notHttps(items: Pick<MediaItem, 'urls'>[]): boolean {
  return items.some((m) => !m.urls.original.startsWith('https://'));
}
