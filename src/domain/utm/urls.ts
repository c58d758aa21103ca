/**
 * Finding and replacing the links of LINE messages: URLs in text (found by linkifyjs), imagemap uri actions,
 * the imagemap video's external link, every uri action of a Flex message (bubble, box, image, text, button,
 * video; `uri` and `altUri.desktop`) and quick-reply uri actions. Media URLs (image, video, preview, icon) are not
 * links and are never passed on. UTM tagging and click tracking both use
 * mapUrls, so they always agree on which links exist.
 */
import * as linkify from 'linkifyjs';
import type { LineMessage } from '../messages/schemas.ts';
import { flexLinkPaths } from '../messages/flex-walk.ts';
import { formatPath } from '../messages/path.ts';

export interface FoundUrl {
  start: number;
  end: number;
  /** The URL exactly as written in the text (text.slice(start, end)). */
  href: string;
}

const HTTP = /^https?:\/\//i;

/**
 * http(s) URLs in a text, by UTF-16 offsets. Only links written with their scheme count: "example.com" is
 * left alone, because rewriting it would change what the recipient reads and guess its scheme.
 */
export function findUrls(text: string): FoundUrl[] {
  return linkify
    .find(text, 'url')
    .filter((l) => HTTP.test(l.value))
    .map((l) => ({ start: l.start, end: l.end, href: text.slice(l.start, l.end) }));
}

function isHttp(url: string): boolean {
  try {
    const p = new URL(url).protocol;
    return p === 'http:' || p === 'https:';
  } catch {
    return false;
  }
}

type Emoji = { index: number; productId?: string; emojiId?: string };

/** Replaces URLs in a text and moves LINE emoji indexes that sit after a replaced URL. */
function mapText(text: string, emojis: Emoji[] | undefined, fn: (url: string) => string) {
  const found = findUrls(text);
  if (found.length === 0) return null;
  let out = '';
  let last = 0;
  const shifts: { at: number; delta: number }[] = [];
  for (const f of found) {
    const next = fn(f.href);
    out += text.slice(last, f.start) + next;
    last = f.end;
    if (next.length !== f.href.length) shifts.push({ at: f.end, delta: next.length - f.href.length });
  }
  out += text.slice(last);
  const moved = emojis?.map((e) => ({ ...e, index: e.index + shifts.filter((s) => s.at <= e.index).reduce((n, s) => n + s.delta, 0) }));
  return { text: out, emojis: moved };
}

const mapLink = (v: unknown, fn: (url: string) => string) => (typeof v === 'string' && isHttp(v) ? fn(v) : v);

/**
 * Where a link sits: the message index and its path inside the message (`text`, `actions[1].linkUri`,
 * `contents.contents[2].footer…uri`, `quickReply.items[0].action.uri`).
 */
export interface LinkPlace {
  message: number;
  path: string;
  /** The carousel bubble the link is in (Flex carousels only). */
  bubble?: number;
}

type Rewrite = (url: string, at: LinkPlace) => string;

function mapQuickReply<T extends LineMessage>(m: T, i: number, fn: Rewrite): T {
  if (!m.quickReply?.items?.length) return m;
  const items = m.quickReply.items.map((it, k) =>
    it.action.type === 'uri'
      ? {
          ...it,
          action: {
            ...it.action,
            uri: mapLink(it.action.uri, (u) => fn(u, { message: i, path: `quickReply.items[${k}].action.uri` })) as string,
          },
        }
      : it,
  );
  return { ...m, quickReply: { ...m.quickReply, items } };
}

function setIn(root: unknown, path: ReadonlyArray<string | number>, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...Array<string | number>];
  const node = root as Record<string | number, unknown>;
  const copy = (Array.isArray(root) ? [...(root as unknown[])] : { ...node }) as Record<string | number, unknown>;
  copy[head] = setIn(node[head], rest, value);
  return copy;
}

function getIn(root: unknown, path: ReadonlyArray<string | number>): unknown {
  let node = root;
  for (const k of path) node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[k] : undefined;
  return node;
}

function mapFlex<T extends LineMessage>(m: T, i: number, fn: Rewrite): T {
  let out: unknown = m;
  for (const { path, bubble } of flexLinkPaths(m)) {
    const v = getIn(m, path);
    const at: LinkPlace = { message: i, path: formatPath('', path), ...(bubble !== null ? { bubble } : {}) };
    const next = mapLink(v, (u) => fn(u, at));
    if (next !== v) out = setIn(out, path, next);
  }
  return out as T;
}

/**
 * A copy of the messages with every http(s) link replaced by `fn(link, place)`. line:, tel: and other schemes are
 * not passed to `fn`. Call it on rendered messages: a URL still holding Liquid is not a URL yet.
 */
export function mapUrls(messages: LineMessage[], rewrite: Rewrite): LineMessage[] {
  return messages.map((m, i): LineMessage => {
    // every link is passed with its place, so click tracking can tell the same URL at two places apart
    const at = (path: string) => (url: string) => rewrite(url, { message: i, path });
    if (m.type === 'text') {
      const r = mapText(m.text, m.emojis, at('text'));
      const withText = r ? { ...m, text: r.text, ...(r.emojis ? { emojis: r.emojis } : {}) } : m;
      return mapQuickReply(withText, i, rewrite);
    }
    if (m.type === 'imagemap') {
      const actions = m.actions.map((a, k) =>
        a.type === 'uri' ? { ...a, linkUri: mapLink(a.linkUri, at(`actions[${k}].linkUri`)) as string } : a,
      );
      const link = m.video?.externalLink;
      const video =
        m.video && link
          ? { ...m.video, externalLink: { ...link, linkUri: mapLink(link.linkUri, at('video.externalLink.linkUri')) as string } }
          : m.video;
      return mapQuickReply({ ...m, actions, ...(video ? { video } : {}) }, i, rewrite);
    }
    if (m.type === 'flex') return mapQuickReply(mapFlex(m, i, rewrite), i, rewrite);
    return mapQuickReply(m, i, rewrite);
  });
}
