import type { TFunction } from 'i18next';
import { NewPassword } from '../../../src/schemas/auth.ts';
import { fieldErrors } from '../config/forms.ts';

/**
 * What is wrong with a new password, in the user's language, by the server's own rule (NewPassword): checked as
 * it is typed and again by the server. Undefined when it is fine or still empty.
 */
export function passwordProblem(t: TFunction, password: string): string | undefined {
  if (!password) return undefined;
  const errs = fieldErrors(NewPassword.safeParse(password), t);
  return errs[''];
}
