import { z } from 'zod';
import { Me } from './admin.ts';
import { Text } from './text.ts';

/**
 * Passwords: long enough to resist guessing offline, and plain text (Text: no NUL, no lone surrogates) so what
 * is hashed is what was typed.
 */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export const NewPassword = Text.min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`).max(
  PASSWORD_MAX,
  `must be at most ${PASSWORD_MAX} characters`,
);

export const SignInInput = z.object({
  email: Text.trim().min(1, 'email is required').max(320),
  // Not the new-password rules: a password set before a rule changed must still sign in.
  password: Text.min(1, 'password is required').max(PASSWORD_MAX),
});

export const SessionInfo = Me.extend({
  /** Send it as X-CSRF-Token with every write made with the session cookie; null when signed in with an API key. */
  csrfToken: z.string().nullable(),
  /** The password was chosen by someone else (first start, an admin's reset): choose a new one before anything else. */
  passwordMustChange: z.boolean(),
  expiresAt: z.string().nullable(),
  via: z.enum(['session', 'api_key']),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** Your own password needs the current one; an admin resetting someone else's sends only the new one. */
export const PasswordInput = z.object({
  currentPassword: Text.max(PASSWORD_MAX).optional(),
  newPassword: NewPassword,
});
