/** Workspaces (admin), and a workspace's own settings. */
import { del, getAll, patch, post } from './client.ts';
import { apiPath } from './paths.ts';
import type { Workspace, WorkspaceBody, WorkspacePatchBody } from './types.ts';

export const workspacesApi = {
  list: () => getAll<Workspace>(apiPath('workspaces')),
  create: (body: WorkspaceBody) => post<Workspace>(apiPath('workspaces'), body),
  update: (id: string, body: WorkspacePatchBody) => patch<Workspace>(apiPath('workspaces', id), body),
  remove: (id: string) => del(apiPath('workspaces', id)),
};
