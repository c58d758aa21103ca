/**
 * The emulator judges message objects with the shared LINE rules (src/domain/messages), as LINE would see them:
 * rendered (no Liquid allowed in URLs) and with every LINE message type accepted, not only the ones Linecast
 * composes. Keeping this adapter means the emulator never grows a validator of its own.
 */
import { validateMessages as validateShared, type RuleError } from '../domain/messages/index.ts';

/** LINE answers a path and a message; the codes Linecast adds for its UI do not go on the wire. */
export type MessageIssue = Pick<RuleError, 'path' | 'message'>;

export const EMULATOR_VALIDATE_OPTIONS = { templates: false, allowOtherTypes: true } as const;

export function validateMessages(messages: unknown, opts: { basePath?: string } = {}): MessageIssue[] {
  return validateShared(messages, { ...EMULATOR_VALIDATE_OPTIONS, ...opts });
}
