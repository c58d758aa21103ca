/**
 * How the emulator judges message objects: with LINE's documented rules from src/domain/messages, as LINE
 * sees a request (rendered, so Liquid in a URL is just a bad URL; every LINE message type accepted, not only the
 * ones Linecast composes). In strict mode it also refuses what Linecast's policy only warns about.
 * Its verdicts are tested against LINE's documented cases (reference/line-message-cases.md), not against
 * Linecast's validator.
 */
import { LINE_USER_ID, LINE_USER_ID_ANY_CASE } from '../domain/line-ids.ts';
import { messageWarnings, validateMessages as lineRules, type RuleError } from '../domain/messages/index.ts';

/** LINE answers a path and a message; the codes Linecast adds for its UI do not go on the wire. */
export type MessageIssue = Pick<RuleError, 'path' | 'message'>;

export const EMULATOR_VALIDATE_OPTIONS = { templates: false, allowOtherTypes: true } as const;

export function validateMessages(messages: unknown, opts: { basePath?: string; strict?: boolean } = {}): MessageIssue[] {
  const basePath = opts.basePath ?? 'messages';
  const out: MessageIssue[] = lineRules(messages, { ...EMULATOR_VALIDATE_OPTIONS, basePath });
  if (opts.strict)
    for (const w of messageWarnings(messages, { templates: false, basePath })) out.push({ path: w.path, message: w.message });
  return out;
}

/** What LINE's reference shows as a retry key: "UUID in hexadecimal format". */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Multicast `to`: LINE's user ID format; strict mode takes it literally, otherwise any hex case passes the check. */
export const MULTICAST_TO = LINE_USER_ID_ANY_CASE;
export const MULTICAST_TO_STRICT = LINE_USER_ID;
