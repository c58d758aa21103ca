/**
 * The check of what is sent: a RENDERED bundle (Liquid done, UTM tags and tracked links applied) against LINE's rules
 * for every message type Linecast composes, plus the size of the request that will carry it. One function for
 * validation (blank profile and sample recipients), test sends and delivery (each payload before it goes into a
 * request), so what is sent is what was validated.
 */
import { LIMITS } from './limits.ts';
import { jsonBodyBytes, validateMessages, type RuleError } from './validate.ts';
import { coded } from '../issues.ts';

/** The code of every rule a rendered bundle breaks; also the delivery reason of a recipient whose payload breaks one. */
export const INVALID_RENDERED_MESSAGE = 'invalid_rendered_message';

let envelope: number | undefined;
/** Bytes a push/multicast body adds around `messages` at most: 500 recipients and a 30-character aggregation unit. */
function envelopeBytes(): number {
  envelope ??=
    jsonBodyBytes({
      to: Array.from({ length: 500 }, () => 'U' + '0'.repeat(32)),
      messages: [],
      notificationDisabled: false,
      customAggregationUnits: ['x'.repeat(30)],
    }) - 2;
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
 * Every LINE rule the rendered bundle breaks, each with `code: 'invalid_rendered_message'`, `params.rule` (the broken
 * rule's issue code, src/domain/issues.ts) with that rule's own params and, for a string field, `params.length` (UTF-16 units, as LINE counts text). Empty when it can be sent.
 */
export function validateRenderedMessages(messages: unknown, opts: { basePath?: string } = {}): RuleError[] {
  const base = opts.basePath ?? 'messages';
  const out: RuleError[] = validateMessages(messages, { basePath: base, templates: false }).map((e) => {
    const v = valueAt(messages, base, e.path);
    // The broken rule's own code and params stay readable (`rule`, the rest), so a UI can say it in its language.
    // `who` is worded by the caller that knows (validation names the sample profile); `length` in UTF-16 units.
    return {
      path: e.path,
      ...coded(INVALID_RENDERED_MESSAGE, {
        ...e.params,
        rule: e.code,
        ruleMessage: e.message,
        length: typeof v === 'string' ? v.length : '-',
        who: 'the recipient',
      }),
    };
  });
  if (out.length) return out;
  const bytes = jsonBodyBytes(messages) + envelopeBytes();
  if (bytes > LIMITS.bodyMaxBytes)
    out.push({
      path: base,
      ...coded(INVALID_RENDERED_MESSAGE, {
        rule: 'body_too_large',
        ruleMessage: coded('body_too_large', { bytes, max: LIMITS.bodyMaxBytes }).message,
        bytes,
        max: LIMITS.bodyMaxBytes,
        length: bytes,
        who: 'the recipient',
      }),
    });
  return out;
}
