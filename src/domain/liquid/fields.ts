/**
 * Which string fields of a LINE message are Liquid templates, and immutable get/set along a path. Only
 * these are rendered, so a literal "{{" in, say, a quoteToken is never touched.
 */
import { flexTemplatePaths } from '../messages/flex-walk.ts';

export type Path = (string | number)[];

const COMMON: string[][] = [
  ['sender', 'name'],
  ['sender', 'iconUrl'],
  ['quickReply', 'items', '*', 'imageUrl'],
  ['quickReply', 'items', '*', 'action', 'label'],
  ['quickReply', 'items', '*', 'action', 'text'],
  ['quickReply', 'items', '*', 'action', 'uri'],
  ['quickReply', 'items', '*', 'action', 'displayText'],
];

export const TEMPLATE_FIELDS: Record<string, string[][]> = {
  text: [['text'], ...COMMON],
  imagemap: [
    ['baseUrl'],
    ['altText'],
    ['actions', '*', 'linkUri'],
    ['actions', '*', 'text'],
    ['actions', '*', 'label'],
    ['actions', '*', 'clipboardText'],
    ['video', 'originalContentUrl'],
    ['video', 'previewImageUrl'],
    ['video', 'externalLink', 'linkUri'],
    ['video', 'externalLink', 'label'],
    ...COMMON,
  ],
  image: [['originalContentUrl'], ['previewImageUrl'], ...COMMON],
  video: [['originalContentUrl'], ['previewImageUrl'], ...COMMON],
  sticker: COMMON,
  // Flex: these plus the texts, URLs and action fields found by walking the tree (flexTemplatePaths)
  flex: COMMON,
};

/** Every string at the template paths of one message, with its concrete path. */
export function templateStrings(message: unknown): { path: Path; value: string }[] {
  if (!message || typeof message !== 'object') return [];
  const patterns = TEMPLATE_FIELDS[(message as { type?: unknown }).type as string] ?? COMMON;
  const out: { path: Path; value: string }[] = [];
  const walk = (node: unknown, pattern: string[], at: Path) => {
    if (pattern.length === 0) {
      if (typeof node === 'string') out.push({ path: at, value: node });
      return;
    }
    if (!node || typeof node !== 'object') return;
    const [head, ...rest] = pattern as [string, ...string[]];
    if (head === '*') {
      if (Array.isArray(node)) node.forEach((child, i) => walk(child, rest, [...at, i]));
    } else walk((node as Record<string, unknown>)[head], rest, [...at, head]);
  };
  for (const p of patterns) walk(message, p, []);
  if ((message as { type?: unknown }).type === 'flex')
    for (const path of flexTemplatePaths(message)) {
      const value = getIn(message, path);
      if (typeof value === 'string') out.push({ path, value });
    }
  return out;
}

function getIn(root: unknown, path: Path): unknown {
  let node = root;
  for (const k of path) node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[k] : undefined;
  return node;
}

/** A copy of `root` with the value at `path` replaced; only the objects along the path are copied. */
export function setIn<T>(root: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path as [string | number, ...Path];
  const node = root as unknown as Record<string | number, unknown>;
  const copy = (Array.isArray(root) ? [...root] : { ...node }) as Record<string | number, unknown>;
  copy[head] = setIn(node[head], rest, value);
  return copy as T;
}
