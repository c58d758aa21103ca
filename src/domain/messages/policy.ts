/**
 * Linecast's own advice on LINE messages: things LINE's documentation does not refuse (so the LINE rules in
 * the schemas accept them, and so does the emulator) but that would most likely show a broken or empty message.
 * Linecast shows them as warnings at validate (never blocking a launch); the emulator refuses them only when it
 * runs with `strict`. Each warning has a stable `code` and `params` so the UI can word it in any language.
 * The cases LINE is silent on are listed in reference/line-message-cases.md (verdict "nd").
 */
import { LIMITS } from './limits.ts';
import { formatPath } from './path.ts';
import { bubblesOf, componentsOf, flexActions } from './flex-walk.ts';
import { coded } from '../issues.ts';
import { graphemeLength, hasLineWordOtherCase, hasLiquid, lastSegmentHasExtension, needsPercentEncoding } from './strings.ts';

export type WarningCode =
  | 'imagemap_base_url_extension'
  | 'imagemap_area_outside_image'
  | 'imagemap_zero_size'
  | 'imagemap_alt_text_empty'
  | 'imagemap_no_actions'
  | 'imagemap_text_utf16_over'
  | 'text_blank'
  | 'quote_token_empty'
  | 'emoji_id_missing'
  | 'sender_name_line_word'
  | 'quick_reply_empty'
  | 'url_not_percent_encoded'
  | 'flex_alt_text_empty'
  | 'flex_carousel_empty'
  | 'flex_spacer_deprecated'
  | 'flex_filler_deprecated';

export interface RuleWarning {
  path: string;
  code: WarningCode;
  params: Record<string, string | number>;
  message: string;
}

export interface PolicyOptions {
  /** Path prefix of the array, default `messages`. */
  basePath?: string;
  /** Campaign content (may hold Liquid, default true): values with Liquid are judged after rendering only. */
  templates?: boolean;
}

type Obj = Record<string, unknown>;
type Path = Array<string | number>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

class Collector {
  readonly out: RuleWarning[] = [];
  constructor(
    private readonly base: string,
    readonly templates: boolean,
  ) {}

  add(path: Path, code: WarningCode, params: RuleWarning['params']): void {
    // The English message is the code's template (src/domain/issues.ts); a UI words it from code and params.
    this.out.push({ path: formatPath(this.base, path), ...coded(code, params), code });
  }

  /** A URL with raw spaces or non-ASCII characters (Liquid in templates is left for the rendered check). */
  url(value: unknown, path: Path): void {
    if (typeof value !== 'string' || (this.templates && hasLiquid(value)) || !needsPercentEncoding(value)) return;
    this.add(path, 'url_not_percent_encoded', {});
  }
}

function common(c: Collector, m: Obj, at: Path): void {
  const sender = m.sender;
  if (isObj(sender)) {
    if (typeof sender.name === 'string' && hasLineWordOtherCase(sender.name))
      c.add([...at, 'sender', 'name'], 'sender_name_line_word', { name: sender.name });
    c.url(sender.iconUrl, [...at, 'sender', 'iconUrl']);
  }
  const qr = m.quickReply;
  if (isObj(qr) && Array.isArray(qr.items)) {
    if (qr.items.length === 0) c.add([...at, 'quickReply', 'items'], 'quick_reply_empty', {});
    qr.items.forEach((item: unknown, i) => {
      if (!isObj(item)) return;
      c.url(item.imageUrl, [...at, 'quickReply', 'items', i, 'imageUrl']);
      if (isObj(item.action) && item.action.type === 'uri') c.url(item.action.uri, [...at, 'quickReply', 'items', i, 'action', 'uri']);
    });
  }
}

function textMessage(c: Collector, m: Obj, at: Path): void {
  if (typeof m.text === 'string' && m.text.length > 0 && m.text.trim() === '') c.add([...at, 'text'], 'text_blank', {});
  if (m.quoteToken === '') c.add([...at, 'quoteToken'], 'quote_token_empty', {});
  if (Array.isArray(m.emojis))
    m.emojis.forEach((e: unknown, i) => {
      if (!isObj(e)) return;
      for (const field of ['productId', 'emojiId'] as const)
        if (e[field] === undefined || e[field] === '') c.add([...at, 'emojis', i, field], 'emoji_id_missing', { field });
    });
}

/** Zero or negative sizes, and an area that starts or ends outside the image (`baseSize`). */
function area(c: Collector, a: unknown, at: Path, w: number | null, h: number | null): void {
  if (!isObj(a)) return;
  for (const field of ['width', 'height'] as const) {
    const v = a[field];
    if (isInt(v) && v <= 0) c.add([...at, field], 'imagemap_zero_size', { field: `area.${field}`, value: v });
  }
  const axis = (pos: 'x' | 'y', size: 'width' | 'height', limit: number | null) => {
    const p = a[pos];
    const s = a[size];
    if (limit === null || !isInt(p) || p < 0) return;
    const end = p + (isInt(s) && s > 0 ? s : 0);
    if (p >= limit || end > limit) c.add([...at, p >= limit ? pos : size], 'imagemap_area_outside_image', { field: size, end, limit });
  };
  axis('x', 'width', w);
  axis('y', 'height', h);
}

/** Imagemap text and labels: counted as graphemes by the LINE rule, but LINE's counting here is undocumented. */
function utf16Over(c: Collector, v: unknown, max: number, at: Path): void {
  if (typeof v !== 'string' || v.length <= max || graphemeLength(v) > max) return;
  c.add(at, 'imagemap_text_utf16_over', { max, units: v.length });
}

function imagemapMessage(c: Collector, m: Obj, at: Path): void {
  const baseUrl = m.baseUrl;
  if (typeof baseUrl === 'string' && lastSegmentHasExtension(baseUrl, c.templates)) {
    const ext = /\.([A-Za-z0-9]{1,8})$/.exec(baseUrl.replace(/[?#].*$/, ''))?.[1] ?? '';
    c.add([...at, 'baseUrl'], 'imagemap_base_url_extension', { extension: ext });
  }
  c.url(baseUrl, [...at, 'baseUrl']);
  if (m.altText === '') c.add([...at, 'altText'], 'imagemap_alt_text_empty', {});
  const bs = isObj(m.baseSize) ? m.baseSize : null;
  const w = bs && bs.width === LIMITS.imagemapBaseWidth ? LIMITS.imagemapBaseWidth : null;
  let h: number | null = null;
  if (bs && isInt(bs.height)) {
    if (bs.height <= 0) c.add([...at, 'baseSize', 'height'], 'imagemap_zero_size', { field: 'baseSize.height', value: bs.height });
    else h = bs.height;
  }
  if (Array.isArray(m.actions)) {
    if (m.actions.length < LIMITS.imagemapActionsMin) c.add([...at, 'actions'], 'imagemap_no_actions', {});
    m.actions.forEach((a: unknown, i) => {
      if (!isObj(a)) return;
      const ap = [...at, 'actions', i];
      area(c, a.area, [...ap, 'area'], w, h);
      if (a.type === 'uri') c.url(a.linkUri, [...ap, 'linkUri']);
      if (a.type === 'message') utf16Over(c, a.text, LIMITS.imagemapMessageTextMax, [...ap, 'text']);
      utf16Over(c, a.label, LIMITS.actionLabelMax, [...ap, 'label']);
    });
  }
  if (isObj(m.video)) {
    const vp = [...at, 'video'];
    area(c, m.video.area, [...vp, 'area'], w, h);
    c.url(m.video.originalContentUrl, [...vp, 'originalContentUrl']);
    c.url(m.video.previewImageUrl, [...vp, 'previewImageUrl']);
    if (isObj(m.video.externalLink)) c.url(m.video.externalLink.linkUri, [...vp, 'externalLink', 'linkUri']);
  }
}

function mediaMessage(c: Collector, m: Obj, at: Path): void {
  c.url(m.originalContentUrl, [...at, 'originalContentUrl']);
  c.url(m.previewImageUrl, [...at, 'previewImageUrl']);
}

function flexMessage(c: Collector, m: Obj, at: Path): void {
  if (m.altText === '') c.add([...at, 'altText'], 'flex_alt_text_empty', {});
  if (isObj(m.contents) && m.contents.type === 'carousel' && Array.isArray(m.contents.contents) && m.contents.contents.length === 0)
    c.add([...at, 'contents', 'contents'], 'flex_carousel_empty', {});
  for (const b of bubblesOf(m))
    for (const comp of componentsOf(b)) {
      if (comp.node.type === 'spacer') c.add([...at, ...comp.path, 'type'], 'flex_spacer_deprecated', {});
      // LINE's Flex Message layout guide lists the filler as "(deprecated)" without saying it is refused: a warning
      if (comp.node.type === 'filler') c.add([...at, ...comp.path, 'type'], 'flex_filler_deprecated', {});
      if (comp.node.type === 'image' || comp.node.type === 'icon' || comp.node.type === 'video')
        c.url(comp.node.url, [...at, ...comp.path, 'url']);
    }
  for (const a of flexActions(m)) if (a.action.type === 'uri') c.url(a.action.uri, [...at, ...a.path, 'uri']);
}

/** Every warning at once, paths in LINE's property format like the errors (`messages[1].actions[3].area.x`). */
export function messageWarnings(messages: unknown, opts: PolicyOptions = {}): RuleWarning[] {
  const c = new Collector(opts.basePath ?? 'messages', opts.templates ?? true);
  if (!Array.isArray(messages)) return c.out;
  messages.forEach((m: unknown, i) => {
    if (!isObj(m)) return;
    common(c, m, [i]);
    if (m.type === 'text') textMessage(c, m, [i]);
    if (m.type === 'imagemap') imagemapMessage(c, m, [i]);
    if (m.type === 'image' || m.type === 'video') mediaMessage(c, m, [i]);
    if (m.type === 'flex') flexMessage(c, m, [i]);
  });
  return c.out;
}
