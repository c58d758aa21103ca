/** Users, their passwords and API keys (admin pages; a user may change their own password and language). */
import { del, getAll, patch, post, put } from './client.ts';
import { apiPath } from './paths.ts';
import type { ApiKeyBody, ApiKeyCreatedRow, ApiKeyRow, PasswordBody, User, UserBody, UserPatchBody } from './types.ts';

export const usersApi = {
  list: () => getAll<User>(apiPath('users')),
  create: (body: UserBody) => post<User>(apiPath('users'), body),
  update: (id: string, body: UserPatchBody) => patch<User>(apiPath('users', id), body),
  setPassword: (id: string, body: PasswordBody) => put<void>(apiPath('users', id, 'password'), body),
};

export const apiKeysApi = {
  list: () => getAll<ApiKeyRow>(apiPath('api-keys')),
  create: (body: ApiKeyBody) => post<ApiKeyCreatedRow>(apiPath('api-keys'), body),
  revoke: (id: string) => del(apiPath('api-keys', id)),
};
