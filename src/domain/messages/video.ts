/**
 * Video message (`type: "video"`), LINE's documented rules: reference #video-message, OpenAPI VideoMessage.
 * HTTPS URLs of at most 2,000 characters (MP4 up to 200 MB, preview JPEG/PNG up to 1 MB: checked where Linecast
 * hosts the files, src/media), and an optional trackingId of at most 100 characters from the set LINE lists.
 * LINE's video message has no external link (that is the imagemap video's, imagemap.ts).
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { httpsUrl, text, type SchemaOptions } from './fields.ts';
import { commonShape } from './common.ts';
import { check } from '../issues.ts';

/** "Half-width alphanumeric characters (a-z, A-Z, 0-9) and symbols (-.=,+*()%$&;:@{}!?<>[])" (#video-message). */
const TRACKING_ID = /^[A-Za-z0-9\-.=,+*()%$&;:@{}!?<>[\]]*$/;

export function videoMessageSchema(o: SchemaOptions) {
  return z.object({
    type: z.literal('video'),
    originalContentUrl: httpsUrl(o, LIMITS.mediaUrlMax),
    previewImageUrl: httpsUrl(o, LIMITS.mediaUrlMax),
    trackingId: text(LIMITS.videoTrackingIdMax, 1)
      .refine((v) => TRACKING_ID.test(v), check('video_tracking_id'))
      .optional(),
    ...commonShape(o),
  });
}
