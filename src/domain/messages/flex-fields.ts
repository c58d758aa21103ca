/**
 * Property values of Flex components as LINE's reference documents them (#flex-message and the component
 * sections; OpenAPI FlexBox…FlexBoxLinearGradient): colours, pixel and percentage sizes, keywords, and the actions
 * Flex components may carry. Style values are never Liquid: only texts and URLs are personalised.
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { MSG, graphemes, int, linkUri, text, type SchemaOptions } from './fields.ts';
import { check, type IssueCode, type IssueParams } from '../issues.ts';

const COLOR = /^#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$/;
const PX = /^(?:\d+|\d*\.\d+)px$/;
const PCT = /^(?:\d+|\d*\.\d+)%$/;
const DEG = /^-?(?:\d+|\d*\.\d+)deg$/;

export const KEYWORDS = {
  spacing: ['none', 'xs', 'sm', 'md', 'lg', 'xl', 'xxl'],
  borderWidth: ['none', 'light', 'normal', 'medium', 'semi-bold', 'bold'],
  fontSize: ['xxs', 'xs', 'sm', 'md', 'lg', 'xl', 'xxl', '3xl', '4xl', '5xl'],
  imageSize: ['xxs', 'xs', 'sm', 'md', 'lg', 'xl', 'xxl', '3xl', '4xl', '5xl', 'full'],
  bubbleSize: ['nano', 'micro', 'deca', 'hecto', 'kilo', 'mega', 'giga'],
} as const;

/** "#RRGGBB" or "#RRGGBBAA" (reference: "Use a hexadecimal color code"). */
export const color = z.string().refine((v) => COLOR.test(v), check('flex_color'));

type Measure = { px?: boolean; pct?: boolean; keywords?: readonly string[] };

/** The code saying which kinds of value a property takes (each combination LINE's properties use has one). */
function measureCode(opts: Measure): IssueCode {
  if (opts.keywords) return opts.pct ? 'flex_px_pct_keyword' : 'flex_px_keyword';
  if (opts.px) return opts.pct ? 'flex_px_pct' : 'flex_px';
  return 'flex_pct';
}

/** A value in pixels ("12px"), as a percentage ("50%") and/or one of LINE's keywords, as the property allows. */
export function measure(opts: Measure) {
  // every Flex property with keywords also takes pixels, so the codes above cover each combination
  if (opts.keywords && !opts.px) throw new Error('a Flex measure with keywords must take pixels too');
  const params: IssueParams = opts.keywords ? { keywords: opts.keywords.join(', ') } : {};
  return z
    .string()
    .refine(
      (v) => (opts.px && PX.test(v)) || (opts.pct && PCT.test(v)) || (opts.keywords?.includes(v) ?? false),
      check(measureCode(opts), params),
    );
}

export const spacing = measure({ px: true, keywords: KEYWORDS.spacing });
export const offset = measure({ px: true, pct: true, keywords: KEYWORDS.spacing });
export const padding = measure({ px: true, pct: true, keywords: KEYWORDS.spacing });
export const lengthPxPct = measure({ px: true, pct: true });
export const fontSize = measure({ px: true, keywords: KEYWORDS.fontSize });
export const flexGrow = int(0);
export const angle = z.string().refine((v) => DEG.test(v), check('flex_angle'));

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: MSG.oneOf(values) });
}

/** "{width}:{height}", each 1 to 100,000, height at most three times the width (#f-image). */
export const aspectRatio = z.string().refine(
  (v) => {
    const m = /^([1-9]\d*):([1-9]\d*)$/.exec(v);
    if (!m) return false;
    const w = Number(m[1]);
    const h = Number(m[2]);
    return w <= LIMITS.flexAspectRatioMax && h <= LIMITS.flexAspectRatioMax && h <= 3 * w;
  },
  check('flex_aspect_ratio', { max: LIMITS.flexAspectRatioMax }),
);

export const position = oneOf(['relative', 'absolute']);
export const gravity = oneOf(['top', 'bottom', 'center']);
export const align = oneOf(['start', 'end', 'center']);
export const weight = oneOf(['regular', 'bold']);
export const fontStyle = oneOf(['normal', 'italic']);
export const decoration = oneOf(['none', 'underline', 'line-through']);

/** Position properties shared by most components. */
export const placement = {
  margin: spacing.optional(),
  position: position.optional(),
  offsetTop: offset.optional(),
  offsetBottom: offset.optional(),
  offsetStart: offset.optional(),
  offsetEnd: offset.optional(),
};

const FLEX_ACTIONS = ['uri', 'message', 'postback', 'datetimepicker', 'clipboard'] as const;

/**
 * Actions a Flex component or bubble may carry (#action-objects: camera, camera roll and location are quick-reply
 * only; rich menu switch is rich-menu only). Labels are counted in graphemes (character-counting guide) and are at
 * most 40 in Flex; the button's required label is checked in flex.ts, where the owner is known.
 */
export function flexActionSchema(o: SchemaOptions) {
  const label = graphemes(LIMITS.flexActionLabelMax).optional();
  const data = text(LIMITS.postbackDataMax);
  return z.discriminatedUnion(
    'type',
    [
      z.object({ type: z.literal('uri'), label, uri: linkUri(o), altUri: z.object({ desktop: linkUri(o) }).optional() }),
      z.object({ type: z.literal('message'), label, text: graphemes(LIMITS.messageActionTextMax, 1) }),
      z.object({
        type: z.literal('postback'),
        label,
        data,
        displayText: graphemes(LIMITS.postbackDisplayTextMax, 1).optional(),
        text: graphemes(LIMITS.postbackDisplayTextMax, 1).optional(),
        inputOption: oneOf(['closeRichMenu', 'openRichMenu', 'openKeyboard', 'openVoice']).optional(),
        fillInText: graphemes(LIMITS.postbackFillInTextMax).optional(),
      }),
      z.object({
        type: z.literal('datetimepicker'),
        label,
        data,
        mode: oneOf(['date', 'time', 'datetime']),
        initial: z.string().optional(),
        max: z.string().optional(),
        min: z.string().optional(),
      }),
      z.object({ type: z.literal('clipboard'), label, clipboardText: text(LIMITS.clipboardTextMax, 1) }),
    ],
    { error: MSG.oneOf(FLEX_ACTIONS) },
  );
}
