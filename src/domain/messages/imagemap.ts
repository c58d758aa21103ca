/** Imagemap message (`type: "imagemap"`), LINE reference #imagemap-message and #imagemap-action-objects. */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { MSG, graphemes, httpsUrl, int, linkUri, sizeBetween, text, type SchemaOptions } from './fields.ts';
import { check, type IssueCode, type IssueParams } from '../issues.ts';
import { commonShape } from './common.ts';
import { lastSegmentHasExtension } from './strings.ts';

const IMAGEMAP_ACTIONS = ['uri', 'message', 'clipboard'] as const;

const areaSchema = z.object({ x: int(0), y: int(0), width: int(1), height: int(1) });

export function imagemapActionSchema(o: SchemaOptions) {
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
    // Required only when a label is shown after the video, and then both fields are required.
    externalLink: z.object({ linkUri: linkUri(o), label: graphemes(LIMITS.videoExternalLabelMax, 1) }).optional(),
  });
}

type Issue = { path: (string | number)[]; code: IssueCode; params: IssueParams };

/** x + width ≤ baseSize.width and y + height ≤ baseSize.height, reported on the field that overflows. */
function areaOverflow(area: unknown, w: number, h: number, at: (string | number)[]): Issue[] {
  if (!area || typeof area !== 'object') return [];
  const a = area as Record<string, unknown>;
  const out: Issue[] = [];
  const axis = (pos: string, size: string, limit: number, base: string) => {
    const p = a[pos];
    const s = a[size];
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0) return;
    if (p >= limit) out.push({ path: [...at, pos], code: 'area_start', params: { base, limit } });
    else if (typeof s === 'number' && Number.isInteger(s) && s > 0 && p + s > limit)
      out.push({ path: [...at, size], code: 'area_overflow', params: { pos, size, sum: p + s, base, limit } });
  };
  axis('x', 'width', w, 'width');
  axis('y', 'height', h, 'height');
  return out;
}

export function imagemapMessageSchema(o: SchemaOptions) {
  return z
    .object({
      type: z.literal('imagemap'),
      baseUrl: httpsUrl(o).refine((v) => !lastSegmentHasExtension(v, o.templates), check('url_extension')),
      altText: text(LIMITS.altTextMax, 1),
      baseSize: z.object({
        width: z.literal(LIMITS.imagemapBaseWidth, { error: `Must be ${LIMITS.imagemapBaseWidth}` }),
        height: int(1),
      }),
      actions: sizeBetween(z.array(imagemapActionSchema(o)), LIMITS.imagemapActionsMin, LIMITS.imagemapActionsMax),
      video: videoSchema(o).optional(),
      ...commonShape(o),
    })
    .superRefine(
      (m, ctx) => {
        // Runs even when other fields failed, so one pass reports every overflowing area too.
        if (!m || typeof m !== 'object') return;
        const raw = m as unknown as { baseSize?: { width?: unknown; height?: unknown }; actions?: unknown; video?: { area?: unknown } };
        const w = raw.baseSize?.width;
        const h = raw.baseSize?.height;
        if (typeof w !== 'number' || typeof h !== 'number' || !(w > 0) || !(h > 0)) return;
        const issues: Issue[] = [];
        if (Array.isArray(raw.actions))
          raw.actions.forEach((a: unknown, i) => issues.push(...areaOverflow((a as { area?: unknown } | null)?.area, w, h, ['actions', i, 'area'])));
        if (raw.video && typeof raw.video === 'object') issues.push(...areaOverflow(raw.video.area, w, h, ['video', 'area']));
        for (const i of issues) ctx.addIssue({ code: 'custom', path: i.path, ...check(i.code, i.params) });
      },
      { when: () => true },
    );
}
