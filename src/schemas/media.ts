import { z } from 'zod';

/** A file of the media library, with the public URLs to put into messages. */
export const Media = z.object({
  id: z.uuid(),
  workspaceId: z.uuid(),
  kind: z.enum(['image', 'video']),
  contentType: z.string(),
  bytes: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  /** Videos whose length ffprobe could read; null otherwise. */
  durationMs: z.number().int().nullable(),
  sha256: z.string(),
  createdAt: z.string(),
  urls: z.object({
    /** originalContentUrl of an image or video message */
    original: z.string(),
    /** previewImageUrl of an image or video message (generated, ≤ 1 MB; a video's from its first frame or a chosen picture) */
    preview: z.string().nullable(),
    /** baseUrl of an imagemap (LINE requests /240, /300, /460, /700, /1040); null for videos */
    imagemapBase: z.string().nullable(),
  }),
});

/** What DELETE did: deleted, or hidden from the library and still served for the launched campaigns listed. */
export const MediaDeleted = z.object({
  id: z.uuid(),
  outcome: z.enum(['deleted', 'hidden']),
  campaigns: z.array(z.object({ id: z.uuid(), name: z.string(), state: z.string() })),
});

export const Sticker = z.object({ packageId: z.string(), stickerId: z.string(), name: z.string(), previewUrl: z.string() });
