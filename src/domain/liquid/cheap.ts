/**
 * Which templates are cheap enough to render on the calling thread (the event loop) instead of a render thread.
 * A render thread exists to stop a template that never yields, and each one costs ~50 MB and a cold start; most
 * campaigns are plain text or fill in a few profile attributes, whose cost grows only with the template and the
 * attribute values, never with a loop. Cheap: no Liquid at all, or only
 * - output (`{{ profile.x | default: "y" }}`) through filters from CHEAP_FILTERS, which each do one pass over their
 *   input and arguments (no `replace`, whose output grows with input × replacement, no `split`/`sort`/`join`…);
 * - the branch tags (if/elsif/else/unless/case/when) and comments;
 * and no range (`(1..n)`) anywhere.
 * No `for`, `tablerow`, `assign`, `capture`, `cycle`, `liquid`, `echo` or `increment`: a loop, or a variable built
 * from itself, is what makes a render long. Everything else stays isolated on the render threads.
 */
import { Tokenizer, TokenKind, Value, type TopLevelToken } from 'liquidjs';
import type { LineMessage } from '../messages/schemas.ts';
import { hasLiquid } from '../messages/strings.ts';
import { engine } from './engine.ts';
import { templateStrings } from './fields.ts';

export const CHEAP_FILTERS: ReadonlySet<string> = new Set([
  'default',
  'upcase',
  'downcase',
  'capitalize',
  'strip',
  'lstrip',
  'rstrip',
  'strip_newlines',
  'escape',
  'escape_once',
  'url_encode',
  'url_decode',
  'append',
  'prepend',
  'truncate',
  'slice',
  'size',
  'date',
  'plus',
  'minus',
  'times',
  'divided_by',
  'modulo',
  'round',
  'ceil',
  'floor',
  'abs',
  'at_least',
  'at_most',
]);

const CHEAP_TAGS: ReadonlySet<string> = new Set([
  'if',
  'elsif',
  'else',
  'endif',
  'unless',
  'endunless',
  'case',
  'when',
  'endcase',
  'comment',
  'endcomment',
]);

/** A range (`(1..n)`) outside string literals: it allocates n items wherever it appears. */
const hasRange = (expr: string) => expr.replace(/"[^"]*"|'[^']*'/g, '""').includes('..');

function cheapToken(t: TopLevelToken): boolean {
  if (t.kind === TokenKind.HTML) return true;
  if (t.kind === TokenKind.Output) {
    const { content } = t as unknown as { content: string };
    return !hasRange(content) && new Value(content, engine).filters.every((f) => CHEAP_FILTERS.has(f.name));
  }
  if (t.kind === TokenKind.Tag) {
    const { name, args } = t as unknown as { name: string; args: string };
    return CHEAP_TAGS.has(name) && !hasRange(args);
  }
  return false;
}

/** True when one template string is cheap (see above); a template that does not parse is not. */
export function isCheapTemplate(source: string): boolean {
  if (!hasLiquid(source)) return true;
  try {
    return new Tokenizer(source, engine.options.operators).readTopLevelTokens(engine.options).every(cheapToken);
  } catch {
    return false;
  }
}

/** True when every template field of every message is cheap: the messages may render on the calling thread. */
export function isCheapToRender(messages: readonly unknown[]): boolean {
  return messages.every((m) => templateStrings(m as LineMessage).every(({ value }) => isCheapTemplate(value)));
}
