/**
 * Flex components drawn the way LINE lays them out: boxes are CSS flex containers, children take `flex` shares,
 * keywords become the Simulator's pixel values (measures.ts). Anything unknown or malformed is skipped, never thrown.
 */
import type { CSSProperties, ReactNode, SyntheticEvent } from 'react';
import {
  BORDER_WIDTH,
  BUTTON_HEIGHT,
  BUTTON_LOOK,
  COLORS,
  FONT_SIZE,
  IMAGE_SIZE,
  LAYOUTS,
  SPACING,
  before,
  color,
  flexAlign,
  flexItem,
  gradient,
  isObj,
  length,
  placement,
  ratio,
  str,
  type Layout,
} from './measures.ts';

type Obj = Record<string, unknown>;
/** Where a component is drawn: inside a box of `layout`, or as a block's own root (layout null). */
export interface Slot {
  layout: Layout | null;
  spacing?: unknown;
  first: boolean;
}
const ROOT: Slot = { layout: null, first: true };

const actionLabel = (n: Obj) => (isObj(n.action) ? str(n.action.label) : undefined);
const actionTarget = (n: Obj) => (isObj(n.action) ? (str(n.action.uri) ?? str(n.action.text) ?? str(n.action.data)) : undefined);

/**
 * A picture that does not load leaves its space empty, as LINE does, not the browser's broken-image mark (each img is
 * keyed by its URL, so a corrected URL gets a fresh, visible element).
 */
const hideBroken = (e: SyntheticEvent<HTMLImageElement>) => {
  e.currentTarget.style.visibility = 'hidden';
};

/** The part of a child's style its box decides: its flex share, the space before it and its own offsets. */
function slotStyle(n: Obj, slot: Slot, fallbackFlex?: number): CSSProperties {
  if (!slot.layout) return placement(n);
  return { ...flexItem(n, slot.layout, fallbackFlex), ...before(n, slot.layout, slot.spacing, slot.first), ...placement(n) };
}

function fontStyle(n: Obj): CSSProperties {
  const size = length(n.size, FONT_SIZE);
  const decoration = n.decoration === 'underline' || n.decoration === 'line-through' ? n.decoration : undefined;
  return {
    fontSize: size,
    fontWeight: n.weight === 'bold' ? 700 : n.weight === 'regular' ? 400 : undefined,
    fontStyle: n.style === 'italic' ? 'italic' : undefined,
    textDecoration: decoration,
    color: color(n.color),
  };
}

function Text({ n, slot }: { n: Obj; slot: Slot }) {
  const spans = Array.isArray(n.contents) ? n.contents.filter((s): s is Obj => isObj(s) && typeof s.text === 'string') : null;
  const maxLines = typeof n.maxLines === 'number' && n.maxLines > 0 ? n.maxLines : undefined;
  const wrap = n.wrap === true;
  const lineSpacing = length(n.lineSpacing, {});
  const own = fontStyle(n);
  const style: CSSProperties = {
    lineHeight: lineSpacing ? `calc(1.4em + ${lineSpacing})` : 1.4,
    ...own,
    // LINE's defaults where the text sets none (or an invalid one): md, near-black
    fontSize: own.fontSize ?? FONT_SIZE.md,
    color: own.color ?? COLORS.text,
    ...slotStyle(n, slot),
    textAlign: n.align === 'center' ? 'center' : n.align === 'end' ? 'end' : n.align === 'start' ? 'start' : undefined,
    alignSelf: slot.layout === 'horizontal' ? flexAlign(n.gravity) : undefined,
    whiteSpace: wrap ? 'pre-wrap' : 'nowrap',
    overflowWrap: wrap ? 'anywhere' : undefined,
    overflow: 'hidden',
    textOverflow: wrap ? undefined : 'ellipsis',
  };
  if (wrap && maxLines) Object.assign(style, { display: '-webkit-box', WebkitBoxOrient: 'vertical', WebkitLineClamp: maxLines });
  return (
    <div data-flex="text" style={style}>
      {spans
        ? spans.map((s, i) => (
            <span key={i} data-flex="span" style={fontStyle(s)}>
              {s.text as string}
            </span>
          ))
        : (str(n.text) ?? '')}
    </div>
  );
}

function Image({ n, slot }: { n: Obj; slot: Slot }) {
  const url = str(n.url);
  const size = length(n.size, { ...IMAGE_SIZE, full: -1 }) ?? IMAGE_SIZE.md;
  const r = ratio(n.aspectRatio) ?? 1;
  const box: CSSProperties = {
    display: 'flex',
    justifyContent: n.align === 'start' ? 'flex-start' : n.align === 'end' ? 'flex-end' : 'center',
    alignSelf: slot.layout === 'horizontal' ? (flexAlign(n.gravity) ?? 'flex-start') : undefined,
    ...slotStyle(n, slot),
  };
  return (
    <div data-flex="image" style={box}>
      <div
        style={{
          width: size === -1 ? '100%' : size,
          maxWidth: '100%',
          aspectRatio: String(r),
          background: color(n.backgroundColor),
          overflow: 'hidden',
        }}
      >
        {url && (
          <img
            key={url}
            src={url}
            onError={hideBroken}
            alt=""
            style={{ width: '100%', height: '100%', display: 'block', objectFit: n.aspectMode === 'cover' ? 'cover' : 'contain' }}
          />
        )}
      </div>
    </div>
  );
}

function Video({ n, slot }: { n: Obj; slot: Slot }) {
  const preview = str(n.previewUrl);
  const r = ratio(n.aspectRatio) ?? 16 / 9;
  return (
    <div
      data-flex="video"
      style={{ position: 'relative', width: '100%', aspectRatio: String(r), background: COLORS.videoBackground, ...slotStyle(n, slot) }}
    >
      {preview && (
        <img
          key={preview}
          src={preview}
          alt=""
          onError={hideBroken}
          style={{ width: '100%', height: '100%', objectFit: 'cover', display: 'block' }}
        />
      )}
      <span
        aria-hidden
        style={{
          position: 'absolute',
          inset: 0,
          display: 'grid',
          placeItems: 'center',
          color: '#fff',
          fontSize: 32,
          textShadow: '0 0 6px #0008',
        }}
      >
        ▶
      </span>
    </div>
  );
}

function Icon({ n, slot }: { n: Obj; slot: Slot }) {
  const url = str(n.url);
  const h = length(n.size, FONT_SIZE) ?? FONT_SIZE.md;
  const r = ratio(n.aspectRatio) ?? 1;
  return (
    <span
      data-flex="icon"
      style={{ display: 'inline-block', flex: '0 0 auto', ...slotStyle(n, slot, 0), height: h, aspectRatio: String(r) }}
    >
      {url && <img key={url} src={url} alt="" onError={hideBroken} style={{ width: '100%', height: '100%', display: 'block' }} />}
    </span>
  );
}

function Button({ n, slot }: { n: Obj; slot: Slot }) {
  const look = BUTTON_LOOK[str(n.style) ?? ''] ?? BUTTON_LOOK.link!;
  const c = color(n.color);
  const bg = look.colorIs === 'background' ? (c ?? look.background) : look.background;
  const fg = look.colorIs === 'text' ? (c ?? look.text) : look.text;
  return (
    <div
      data-flex="button"
      data-style={look.style}
      title={actionTarget(n)}
      style={{
        height: BUTTON_HEIGHT[str(n.height) ?? 'md'] ?? BUTTON_HEIGHT.md,
        background: bg,
        color: fg,
        borderRadius: 6,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        fontSize: 16,
        padding: '0 8px',
        overflow: 'hidden',
        whiteSpace: 'nowrap',
        textOverflow: 'ellipsis',
        ...slotStyle(n, slot),
        alignSelf: slot.layout === 'horizontal' ? flexAlign(n.gravity) : undefined,
      }}
    >
      {actionLabel(n) ?? ''}
    </div>
  );
}

function Separator({ n, slot }: { n: Obj; slot: Slot }) {
  const c = color(n.color) ?? COLORS.separator;
  const across = slot.layout === 'horizontal' || slot.layout === 'baseline';
  // like any component: its margin, else its box's spacing, before it
  const space = slot.layout ? before(n, slot.layout, slot.spacing, slot.first) : {};
  return (
    <div
      data-flex="separator"
      style={
        across
          ? { flex: '0 0 auto', alignSelf: 'stretch', borderInlineStart: `1px solid ${c}`, ...space }
          : { flex: '0 0 auto', borderTop: `1px solid ${c}`, ...space }
      }
    />
  );
}

/** The deprecated spacer: empty space of its size, along its box. */
function Spacer({ n, slot }: { n: Obj; slot: Slot }) {
  const s = length(n.size) ?? SPACING.md;
  const across = slot.layout === 'horizontal' || slot.layout === 'baseline';
  return <div data-flex="spacer" style={{ flex: '0 0 auto', ...(across ? { width: s } : { height: s }) }} />;
}

function Filler({ n }: { n: Obj }) {
  const f = typeof n.flex === 'number' && n.flex >= 0 ? n.flex : 1;
  return <div data-flex="filler" style={{ flex: `${f} 0 0px` }} />;
}

/** A box: its own block default padding (header, body, footer) unless it sets its own. */
export function Box({ n, slot = ROOT, padding }: { n: Obj; slot?: Slot; padding?: number }) {
  const layout: Layout = LAYOUTS[str(n.layout) as Layout] ?? LAYOUTS.vertical;
  const children = Array.isArray(n.contents) ? n.contents : [];
  const pad = (side: unknown) => length(side) ?? length(n.paddingAll) ?? padding;
  const radius = length(n.cornerRadius);
  const bw = length(n.borderWidth, BORDER_WIDTH);
  const style: CSSProperties = {
    display: 'flex',
    flexDirection: layout === 'vertical' ? 'column' : 'row',
    alignItems:
      n.alignItems === 'center' || n.alignItems === 'flex-start' || n.alignItems === 'flex-end'
        ? n.alignItems
        : layout === 'baseline'
          ? 'baseline'
          : undefined,
    justifyContent: typeof n.justifyContent === 'string' ? (n.justifyContent as CSSProperties['justifyContent']) : undefined,
    background: gradient(n.background) ?? color(n.backgroundColor),
    borderWidth: bw,
    borderStyle: bw === undefined ? undefined : 'solid',
    borderColor: bw === undefined ? undefined : (color(n.borderColor) ?? 'transparent'),
    borderRadius: radius,
    overflow: radius ? 'hidden' : undefined,
    width: length(n.width, {}),
    maxWidth: length(n.maxWidth, {}),
    height: length(n.height, {}),
    maxHeight: length(n.maxHeight, {}),
    paddingTop: pad(n.paddingTop),
    paddingBottom: pad(n.paddingBottom),
    paddingInlineStart: pad(n.paddingStart),
    paddingInlineEnd: pad(n.paddingEnd),
    ...slotStyle(n, slot),
    position: n.position === 'absolute' ? 'absolute' : 'relative',
  };
  if (slot.layout === 'horizontal') style.minWidth = 0;
  return (
    <div data-flex="box" data-layout={layout} style={style}>
      {children.map((c, i) => (
        <FlexNode key={i} n={c} slot={{ layout, spacing: n.spacing, first: i === 0 }} />
      ))}
    </div>
  );
}

const KINDS: Record<string, (p: { n: Obj; slot: Slot }) => ReactNode> = {
  box: Box,
  text: Text,
  image: Image,
  video: Video,
  icon: Icon,
  button: Button,
  separator: Separator,
  spacer: Spacer,
  filler: Filler,
};

/** Any Flex component; an unknown kind (or not an object) draws nothing. */
export function FlexNode({ n, slot = ROOT }: { n: unknown; slot?: Slot }) {
  if (!isObj(n) || typeof n.type !== 'string') return null;
  const Kind = KINDS[n.type];
  return Kind ? <Kind n={n} slot={slot} /> : null;
}
