/**
 * The media library: uploads checked (real JPEG/PNG via sharp, MP4 by its `ftyp` box, LINE's size limits), stored
 * once per content hash, recorded per workspace, and addressed by public, unguessable, never-changing URLs:
 *   `${PUBLIC_BASE_URL}/m/<sha256>/original`, `/m/<sha256>/preview`, and for images the imagemap base URL
 *   `/m/<sha256>/imagemap` (LINE fetches `/imagemap/240` … `/imagemap/1040`).
 */
import fsp from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Queryable } from '../db/types.ts';
import { EngineError, type EngineErrorKind } from '../errors.ts';
import { coded, type IssueCode, type IssueParams } from '../domain/issues.ts';
import { IMAGE_TYPES, MEDIA_LIMITS, MEDIA_TYPES, sniff, type MediaType } from './limits.ts';
import { receive, TooLargeError } from './receive.ts';
import { checkImage, imagemapWidth, makePreview } from './images.ts';
import { ffmpegAvailable, firstFrame, probeVideo, type FfmpegConfig } from './video.ts';
import type { MediaStore } from './store.ts';
import * as sql from './queries.ts';

export interface MediaRow {
  id: string;
  workspace_id: string;
  sha256: string;
  kind: 'image' | 'video';
  content_type: string;
  bytes: string | number;
  width: number | null;
  height: number | null;
  preview_bytes: number | null;
  preview_type?: string | null;
  duration_ms?: number | null;
  created_at: Date | string;
}

export interface Media {
  id: string;
  workspaceId: string;
  kind: 'image' | 'video';
  contentType: string;
  bytes: number;
  width: number | null;
  height: number | null;
  /** Videos, when ffprobe could read it. */
  durationMs: number | null;
  sha256: string;
  createdAt: string;
  urls: { original: string; preview: string | null; imagemapBase: string | null };
}

export function toMedia(r: MediaRow, publicBaseUrl: string): Media {
  const base = `${publicBaseUrl}/m/${r.sha256}`;
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    kind: r.kind,
    contentType: r.content_type,
    bytes: Number(r.bytes),
    width: r.width,
    height: r.height,
    durationMs: r.duration_ms ?? null,
    sha256: r.sha256,
    createdAt: new Date(r.created_at).toISOString(),
    urls: {
      original: `${base}/original`,
      preview: r.kind === 'image' || r.preview_bytes !== null ? `${base}/preview` : null,
      imagemapBase: r.kind === 'image' ? `${base}/imagemap` : null,
    },
  };
}

/**
 * An upload refused: the HTTP code (`invalid_media`, `payload_too_large`, …) for clients, and a detail with the issue
 * code and params (src/domain/issues.ts) so the UI says what is wrong with the file in the user's language.
 */
export function mediaError(kind: EngineErrorKind, code: string, issue: IssueCode, params: IssueParams = {}, path = 'body'): EngineError {
  const detail = coded(issue, params);
  return new EngineError(kind, code, detail.message, [{ path, ...detail }]);
}

/** The declared Content-Type, which must be one we take; the bytes are checked against it after reading. */
export function declaredType(header: string | undefined): MediaType {
  const t = (header ?? '').split(';')[0]!.trim().toLowerCase();
  if (!(MEDIA_TYPES as readonly string[]).includes(t))
    throw mediaError(
      'unsupported_type',
      'unsupported_media_type',
      'media_content_type',
      { types: MEDIA_TYPES.join(', ') },
      'headers.content-type',
    );
  return t as MediaType;
}

export async function uploadMedia(
  db: Queryable,
  store: MediaStore,
  opts: {
    workspaceId: string;
    type: MediaType;
    body: Readable;
    publicBaseUrl: string;
    ffmpeg: FfmpegConfig;
    /** Videos: a picture of the workspace's library whose preview becomes the video's (else one is made). */
    previewId?: string | undefined;
  },
): Promise<{ media: Media; created: boolean }> {
  const image = (IMAGE_TYPES as readonly string[]).includes(opts.type);
  const max = image ? MEDIA_LIMITS.imageMaxBytes : MEDIA_LIMITS.videoMaxBytes;
  let got;
  try {
    got = await receive(opts.body, store.tempPath(), max);
  } catch (err) {
    if (err instanceof TooLargeError)
      throw mediaError('too_large', 'payload_too_large', image ? 'media_image_too_large' : 'media_video_too_large', {
        max: max / 1024 / 1024,
      });
    throw err;
  }
  try {
    if (got.bytes === 0) throw mediaError('invalid', 'invalid_media', 'media_empty');
    const real = sniff(got.head);
    if (real !== opts.type)
      throw real
        ? mediaError('unsupported_type', 'unsupported_media_type', 'media_type_mismatch', { declared: opts.type, actual: real })
        : mediaError('unsupported_type', 'unsupported_media_type', 'media_type_unknown', { declared: opts.type });
    const existing = await db.query<MediaRow & { hidden: boolean }>(sql.mediaByHash, [opts.workspaceId, got.sha256]);
    const old = existing.rows[0];
    if (old && !old.hidden) return { media: toMedia(old, opts.publicBaseUrl), created: false };
    if (old) {
      // deleted while campaigns used it (so still stored): uploading it again puts it back in the library
      const back = await db.query<MediaRow>(sql.unhideMedia, [old.id]);
      return { media: toMedia(back.rows[0]!, opts.publicBaseUrl), created: true };
    }

    let size: { width: number; height: number } | null = null;
    let previewBytes: number | null = null;
    let previewType: string | null = null;
    let durationMs: number | null = null;
    if (image) {
      try {
        size = await checkImage(got.path, opts.type);
      } catch (err) {
        throw mediaError('invalid', 'invalid_media', 'media_image_unreadable', {
          format: opts.type === 'image/png' ? 'PNG' : 'JPEG',
          reason: (err as Error).message,
        });
      }
      const preview = await makePreview(got.path, opts.type);
      previewBytes = preview.length;
      await store.putBuffer(got.sha256, 'preview', preview);
      for (const w of MEDIA_LIMITS.imagemapWidths)
        await store.putBuffer(got.sha256, `imagemap/${w}`, await imagemapWidth(got.path, opts.type, w));
    } else {
      const v = await videoPreview(db, store, opts, got.path, got.sha256);
      ({ previewBytes, previewType, durationMs } = v);
      size = v.size;
    }
    // the original last: a file at `original` means every variant of it is there too
    await store.putFile(got.sha256, 'original', got.path);
    const r = await db.query<MediaRow>(sql.insertMedia, [
      opts.workspaceId,
      got.sha256,
      image ? 'image' : 'video',
      opts.type,
      got.bytes,
      size?.width ?? null,
      size?.height ?? null,
      previewBytes,
      previewType,
      durationMs,
    ]);
    return { media: toMedia(r.rows[0]!, opts.publicBaseUrl), created: true };
  } finally {
    await fsp.rm(got.path, { force: true });
  }
}

export async function listMedia(db: Queryable, workspaceId: string, opts: { cursor?: string; limit: number }, publicBaseUrl: string) {
  const r = await db.query<MediaRow>(sql.listMedia, [workspaceId, opts.cursor ?? '00000000-0000-0000-0000-000000000000', opts.limit + 1]);
  const rows = r.rows.slice(0, opts.limit);
  return { items: rows.map((m) => toMedia(m, publicBaseUrl)), nextCursor: r.rows.length > opts.limit ? rows[rows.length - 1]!.id : null };
}

export async function getMedia(db: Queryable, workspaceId: string, id: string, publicBaseUrl: string): Promise<Media | null> {
  const r = await db.query<MediaRow>(sql.getMedia, [workspaceId, id]);
  return r.rows[0] ? toMedia(r.rows[0], publicBaseUrl) : null;
}

/**
 * A video's preview: the named picture's preview, else the first frame (ffmpeg), else a coded 400 asking for a
 * picture. With ffprobe the video is read first, so a file that is no playable video is refused here, not at LINE.
 * A preview already stored for the same video (another workspace's upload) is kept: a URL's bytes never change.
 */
async function videoPreview(
  db: Queryable,
  store: MediaStore,
  opts: { workspaceId: string; ffmpeg: FfmpegConfig; previewId?: string | undefined },
  file: string,
  sha256: string,
) {
  const tools = await ffmpegAvailable(opts.ffmpeg);
  let info = null;
  if (tools) {
    try {
      info = await probeVideo(opts.ffmpeg, file);
    } catch (err) {
      throw mediaError('invalid', 'invalid_media', 'media_video_unreadable', { reason: (err as Error).message });
    }
  }
  const size = info && { width: info.width, height: info.height };
  const durationMs = info?.durationMs ?? null;
  const shared = await db.query<{ preview_bytes: number; preview_type: string }>(sql.sharedVideoPreview, [sha256]);
  if (shared.rows[0]) return { size, durationMs, previewBytes: shared.rows[0].preview_bytes, previewType: shared.rows[0].preview_type };
  if (opts.previewId) {
    const pic = await db.query<{ sha256: string; content_type: string }>(sql.previewPicture, [opts.workspaceId, opts.previewId]);
    const from = pic.rows[0] && (await store.get(pic.rows[0].sha256, 'preview'));
    if (!from) throw mediaError('invalid', 'invalid_request', 'media_preview_not_found', {}, 'query.previewId');
    const chunks: Buffer[] = [];
    for await (const c of from.stream()) chunks.push(c as Buffer);
    const data = Buffer.concat(chunks);
    await store.putBuffer(sha256, 'preview', data);
    return { size, durationMs, previewBytes: data.length, previewType: pic.rows[0]!.content_type };
  }
  if (!tools) throw mediaError('invalid', 'invalid_request', 'media_video_preview_required', {}, 'query.previewId');
  const frame = store.tempPath();
  try {
    await fsp.writeFile(frame, await firstFrame(opts.ffmpeg, file));
    const preview = await makePreview(frame, 'image/jpeg');
    await store.putBuffer(sha256, 'preview', preview);
    return { size, durationMs, previewBytes: preview.length, previewType: 'image/jpeg' };
  } catch (err) {
    throw mediaError('invalid', 'invalid_media', 'media_video_unreadable', { reason: (err as Error).message });
  } finally {
    await fsp.rm(frame, { force: true });
  }
}

/**
 * The stored content type of a file by its hash (any workspace's copy: the hash is the address), or null. Hidden
 * entries count: a file deleted from the library while campaigns use it is still served.
 */
export async function mediaContentType(db: Queryable, sha256: string, variant = 'original'): Promise<string | null> {
  const r = await db.query<{ content_type: string; preview_type: string | null }>(sql.mediaContentType, [sha256]);
  const row = r.rows[0];
  if (!row) return null;
  // a video's preview is a picture; an image's preview and imagemap widths keep the image's type
  return variant === 'preview' ? (row.preview_type ?? row.content_type) : row.content_type;
}
