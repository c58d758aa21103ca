/** The sign-in session: who is signed in (and the CSRF token for writes), sign in, sign out. */
import { api } from './client.ts';
import { apiPath } from './paths.ts';
import type { SessionResponse, SignInBody } from './types.ts';

export const sessionApi = {
  get: () => api<SessionResponse>('GET', apiPath('session')),
  signIn: (body: SignInBody) => api<SessionResponse>('POST', apiPath('session'), { body }),
  signOut: () => api<void>('DELETE', apiPath('session')),
};
