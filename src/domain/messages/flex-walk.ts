/**
 * Walking a Flex message's tree (container → bubbles → blocks → components → actions), for the rules that depend
 * on where a component sits (flex.ts), the Liquid fields (liquid/fields.ts) and the links (utm/urls.ts), so they all
 * agree on what a Flex message holds. Paths are relative to the message object, in zod's form.
 */
export type Obj = Record<string, unknown>;
export type Path = Array<string | number>;

export const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

export type BlockName = 'header' | 'hero' | 'body' | 'footer';
export const BLOCKS: readonly BlockName[] = ['header', 'hero', 'body', 'footer'];

export interface BubbleAt {
  bubble: Obj;
  path: Path;
  /** Index in the carousel; null for a single bubble. */
  index: number | null;
}

/** The bubbles of a Flex message (`message.contents`): one, or those of the carousel. */
export function bubblesOf(message: unknown): BubbleAt[] {
  if (!isObj(message) || !isObj(message.contents)) return [];
  const c = message.contents;
  if (c.type === 'bubble') return [{ bubble: c, path: ['contents'], index: null }];
  if (c.type === 'carousel' && Array.isArray(c.contents))
    return c.contents.flatMap((b, i) => (isObj(b) ? [{ bubble: b, path: ['contents', 'contents', i], index: i }] : []));
  return [];
}

export interface ComponentAt {
  node: Obj;
  path: Path;
  block: BlockName;
  /** The layout of the box holding it; null for the block's own root component (and a video's altContent). */
  parentLayout: string | null;
  /** True for the altContent of a video. */
  altContent: boolean;
}

/** Every component of a bubble, depth first, including box roots, text spans are not components here. */
export function componentsOf(b: BubbleAt): ComponentAt[] {
  const out: ComponentAt[] = [];
  const visit = (node: unknown, path: Path, block: BlockName, parentLayout: string | null, altContent: boolean) => {
    if (!isObj(node)) return;
    out.push({ node, path, block, parentLayout, altContent });
    if (node.type === 'box' && Array.isArray(node.contents)) {
      const layout = typeof node.layout === 'string' ? node.layout : null;
      node.contents.forEach((child, i) => visit(child, [...path, 'contents', i], block, layout, false));
    }
    if (node.type === 'video') visit(node.altContent, [...path, 'altContent'], block, null, true);
  };
  for (const block of BLOCKS) visit(b.bubble[block], [...b.path, block], block, null, false);
  return out;
}

/** Every action object of a Flex message with its path: the bubble's own and those of its components. */
export function flexActions(message: unknown): Array<{ action: Obj; path: Path; owner: string }> {
  const out: Array<{ action: Obj; path: Path; owner: string }> = [];
  for (const b of bubblesOf(message)) {
    if (isObj(b.bubble.action)) out.push({ action: b.bubble.action, path: [...b.path, 'action'], owner: 'bubble' });
    for (const c of componentsOf(b))
      if (isObj(c.node.action)) out.push({ action: c.node.action, path: [...c.path, 'action'], owner: String(c.node.type) });
  }
  return out;
}

/** Action fields that hold text a person reads or a link: the ones Liquid may personalise. */
const ACTION_TEXT_FIELDS = ['label', 'text', 'displayText', 'fillInText', 'clipboardText', 'uri'] as const;

/**
 * Every string of a Flex message Liquid may personalise, with its path: altText, text and span text, image, icon
 * and video URLs, and the readable or link fields of every action (not postback `data`, not style properties).
 */
export function flexTemplatePaths(message: unknown): Path[] {
  if (!isObj(message)) return [];
  const out: Path[] = [];
  const str = (v: unknown, p: Path) => {
    if (typeof v === 'string') out.push(p);
  };
  str(message.altText, ['altText']);
  for (const b of bubblesOf(message))
    for (const c of componentsOf(b)) {
      const n = c.node;
      if (n.type === 'text') {
        str(n.text, [...c.path, 'text']);
        if (Array.isArray(n.contents)) n.contents.forEach((s, i) => isObj(s) && str(s.text, [...c.path, 'contents', i, 'text']));
      }
      if (n.type === 'image' || n.type === 'icon' || n.type === 'video') str(n.url, [...c.path, 'url']);
      if (n.type === 'video') str(n.previewUrl, [...c.path, 'previewUrl']);
    }
  for (const a of flexActions(message)) {
    for (const f of ACTION_TEXT_FIELDS) str(a.action[f], [...a.path, f]);
    if (isObj(a.action.altUri)) str(a.action.altUri.desktop, [...a.path, 'altUri', 'desktop']);
  }
  return out;
}

/** Where a link sits in a Flex message, for the click report: the bubble (carousel index) and the component path. */
export function flexLinkPaths(message: unknown): Array<{ path: Path; bubble: number | null }> {
  const out: Array<{ path: Path; bubble: number | null }> = [];
  const bubbleOf = (p: Path) => (p[0] === 'contents' && p[1] === 'contents' && typeof p[2] === 'number' ? p[2] : null);
  for (const a of flexActions(message)) {
    if (a.action.type !== 'uri') continue;
    if (typeof a.action.uri === 'string') out.push({ path: [...a.path, 'uri'], bubble: bubbleOf(a.path) });
    if (isObj(a.action.altUri) && typeof a.action.altUri.desktop === 'string')
      out.push({ path: [...a.path, 'altUri', 'desktop'], bubble: bubbleOf(a.path) });
  }
  return out;
}
