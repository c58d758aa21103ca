/**
 * The Flex JSON editor's reading of what was typed: strict JSON (no comments, no trailing commas, as LINE takes
 * it) parsed by jsonc-parser, which keeps where each value sits, so a syntax error has a line and column and a
 * validation issue at a Flex path can be shown at the line holding that path.
 */
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node } from 'jsonc-parser';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

export interface Position {
  line: number;
  column: number;
}
export type SyntaxCode = Exclude<ReturnType<typeof printParseErrorCode>, `<${string}`>;
/** A parser code the catalogues have no words for (a newer jsonc-parser) reads as this one. */
const SYNTAX_FALLBACK = 'InvalidSymbol' satisfies SyntaxCode;

export type Parsed = { ok: true; value: unknown; root: Node } | { ok: false; code: SyntaxCode | 'Empty'; at: Position; offset: number };

/** 1-based line and column of a character offset. */
export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

export function parseJson(text: string): Parsed {
  if (text.trim() === '') return { ok: false, code: 'Empty', at: { line: 1, column: 1 }, offset: 0 };
  const errors: { error: number; offset: number; length: number }[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first || !root) {
    const offset = first?.offset ?? 0;
    const name = first ? printParseErrorCode(first.error) : null;
    const code: SyntaxCode = name && !name.startsWith('<') ? (name as SyntaxCode) : SYNTAX_FALLBACK;
    return { ok: false, code, at: positionAt(text, offset), offset };
  }
  // JSON.parse for the value: jsonc-parser's own reading keeps duplicate keys' first value, JSON.parse (like LINE's
  // servers and every JSON library) the last
  return { ok: true, value: JSON.parse(text) as unknown, root };
}

/** What the text holds: a whole Flex message, or a container (bubble or carousel) as the Simulator exports it. */
const SHAPES: Record<string, Shape> = { flex: 'message', bubble: 'container', carousel: 'container' };
export type Shape = 'message' | 'container';

export function shapeOf(value: unknown): Shape | null {
  return isObj(value) && typeof value.type === 'string' ? (SHAPES[value.type] ?? null) : null;
}

/**
 * The message the typed JSON makes, from the message being edited: a container replaces its `contents`; a whole
 * message replaces it, keeping the current altText when the pasted one has none. Null for any other JSON.
 */
export function messageFrom(value: unknown, current: Json): Json | null {
  const shape = shapeOf(value);
  if (shape === 'container') return { ...current, type: 'flex', contents: value };
  if (shape === 'message' && isObj(value)) return typeof value.altText === 'string' ? value : { ...value, altText: current.altText ?? '' };
  return null;
}

/** `.contents.contents[1].body` → ['contents', 'contents', 1, 'body']. */
export function segments(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const m of path.matchAll(/\.([^.[\]]+)|\[(\d+)\]/g)) out.push(m[1] !== undefined ? m[1] : Number(m[2]));
  return out;
}

/**
 * Where a validation issue at `rest` (its path after `content.messages[i]`) sits in the typed text: the line of
 * the value at that path, or of its nearest ancestor when the value is missing (a required field). Null when the
 * text does not hold that part of the message (altText or quickReply beside a pasted container).
 */
export function lineOfPath(text: string, parsed: Parsed, rest: string): number | null {
  if (!parsed.ok) return null;
  let path = segments(rest);
  if (shapeOf(parsed.value) === 'container') {
    if (path[0] !== 'contents') return null;
    path = path.slice(1);
  }
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(parsed.root, path.slice(0, n));
    // a property's value node; its line is the one naming the property
    if (node) return positionAt(text, node.parent?.type === 'property' ? node.parent.offset : node.offset).line;
  }
  return null;
}

export const pretty = (v: unknown) => JSON.stringify(v, null, 2) ?? '';
