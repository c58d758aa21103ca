/**
 * Image work with sharp: proving an upload is a real JPEG/PNG, the preview LINE shows in the chat (≤ 1 MB, same
 * format) and the five imagemap widths LINE requests (240, 300, 460, 700 and 1040 px wide, height to scale).
 */
import type { Sharp, SharpOptions } from 'sharp';
import { MEDIA_LIMITS, type MediaType } from './limits.ts';

// Loaded on the first image, not at start: libvips and its thread pool cost ~25 MB of RSS in every process,
// most of which (workers, API servers without uploads) never touch an image.
let lib: Promise<(typeof import('sharp'))['default']> | null = null;
async function sharp(file: string, options?: SharpOptions): Promise<Sharp> {
  lib ??= import('sharp').then((m) => m.default);
  return (await lib)(file, options);
}

export interface ImageInfo {
  width: number;
  height: number;
}

/** Decodes the whole image (not only its header), so a truncated or corrupt file is refused here, not at LINE. */
export async function checkImage(file: string, type: MediaType): Promise<ImageInfo> {
  const img = await sharp(file, { failOn: 'error' });
  const meta = await img.metadata();
  const format = meta.format === 'jpeg' ? 'image/jpeg' : meta.format === 'png' ? 'image/png' : null;
  if (format !== type) throw new Error(`the file is ${meta.format ?? 'not an image'}, not ${type}`);
  await img.stats(); // reads every pixel
  if (!meta.width || !meta.height) throw new Error('the image has no size');
  return { width: meta.width, height: meta.height };
}

function encode(s: Sharp, type: MediaType, quality: number): Promise<Buffer> {
  return type === 'image/png'
    ? s.png({ compressionLevel: 9, palette: quality < 80 }).toBuffer()
    : s.jpeg({ quality, mozjpeg: true }).toBuffer();
}

/** A preview of at most 1 MB in the same format: smaller and lower quality until it fits. */
export async function makePreview(file: string, type: MediaType): Promise<Buffer> {
  for (const [side, quality] of [
    [MEDIA_LIMITS.previewMaxSide, 85],
    [MEDIA_LIMITS.previewMaxSide, 70],
    [640, 70],
    [480, 60],
    [240, 50],
  ] as const) {
    const out = await encode(
      (await sharp(file)).rotate().resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true }),
      type,
      quality,
    );
    if (out.length <= MEDIA_LIMITS.previewMaxBytes) return out;
  }
  throw new Error('could not make a preview under 1 MB');
}

/** The image at one imagemap width (scaled up or down to exactly that width; LINE scales by width). */
export async function imagemapWidth(file: string, type: MediaType, width: number): Promise<Buffer> {
  return encode((await sharp(file)).rotate().resize({ width }), type, 85);
}
