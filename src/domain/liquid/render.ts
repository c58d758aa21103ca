/**
 * Rendering of campaign content per recipient: compile once per campaign (parsed templates, emoji markers),
 * render thousands of times per second with liquidjs's synchronous renderer.
 */
import type { Template } from 'liquidjs';
import type { LineMessage } from '../messages/schemas.ts';
import { hasLiquid } from '../messages/strings.ts';
import { formatPath } from '../messages/path.ts';
import { RENDER_BUDGET, type RenderBudget } from './budget.ts';
import { engine, liquidErrorMessage, parseTemplate } from './engine.ts';
import { setIn, templateStrings, type Path } from './fields.ts';

export interface RenderContext {
  profile: Record<string, unknown>;
  campaign: { id: string; name: string };
}

interface CompiledField {
  path: Path;
  tpl: Template[];
}

interface CompiledMessage {
  source: LineMessage;
  fields: CompiledField[];
  /** Text with LINE emojis and Liquid: emoji "$" are replaced by markers so indexes can be re-found. */
  emojis?: { productId?: string; emojiId?: string }[];
}

export interface CompiledMessages {
  readonly messages: readonly CompiledMessage[];
}

/**
 * Why a template could not give a message: it does not parse (`template_invalid`), it failed while rendering
 * (`render_failed`, e.g. `divided_by: 0`), or it went over its render budget (`render_budget_exceeded`).
 */
export type TemplateErrorCode = 'template_invalid' | 'render_failed' | 'render_budget_exceeded';

/** Thrown by compile and render; names the field (`messages[1].text`) and carries the Liquid error as `reason`. */
export class TemplateRenderError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly code: TemplateErrorCode = 'render_failed',
    /** Which part of the budget was exceeded, for `render_budget_exceeded`. */
    readonly limit?: 'time' | 'memory' | 'output',
  ) {
    super(`${path}: ${reason}`);
    this.name = 'TemplateRenderError';
  }
}

const LIMIT_ERROR = /(template render|memory alloc) limit exceeded/;

// Supplementary private-use code points: unlike the BMP private-use area (old Japanese carrier emoji
// live there), nothing real sends these, so they cannot collide with profile data.
const MARK_BASE = 0x100000;

function markEmojis(text: string, emojis: { index: number }[]): string {
  const chars = text.split(''); // UTF-16 units, as LINE's emoji indexes count
  emojis.forEach((e, k) => {
    if (chars[e.index] === '$') chars[e.index] = String.fromCodePoint(MARK_BASE + k);
  });
  return chars.join('');
}

/** Rendered text with markers → text with "$" and the emojis at their new indexes (dropped if not rendered). */
function unmarkEmojis(rendered: string, emojis: { productId?: string; emojiId?: string }[]) {
  let text = '';
  const out: { index: number; productId?: string; emojiId?: string }[] = [];
  for (const ch of rendered) {
    const k = ch.codePointAt(0)! - MARK_BASE;
    if (k >= 0 && k < emojis.length) {
      out.push({ index: text.length, ...emojis[k]! });
      text += '$';
    } else text += ch;
  }
  return { text, emojis: out };
}

/** Parses every template field once. Throws TemplateRenderError (`template_invalid`, with the field) if one does not parse. */
export function compileMessages(messages: LineMessage[]): CompiledMessages {
  return {
    messages: messages.map((source, i) => {
      const fields: CompiledField[] = [];
      let emojis: CompiledMessage['emojis'];
      for (const { path, value } of templateStrings(source)) {
        if (!hasLiquid(value)) continue;
        let src = value;
        if (source.type === 'text' && path.length === 1 && path[0] === 'text' && source.emojis?.length) {
          emojis = source.emojis.map((e) => ({ productId: e.productId, emojiId: e.emojiId }));
          src = markEmojis(value, source.emojis);
        }
        let tpl: Template[];
        try {
          tpl = parseTemplate(src);
        } catch (err) {
          throw new TemplateRenderError(formatPath(`messages[${i}]`, path), liquidErrorMessage(err), 'template_invalid');
        }
        fields.push({ path, tpl });
      }
      return { source, fields, emojis };
    }),
  };
}

function renderField(tpl: Template[], ctx: object, path: string, budget: RenderBudget, deadline: number): string {
  const renderLimit = deadline - performance.now();
  if (renderLimit <= 0)
    throw new TemplateRenderError(path, `render budget exceeded: over ${budget.timeMs} ms`, 'render_budget_exceeded', 'time');
  try {
    return String(engine.renderSync(tpl, ctx, { renderLimit, memoryLimit: budget.memory }));
  } catch (err) {
    const reason = liquidErrorMessage(err);
    if (!LIMIT_ERROR.test(reason)) throw new TemplateRenderError(path, reason, 'render_failed');
    const memory = /memory/.test(reason);
    const what = memory ? `more than ${budget.memory} memory units` : `over ${budget.timeMs} ms`;
    throw new TemplateRenderError(
      path,
      `render budget exceeded: ${what} (${reason})`,
      'render_budget_exceeded',
      memory ? 'memory' : 'time',
    );
  }
}

/**
 * The messages for one recipient, each message's templates within `budget` (time, memory, output size). Messages
 * without Liquid are returned as the same objects (do not mutate).
 */
export function renderMessages(compiled: CompiledMessages, ctx: RenderContext, budget: RenderBudget = RENDER_BUDGET): LineMessage[] {
  const scope = { profile: ctx.profile ?? {}, campaign: ctx.campaign };
  return compiled.messages.map((c, i) => {
    let out = c.source;
    const deadline = performance.now() + budget.timeMs;
    let size = 0;
    for (const f of c.fields) {
      const path = formatPath(`messages[${i}]`, f.path);
      const value = renderField(f.tpl, scope, path, budget, deadline);
      size += value.length;
      if (size > budget.outputChars)
        throw new TemplateRenderError(
          path,
          `render budget exceeded: the message renders to more than ${budget.outputChars} characters`,
          'render_budget_exceeded',
          'output',
        );
      if (c.emojis && f.path[0] === 'text' && out.type === 'text') {
        const r = unmarkEmojis(value, c.emojis);
        out = { ...out, text: r.text, emojis: r.emojis };
      } else out = setIn(out, f.path, value);
    }
    return out;
  });
}

/** Test send: a profile with no attributes, so every `default` shows. */
export function renderForBlankProfile(
  messages: LineMessage[],
  campaign: { id: string; name: string },
  budget: RenderBudget = RENDER_BUDGET,
): LineMessage[] {
  return renderMessages(compileMessages(messages), { profile: {}, campaign }, budget);
}
