/** LINE accounts: the admin's list and forms, and the accounts a workspace may send from. */
import { del, getAll, patch, post, put } from './client.ts';
import { apiPath } from './paths.ts';
import type { LineAccount, LineAccountBody, LineAccountPatchBody, WorkspaceIds } from './types.ts';

export const lineAccountsApi = {
  list: () => getAll<LineAccount>(apiPath('line-accounts')),
  create: (body: LineAccountBody) => post<LineAccount>(apiPath('line-accounts'), body),
  update: (id: string, body: LineAccountPatchBody) => patch<LineAccount>(apiPath('line-accounts', id), body),
  setWorkspaces: (id: string, body: WorkspaceIds) => put<LineAccount>(apiPath('line-accounts', id, 'workspaces'), body),
  /** Asks LINE whether the stored credentials work (the answer is shown as it came). */
  verify: (id: string) => post<unknown>(apiPath('line-accounts', id, 'verify')),
  remove: (id: string) => del(apiPath('line-accounts', id)),
  ofWorkspace: (ws: string) => getAll<LineAccount>(apiPath('workspaces', ws, 'line-accounts')),
};
