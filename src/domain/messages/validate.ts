/**
 * validateMessages: LINE's documented message rules, used by the API, the browser UI and the emulator alike.
 * It returns every error at once, each with LINE's own `property` path format (`messages[1].actions[3].area.x`).
 * Only what LINE documents as refused is an error here; Linecast's stricter advice is in policy.ts
 * (`messageWarnings`), shown as warnings and enforced by the emulator only in strict mode.
 */
import { z } from 'zod';
import { LIMITS, LINE_MESSAGE_TYPES, SUPPORTED_TYPES } from './limits.ts';
import { typeErrorMessage } from './fields.ts';
import { schemaSet } from './schemas.ts';
import { quickReplySchema, senderSchema } from './common.ts';
import { utf8Length } from './strings.ts';
import { codeOfZodIssue, coded, type IssueCode, type IssueParams } from '../issues.ts';

/** One broken rule: where (LINE's `property` path), the English message, and the code + params the UI translates. */
export type RuleError = { path: string; message: string; code: IssueCode; params: IssueParams };

/** A RuleError at `path` for a code of ours. */
export function ruleError(path: string, code: IssueCode, params: IssueParams = {}): RuleError {
  return { path, ...coded(code, params) };
}
import { formatPath } from './path.ts';

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

// reportInput: the issue keeps what was given, so a missing field and a wrong type get different codes.
const parseOptions = { error: typeErrorMessage, reportInput: true } as const;

function issues(schema: z.ZodType, value: unknown, base: string): RuleError[] {
  const r = schema.safeParse(value, parseOptions);
  return r.success ? [] : r.error.issues.map((i) => ({ path: formatPath(base, i.path), message: i.message, ...codeOfZodIssue(i) }));
}

const otherTypeSchemas = {
  templates: z.object({
    quickReply: quickReplySchema({ templates: true }).optional(),
    sender: senderSchema({ templates: true }).optional(),
  }),
  rendered: z.object({
    quickReply: quickReplySchema({ templates: false }).optional(),
    sender: senderSchema({ templates: false }).optional(),
  }),
};

/** Checks one message object at `path` (e.g. `messages[2]`). */
export function validateMessage(message: unknown, path: string, opts: ValidateOptions = {}): RuleError[] {
  const templates = opts.templates ?? true;
  if (!message || typeof message !== 'object' || Array.isArray(message)) return [ruleError(path, 'message_object')];
  const type = (message as { type?: unknown }).type;
  const allowed: readonly string[] = opts.allowOtherTypes ? LINE_MESSAGE_TYPES : SUPPORTED_TYPES;
  if (type === undefined || type === null) return [ruleError(`${path}.type`, 'required')];
  if (typeof type !== 'string' || !allowed.includes(type)) return [ruleError(`${path}.type`, 'one_of', { values: allowed.join(', ') })];
  const schema = schemaSet(templates).byType[type];
  if (schema) return issues(schema, message, path);
  return issues(templates ? otherTypeSchemas.templates : otherTypeSchemas.rendered, message, path);
}

export function validateMessages(messages: unknown, opts: ValidateOptions = {}): RuleError[] {
  const base = opts.basePath ?? 'messages';
  if (!Array.isArray(messages)) return [ruleError(base, messages === undefined || messages === null ? 'required' : 'type_array')];
  const out: RuleError[] = [];
  if (messages.length < LIMITS.messagesMin || messages.length > LIMITS.messagesMax)
    out.push(ruleError(base, 'size', { min: LIMITS.messagesMin, max: LIMITS.messagesMax }));
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
  return [ruleError(opts.path ?? '', 'body_too_large', { bytes, max })];
}
