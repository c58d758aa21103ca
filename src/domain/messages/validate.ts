/**
 * validateMessages: LINE's documented message rules, used by the API, the browser UI and the emulator alike.
 * It returns every error at once, each with LINE's own `property` path format (`messages[1].actions[3].area.x`).
 * Only what LINE documents as refused is an error here; Linecast's stricter advice is in policy.ts
 * (`messageWarnings`), shown as warnings and enforced by the emulator only in strict mode.
 */
import { z } from 'zod';
import { LIMITS, LINE_MESSAGE_TYPES, SUPPORTED_TYPES } from './limits.ts';
import { MSG, typeErrorMessage } from './fields.ts';
import { schemaSet } from './schemas.ts';
import { quickReplySchema, senderSchema } from './common.ts';
import { utf8Length } from './strings.ts';
import { formatPath } from './path.ts';

export type RuleError = { path: string; message: string };

export interface ValidateOptions {
  /** Path prefix of the array, default `messages` (campaigns use `content.messages`). */
  basePath?: string;
  /**
   * Accept Liquid in URL fields (default true). The emulator passes false: what reaches LINE is rendered,
   * and LINE would reject `{{ profile.url }}` as a link.
   */
  templates?: boolean;
  /**
   * Accept LINE message types Linecast does not compose (image, sticker, flex, …), checking only their common
   * properties (sender, quickReply). Default false. The emulator passes true, since LINE accepts them.
   */
  allowOtherTypes?: boolean;
}

export { formatPath };

const parseOptions = { error: typeErrorMessage } as const;

function issues(schema: z.ZodType, value: unknown, base: string): RuleError[] {
  const r = schema.safeParse(value, parseOptions);
  return r.success ? [] : r.error.issues.map((i) => ({ path: formatPath(base, i.path), message: i.message }));
}

const otherTypeSchemas = {
  templates: z.object({ quickReply: quickReplySchema({ templates: true }).optional(), sender: senderSchema({ templates: true }).optional() }),
  rendered: z.object({ quickReply: quickReplySchema({ templates: false }).optional(), sender: senderSchema({ templates: false }).optional() }),
};

/** Checks one message object at `path` (e.g. `messages[2]`). */
export function validateMessage(message: unknown, path: string, opts: ValidateOptions = {}): RuleError[] {
  const templates = opts.templates ?? true;
  if (!message || typeof message !== 'object' || Array.isArray(message)) return [{ path, message: 'Must be a message object' }];
  const type = (message as { type?: unknown }).type;
  const allowed: readonly string[] = opts.allowOtherTypes ? LINE_MESSAGE_TYPES : SUPPORTED_TYPES;
  if (type === undefined || type === null) return [{ path: `${path}.type`, message: 'must be specified' }];
  if (typeof type !== 'string' || !allowed.includes(type)) return [{ path: `${path}.type`, message: MSG.oneOf(allowed) }];
  const set = schemaSet(templates);
  if (type === 'text') return issues(set.text, message, path);
  if (type === 'imagemap') return issues(set.imagemap, message, path);
  return issues(templates ? otherTypeSchemas.templates : otherTypeSchemas.rendered, message, path);
}

export function validateMessages(messages: unknown, opts: ValidateOptions = {}): RuleError[] {
  const base = opts.basePath ?? 'messages';
  if (!Array.isArray(messages)) return [{ path: base, message: messages === undefined || messages === null ? 'must be specified' : 'Must be an array' }];
  const out: RuleError[] = [];
  if (messages.length < LIMITS.messagesMin || messages.length > LIMITS.messagesMax)
    out.push({ path: base, message: MSG.size(LIMITS.messagesMin, LIMITS.messagesMax) });
  messages.forEach((m, i) => out.push(...validateMessage(m, `${base}[${i}]`, opts)));
  return out;
}

/** Size in bytes of a JSON request body as sent (UTF-8); a string is taken as the serialized body. */
export function jsonBodyBytes(body: unknown): number {
  return utf8Length(typeof body === 'string' ? body : (JSON.stringify(body) ?? ''));
}

/** LINE answers 413 above 2 MB; checking before sending turns that into a clear validation error. */
export function checkBodySize(body: unknown, opts: { maxBytes?: number; path?: string } = {}): RuleError[] {
  const max = opts.maxBytes ?? LIMITS.bodyMaxBytes;
  const bytes = jsonBodyBytes(body);
  if (bytes <= max) return [];
  return [{ path: opts.path ?? '', message: `The request body is ${bytes} bytes; LINE accepts at most ${max} bytes (2 MB)` }];
}
