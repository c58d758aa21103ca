/**
 * Imagemap message (`type: "imagemap"`), LINE's documented rules only: reference #imagemap-message,
 * #imagemap-action-objects, #imagemap-area-object; OpenAPI ImagemapMessage/ImagemapArea/ImagemapAction.
 * What LINE leaves unsaid (a file extension on baseUrl, areas past the image, zero sizes, empty altText, no
 * actions) is Linecast's advice and lives in policy.ts as warnings.
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { MSG, graphemes, httpsUrl, int, linkUri, sizeBetween, text, type SchemaOptions } from './fields.ts';
import { commonShape } from './common.ts';

const IMAGEMAP_ACTIONS = ['uri', 'message', 'clipboard'] as const;

// x and y: "0 or higher" (reference); width and height: int32 with no documented minimum.
const areaSchema = z.object({ x: int(0), y: int(0), width: int(), height: int() });

export function imagemapActionSchema(o: SchemaOptions) {
  // Counting of imagemap labels and message text is undocumented; graphemes never refuse what UTF-16 would pass.
  const label = graphemes(LIMITS.actionLabelMax).optional();
  return z.discriminatedUnion(
    'type',
    [
      z.object({ type: z.literal('uri'), linkUri: linkUri(o), label, area: areaSchema }),
      z.object({ type: z.literal('message'), text: graphemes(LIMITS.imagemapMessageTextMax, 1), label, area: areaSchema }),
      z.object({ type: z.literal('clipboard'), clipboardText: text(LIMITS.clipboardTextMax, 1), label, area: areaSchema }),
    ],
    { error: MSG.oneOf(IMAGEMAP_ACTIONS) },
  );
}

function videoSchema(o: SchemaOptions) {
  return z.object({
    originalContentUrl: httpsUrl(o),
    previewImageUrl: httpsUrl(o),
    area: areaSchema,
    // Required only when a label is shown after the video, and then both fields are required. The label is
    // not on the grapheme list of the character-counting guide: UTF-16 units.
    externalLink: z.object({ linkUri: linkUri(o), label: text(LIMITS.videoExternalLabelMax, 1) }).optional(),
  });
}

export function imagemapMessageSchema(o: SchemaOptions) {
  return z.object({
    type: z.literal('imagemap'),
    baseUrl: httpsUrl(o),
    // Required, at most 1,500; no minimum is documented.
    altText: text(LIMITS.altTextMax),
    baseSize: z.object({
      width: z.literal(LIMITS.imagemapBaseWidth, { error: `Must be ${LIMITS.imagemapBaseWidth}` }),
      height: int(),
    }),
    actions: sizeBetween(z.array(imagemapActionSchema(o)), 0, LIMITS.imagemapActionsMax),
    video: videoSchema(o).optional(),
    ...commonShape(o),
  });
}
