/**
 * What LINE accepts for the files behind message URLs (reference #image-message, #video-message,
 * #imagemap-message): JPEG or PNG images up to 10 MB, previews up to 1 MB, MP4 videos up to 200 MB, and the five
 * imagemap widths LINE requests at `baseUrl/{width}`. "MB" read as MiB, like the 2 MB request limit.
 */
export const MEDIA_LIMITS = {
  imageMaxBytes: 10 * 1024 * 1024,
  previewMaxBytes: 1024 * 1024,
  videoMaxBytes: 200 * 1024 * 1024,
  imagemapWidths: [240, 300, 460, 700, 1040] as const,
  /** Longest side of a generated preview; small enough for 1 MB at any sensible quality. */
  previewMaxSide: 1024,
} as const;

export const IMAGE_TYPES = ['image/jpeg', 'image/png'] as const;
export const VIDEO_TYPES = ['video/mp4'] as const;
export const MEDIA_TYPES = [...IMAGE_TYPES, ...VIDEO_TYPES] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

/** The real type of a file from its first bytes (PNG signature, JPEG SOI marker, MP4 `ftyp` box), or null. */
export function sniff(head: Buffer): MediaType | null {
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  // ISO base media: the first box is `ftyp`, its size at least 8 and its brand printable
  if (
    head.length >= 12 &&
    head.toString('latin1', 4, 8) === 'ftyp' &&
    head.readUInt32BE(0) >= 8 &&
    /^[\x20-\x7e]{4}$/.test(head.toString('latin1', 8, 12))
  )
    return 'video/mp4';
  return null;
}
