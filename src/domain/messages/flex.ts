/**
 * Flex message (`type: "flex"`), LINE's documented rules: reference #flex-message, #container (#bubble,
 * #f-carousel), #block-style, #component (#box, #button, #f-image, #f-video, #icon, #f-text, #span, #separator,
 * #filler), the Flex Message elements guide (where each component may sit; the conditions for video), and OpenAPI
 * FlexMessage…FlexBoxLinearGradient. What the simulator exports is plain documented Flex JSON, so it passes.
 * Shapes are zod schemas; rules that depend on where a component sits are checked by walking the tree
 * (flex-walk.ts) so the same walk serves Liquid and links.
 */
import { z } from 'zod';
import type { messagingApi } from '@line/bot-sdk';
import { LIMITS } from './limits.ts';
import { MSG, httpsUrl, int, sizeBetween, text, type SchemaOptions } from './fields.ts';
import { check, type IssueCode, type IssueParams } from '../issues.ts';
import { commonShape } from './common.ts';
import {
  KEYWORDS,
  align,
  angle,
  aspectRatio,
  color,
  decoration,
  flexActionSchema,
  flexGrow,
  fontSize,
  fontStyle,
  gravity,
  lengthPxPct,
  measure,
  oneOf,
  padding,
  placement,
  spacing,
  weight,
} from './flex-fields.ts';
import { bubblesOf, componentsOf, isObj, type Path } from './flex-walk.ts';
import { utf8Length } from './strings.ts';

export type FlexNode = messagingApi.FlexComponent;

const COMPONENTS = ['box', 'button', 'image', 'video', 'icon', 'text', 'separator', 'filler', 'spacer'] as const;
/** Where each component may sit (#box "contents", #f-video, Flex Message elements). */
const IN_BOX: Record<string, readonly string[]> = {
  horizontal: ['box', 'button', 'image', 'text', 'separator', 'filler', 'spacer'],
  vertical: ['box', 'button', 'image', 'text', 'separator', 'filler', 'spacer'],
  baseline: ['icon', 'text', 'filler'],
};
const HERO = ['box', 'image', 'video'];
const VIDEO_BUBBLE_SIZES = ['kilo', 'mega', 'giga'];

function build(o: SchemaOptions) {
  const action = flexActionSchema(o);
  const url = httpsUrl(o);
  const span = z.object({
    type: z.literal('span', { error: MSG.equals('span') }),
    text: z.string().min(1, MSG.empty),
    size: fontSize.optional(),
    color: color.optional(),
    weight: weight.optional(),
    style: fontStyle.optional(),
    decoration: decoration.optional(),
  });
  const textComponent = z
    .object({
      type: z.literal('text'),
      // Required unless `contents` (spans) is given, which then replaces it (#f-text).
      text: z.string().optional(),
      contents: z.array(span).optional(),
      flex: flexGrow.optional(),
      ...placement,
      size: fontSize.optional(),
      align: align.optional(),
      gravity: gravity.optional(),
      wrap: z.boolean().optional(),
      lineSpacing: measure({ px: true }).optional(),
      maxLines: int(0).optional(),
      weight: weight.optional(),
      color: color.optional(),
      action: action.optional(),
      style: fontStyle.optional(),
      decoration: decoration.optional(),
      adjustMode: oneOf(['shrink-to-fit']).optional(),
      scaling: z.boolean().optional(),
    })
    .superRefine((t, ctx) => {
      if (t.contents === undefined && (t.text === undefined || t.text === ''))
        ctx.addIssue({ code: 'custom', path: ['text'], ...check('flex_text_required') });
    });
  const image = z.object({
    type: z.literal('image'),
    url,
    flex: flexGrow.optional(),
    ...placement,
    align: align.optional(),
    gravity: gravity.optional(),
    size: measure({ px: true, pct: true, keywords: KEYWORDS.imageSize }).optional(),
    aspectRatio: aspectRatio.optional(),
    aspectMode: oneOf(['fit', 'cover']).optional(),
    backgroundColor: color.optional(),
    action: action.optional(),
    animated: z.boolean().optional(),
  });
  const icon = z.object({
    type: z.literal('icon'),
    url,
    ...placement,
    size: fontSize.optional(),
    aspectRatio: aspectRatio.optional(),
    scaling: z.boolean().optional(),
  });
  const button = z.object({
    type: z.literal('button'),
    action,
    flex: flexGrow.optional(),
    ...placement,
    height: oneOf(['md', 'sm']).optional(),
    style: oneOf(['primary', 'secondary', 'link']).optional(),
    color: color.optional(),
    gravity: gravity.optional(),
    adjustMode: oneOf(['shrink-to-fit']).optional(),
    scaling: z.boolean().optional(),
  });
  const separator = z.object({ type: z.literal('separator'), margin: spacing.optional(), color: color.optional() });
  const filler = z.object({ type: z.literal('filler'), flex: flexGrow.optional() });
  // The spacer is deprecated and gone from the reference and the SDK, but LINE never documented refusing it and the
  // Flex Message Simulator's templates still export it, so it is accepted (policy.ts warns). Typed as the filler it
  // resembles so the schema's type stays the SDK's FlexComponent.
  const spacer = z.object({
    type: z.literal('spacer'),
    size: oneOf(['xs', 'sm', 'md', 'lg', 'xl', 'xxl']).optional(),
  }) as unknown as typeof filler;
  const background = z.object({
    type: z.literal('linearGradient', { error: MSG.equals('linearGradient') }),
    angle,
    startColor: color,
    endColor: color,
    centerColor: color.optional(),
    centerPosition: measure({ pct: true }).optional(),
  });
  const component: z.ZodType<FlexNode> = z.lazy(() =>
    z.discriminatedUnion('type', [box, button, image, video, icon, textComponent, separator, filler, spacer], {
      error: MSG.oneOf(COMPONENTS),
    }),
  );
  const box = z.object({
    // a header, body or footer is a box by itself (no union names the choice), so the literal words its own error
    type: z.literal('box', { error: MSG.equals('box') }),
    layout: oneOf(['horizontal', 'vertical', 'baseline']),
    get contents() {
      return z.array(component);
    },
    flex: flexGrow.optional(),
    spacing: spacing.optional(),
    ...placement,
    backgroundColor: color.optional(),
    borderColor: color.optional(),
    borderWidth: measure({ px: true, keywords: KEYWORDS.borderWidth }).optional(),
    cornerRadius: measure({ px: true, keywords: KEYWORDS.spacing }).optional(),
    width: lengthPxPct.optional(),
    maxWidth: lengthPxPct.optional(),
    height: lengthPxPct.optional(),
    maxHeight: lengthPxPct.optional(),
    paddingAll: padding.optional(),
    paddingTop: padding.optional(),
    paddingBottom: padding.optional(),
    paddingStart: padding.optional(),
    paddingEnd: padding.optional(),
    action: action.optional(),
    justifyContent: oneOf(['center', 'flex-start', 'flex-end', 'space-between', 'space-around', 'space-evenly']).optional(),
    alignItems: oneOf(['center', 'flex-start', 'flex-end']).optional(),
    background: background.optional(),
  });
  const video = z.object({
    type: z.literal('video'),
    url,
    previewUrl: url,
    get altContent() {
      return component;
    },
    aspectRatio: aspectRatio.optional(),
    action: action.optional(),
  });
  const blockStyle = z.object({ backgroundColor: color.optional(), separator: z.boolean().optional(), separatorColor: color.optional() });
  const bubble = z.object({
    type: z.literal('bubble', { error: MSG.equals('bubble') }),
    size: oneOf(KEYWORDS.bubbleSize).optional(),
    direction: oneOf(['ltr', 'rtl']).optional(),
    header: box.optional(),
    hero: z.discriminatedUnion('type', [box, image, video], { error: MSG.oneOf(HERO) }).optional(),
    body: box.optional(),
    footer: box.optional(),
    styles: z
      .object({ header: blockStyle.optional(), hero: blockStyle.optional(), body: blockStyle.optional(), footer: blockStyle.optional() })
      .optional(),
    action: action.optional(),
  });
  const carousel = z.object({
    type: z.literal('carousel'),
    contents: sizeBetween(z.array(bubble), 0, LIMITS.flexCarouselBubblesMax),
  });
  return { bubble, carousel, container: z.discriminatedUnion('type', [bubble, carousel], { error: MSG.oneOf(['bubble', 'carousel']) }) };
}

type Issue = { path: Path; code: IssueCode; params: IssueParams };

/** The rules that depend on where things sit, and the JSON size limits; every broken one, with its path. */
export function flexPlacementIssues(message: unknown): Issue[] {
  const out: Issue[] = [];
  const add = (path: Path, code: IssueCode, params: IssueParams = {}) => out.push({ path, code, params });
  const bubbles = bubblesOf(message);
  const inCarousel = isObj(message) && isObj(message.contents) && message.contents.type === 'carousel';
  let animated = 0;
  for (const b of bubbles) {
    const size = typeof b.bubble.size === 'string' ? b.bubble.size : 'mega';
    for (const c of componentsOf(b)) {
      const type = String(c.node.type);
      // an unknown type is already an error of the schema
      if (!(COMPONENTS as readonly string[]).includes(type)) continue;
      if (c.altContent && type !== 'box' && type !== 'image') add([...c.path, 'type'], 'flex_alt_content');
      if (c.parentLayout && IN_BOX[c.parentLayout] && !IN_BOX[c.parentLayout]!.includes(type))
        add([...c.path, 'type'], 'flex_box_contents', { layout: c.parentLayout, allowed: IN_BOX[c.parentLayout]!.join(', ') });
      // a video anywhere but the hero is already refused above (box contents, altContent) or by the schema
      if (type === 'video' && c.block === 'hero' && c.parentLayout === null && !c.altContent) {
        if (!VIDEO_BUBBLE_SIZES.includes(size)) add([...b.path, 'size'], 'flex_video_bubble_size');
        else if (inCarousel) add([...c.path, 'type'], 'flex_video_in_carousel');
      }
      if (type === 'button' && isObj(c.node.action) && (typeof c.node.action.label !== 'string' || c.node.action.label === ''))
        add([...c.path, 'action', 'label'], 'flex_button_label');
      if (type === 'image' && c.node.animated === true && ++animated === LIMITS.flexAnimatedImagesMax + 1)
        add([...c.path, 'animated'], 'flex_animated_max', { max: LIMITS.flexAnimatedImagesMax });
    }
    const bytes = utf8Length(JSON.stringify(b.bubble));
    if (bytes > LIMITS.flexBubbleMaxBytes) add(b.path, 'flex_bubble_too_large', { bytes, max: LIMITS.flexBubbleMaxBytes });
  }
  if (inCarousel && isObj(message)) {
    const bytes = utf8Length(JSON.stringify(message.contents));
    if (bytes > LIMITS.flexCarouselMaxBytes) add(['contents'], 'flex_carousel_too_large', { bytes, max: LIMITS.flexCarouselMaxBytes });
  }
  return out;
}

export function flexMessageSchema(o: SchemaOptions) {
  const { container } = build(o);
  return z
    .object({
      type: z.literal('flex'),
      // Required, at most 1,500 (#flex-message); no minimum is documented (policy.ts warns on an empty one).
      altText: text(LIMITS.flexAltTextMax),
      contents: container,
      ...commonShape(o),
    })
    .superRefine(
      (m, ctx) => {
        for (const i of flexPlacementIssues(m)) ctx.addIssue({ code: 'custom', path: i.path, ...check(i.code, i.params) });
      },
      { when: () => true },
    );
}
