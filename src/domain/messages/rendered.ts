/**
 * The check of what is sent: a RENDERED bundle (Liquid done, UTM tags and tracked links applied) against LINE's rules
 * for every message type Linecast composes, plus the size of the request that will carry it. One function for
 * validation (blank profile and sample recipients), test sends and delivery (each payload before it goes into a
 * request), so what is sent is what was validated.
 */
import { LIMITS } from './limits.ts';
import { jsonBodyBytes, validateMessages, type RuleError } from './validate.ts';

/** The code of every rule a rendered bundle breaks; also the delivery reason of a recipient whose payload breaks one. */
export const INVALID_RENDERED_MESSAGE = 'invalid_rendered_message';

let envelope: number | undefined;
/** Bytes a push/multicast body adds around `messages` at most: 500 recipients and a 30-character aggregation unit. */
function envelopeBytes(): number {
  envelope ??=
    jsonBodyBytes({ to: Array.from({ length: 500 }, () => 'U' + '0'.repeat(32)), messages: [], notificationDisabled: false, customAggregationUnits: ['x'.repeat(30)] }) - 2;
  return envelope;
}

/** The value a `messages[1].actions[0].linkUri` path names, relative to the bundle at `base`. */
function valueAt(messages: unknown, base: string, path: string): unknown {
  if (!path.startsWith(base)) return undefined;
  let node: unknown = messages;
  for (const m of path.slice(base.length).matchAll(/\[(\d+)\]|\.([^.[]+)/g)) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[m[1] ?? m[2]!];
  }
  return node;
}

/**
 * Every LINE rule the rendered bundle breaks, each with `code: 'invalid_rendered_message'` and `params.rule` (LINE's
 * rule as text) and, for a string field, `params.length` (UTF-16 units, as LINE counts text). Empty when it can be sent.
 */
export function validateRenderedMessages(messages: unknown, opts: { basePath?: string } = {}): RuleError[] {
  const base = opts.basePath ?? 'messages';
  const out: RuleError[] = validateMessages(messages, { basePath: base, templates: false }).map((e) => {
    const v = valueAt(messages, base, e.path);
    return { ...e, code: INVALID_RENDERED_MESSAGE, params: { rule: e.message, ...(typeof v === 'string' ? { length: v.length } : {}) } };
  });
  if (out.length) return out;
  const bytes = jsonBodyBytes(messages) + envelopeBytes();
  if (bytes > LIMITS.bodyMaxBytes)
    out.push({
      path: base,
      message: `The request would be ${bytes} bytes; LINE accepts at most ${LIMITS.bodyMaxBytes} bytes (2 MB)`,
      code: INVALID_RENDERED_MESSAGE,
      params: { rule: 'body_size', bytes, max: LIMITS.bodyMaxBytes },
    });
  return out;
}
