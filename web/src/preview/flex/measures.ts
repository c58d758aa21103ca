/**
 * How LINE draws Flex keywords, in CSS pixels: the values the Flex Message Simulator's stylesheet uses for font
 * sizes, spacing and margins, image sizes, border widths and bubble widths. Pure data and conversions, no React.
 */
import type { CSSProperties } from 'react';
// which values are well-formed is the domain's rule (one home); this file only says how LINE draws them
import { angle as angleRule, aspectRatio, color as colorRule, lengthPxPct } from '../../../../src/domain/messages/flex-fields.ts';

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const FONT_SIZE: Record<string, number> = {
  xxs: 11,
  xs: 13,
  sm: 14,
  md: 16,
  lg: 19,
  xl: 22,
  xxl: 29,
  '3xl': 35,
  '4xl': 48,
  '5xl': 74,
};
/** spacing, margin, padding, offsets and corner radius keywords. */
export const SPACING: Record<string, number> = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 };
export const IMAGE_SIZE: Record<string, number> = {
  xxs: 40,
  xs: 60,
  sm: 80,
  md: 100,
  lg: 120,
  xl: 140,
  xxl: 160,
  '3xl': 180,
  '4xl': 200,
  '5xl': 220,
};
export const BORDER_WIDTH: Record<string, number> = { none: 0, light: 0.5, normal: 1, medium: 2, 'semi-bold': 3, bold: 4 };
export const BUBBLE_WIDTH: Record<string, number> = { nano: 120, micro: 160, deca: 220, hecto: 241, kilo: 260, mega: 300, giga: 500 };
export const BUTTON_HEIGHT: Record<string, number> = { md: 52, sm: 40 };

/** What LINE draws when a property is left out. */
export const DEFAULTS = { bubbleSize: 'mega', angle: '0deg', centerPosition: '50%' };

/** The layouts of a box; anything else draws as vertical. */
export const LAYOUTS = { horizontal: 'horizontal', vertical: 'vertical', baseline: 'baseline' } as const;
export type Layout = keyof typeof LAYOUTS;

/** How each button style looks when `color` is not given; `color` is the background, or the text of a link. */
export const BUTTON_LOOK: Record<string, { style: string; background: string; text: string; colorIs: 'background' | 'text' }> = {
  primary: { style: 'primary', background: '#17c950', text: '#ffffff', colorIs: 'background' },
  secondary: { style: 'secondary', background: '#dcdfe5', text: '#111111', colorIs: 'background' },
  link: { style: 'link', background: 'transparent', text: '#42659a', colorIs: 'text' },
};

export const COLORS = {
  text: '#111111',
  separator: '#d4d6da',
  videoBackground: '#000000',
};

/** A Flex length ("12px", "50%" or a keyword of `keywords`, in pixels) as CSS; undefined for anything else (skipped). */
export function length(v: unknown, keywords: Record<string, number> = SPACING): string | number | undefined {
  if (typeof v !== 'string') return undefined;
  if (v in keywords) return keywords[v];
  if (lengthPxPct.safeParse(v).success) return v;
  return undefined;
}

/** A Flex colour ("#RRGGBB" or "#RRGGBBAA", as CSS reads them both), by the domain's own rule. */
export function color(v: unknown): string | undefined {
  return typeof v === 'string' && colorRule.safeParse(v).success ? v : undefined;
}

/** "20:13" → 20 / 13, for a ratio the domain's rule accepts; undefined otherwise (drawn at the default). */
export function ratio(v: unknown): number | undefined {
  if (typeof v !== 'string' || !aspectRatio.safeParse(v).success) return undefined;
  const [w, h] = v.split(':').map(Number);
  return w! / h!;
}

const ALIGN: Record<string, CSSProperties['alignSelf']> = {
  start: 'flex-start',
  top: 'flex-start',
  end: 'flex-end',
  bottom: 'flex-end',
  center: 'center',
};
/** `align` (start, end, center) or `gravity` (top, bottom, center) as a flex alignment. */
export const flexAlign = (v: unknown): CSSProperties['alignSelf'] => (typeof v === 'string' ? ALIGN[v] : undefined);

/** Where a component sits: `position` and the four offsets (logical start/end, so rtl bubbles mirror). */
export function placement(n: Obj): CSSProperties {
  const s: CSSProperties = {};
  if (n.position === 'absolute') s.position = 'absolute';
  else if (n.offsetTop !== undefined || n.offsetBottom !== undefined || n.offsetStart !== undefined || n.offsetEnd !== undefined)
    s.position = 'relative';
  s.top = length(n.offsetTop);
  s.bottom = length(n.offsetBottom);
  s.insetInlineStart = length(n.offsetStart);
  s.insetInlineEnd = length(n.offsetEnd);
  return s;
}

/**
 * A child's share of its box: in a horizontal or baseline box `flex` defaults to 1 and widths start from 0 (so
 * flex 1 and 5 split the row 1:5); in a vertical box it defaults to 0 (the child's own height).
 */
export function flexItem(n: Obj, parent: 'horizontal' | 'vertical' | 'baseline', fallback?: number): CSSProperties {
  const given = typeof n.flex === 'number' && n.flex >= 0 ? n.flex : undefined;
  if (parent === 'vertical') {
    const f = given ?? fallback ?? 0;
    return { flex: f > 0 ? `${f} 0 auto` : '0 0 auto' };
  }
  const f = given ?? fallback ?? 1;
  return f > 0 ? { flex: `${f} 0 0px`, minWidth: 0 } : { flex: '0 0 auto', minWidth: 0 };
}

/** The space before a child: its own margin, else its box's spacing (never before the first child). */
export function before(n: Obj, parent: 'horizontal' | 'vertical' | 'baseline', spacing: unknown, first: boolean): CSSProperties {
  const gap = length(n.margin) ?? (first ? undefined : length(spacing));
  if (gap === undefined) return {};
  return parent === 'vertical' ? { marginTop: gap } : { marginInlineStart: gap };
}

/** A box's `background` (only linearGradient is documented). */
export function gradient(v: unknown): string | undefined {
  if (!isObj(v) || v.type !== 'linearGradient') return undefined;
  const start = color(v.startColor);
  const end = color(v.endColor);
  const angle = typeof v.angle === 'string' && angleRule.safeParse(v.angle).success ? v.angle : DEFAULTS.angle;
  if (!start || !end) return undefined;
  const center = color(v.centerColor);
  const at = length(v.centerPosition, {}) ?? DEFAULTS.centerPosition;
  // eslint-disable-next-line i18next/no-literal-string -- CSS, not words
  return `linear-gradient(${angle}, ${start} 0%, ${center ? `${center} ${at}, ` : ''}${end} 100%)`;
}
