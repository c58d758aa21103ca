/**
 * Rendering of campaign content per recipient: compile once per campaign (parsed templates, emoji markers),
 * render thousands of times per second with liquidjs's synchronous renderer.
 */
import type { Template } from 'liquidjs';
import type { LineMessage } from '../messages/schemas.ts';
import { hasLiquid } from '../messages/strings.ts';
import { formatPath } from '../messages/validate.ts';
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

/** Thrown when a template fails while rendering (e.g. `divided_by: 0`, a render limit); names the field. */
export class TemplateRenderError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'TemplateRenderError';
  }
}

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

/** Parses every template field once. Throws (liquidjs error) if a template does not parse: check first. */
export function compileMessages(messages: LineMessage[]): CompiledMessages {
  return {
    messages: messages.map((source) => {
      const fields: CompiledField[] = [];
      let emojis: CompiledMessage['emojis'];
      for (const { path, value } of templateStrings(source)) {
        if (!hasLiquid(value)) continue;
        let src = value;
        if (source.type === 'text' && path.length === 1 && path[0] === 'text' && source.emojis?.length) {
          emojis = source.emojis.map((e) => ({ productId: e.productId, emojiId: e.emojiId }));
          src = markEmojis(value, source.emojis);
        }
        fields.push({ path, tpl: parseTemplate(src) });
      }
      return { source, fields, emojis };
    }),
  };
}

function renderField(tpl: Template[], ctx: RenderContext, path: string): string {
  try {
    return String(engine.renderSync(tpl, ctx));
  } catch (err) {
    throw new TemplateRenderError(path, liquidErrorMessage(err));
  }
}

/** The messages for one recipient. Messages without Liquid are returned as the same objects (do not mutate). */
export function renderMessages(compiled: CompiledMessages, ctx: RenderContext): LineMessage[] {
  const scope = { profile: ctx.profile ?? {}, campaign: ctx.campaign };
  return compiled.messages.map((c, i) => {
    let out = c.source;
    for (const f of c.fields) {
      const value = renderField(f.tpl, scope, formatPath(`messages[${i}]`, f.path));
      if (c.emojis && f.path[0] === 'text' && out.type === 'text') {
        const r = unmarkEmojis(value, c.emojis);
        out = { ...out, text: r.text, emojis: r.emojis };
      } else out = setIn(out, f.path, value);
    }
    return out;
  });
}

/** Test send: a profile with no attributes, so every `default` shows. */
export function renderForBlankProfile(messages: LineMessage[], campaign: { id: string; name: string }): LineMessage[] {
  return renderMessages(compileMessages(messages), { profile: {}, campaign });
}
