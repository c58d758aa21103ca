/**
 * Image message (`type: "image"`), LINE's documented rules: reference #image-message, OpenAPI ImageMessage.
 * Both URLs are HTTPS and at most 2,000 characters; the files behind them (JPEG or PNG, 10 MB original, 1 MB
 * preview) are LINE's limits on what it fetches, checked where Linecast hosts the files (src/media), not here.
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { httpsUrl, type SchemaOptions } from './fields.ts';
import { commonShape } from './common.ts';

export function imageMessageSchema(o: SchemaOptions) {
  return z.object({
    type: z.literal('image'),
    originalContentUrl: httpsUrl(o, LIMITS.mediaUrlMax),
    previewImageUrl: httpsUrl(o, LIMITS.mediaUrlMax),
    ...commonShape(o),
  });
}
