/** Parent segments (the imported audiences): the admin's list, their profiles and imports, a workspace's share. */
import { del, get, getAll, post, put, upload, type Page, type ServerProgress } from './client.ts';
import { apiPath, withQuery } from './paths.ts';
import type { ImportOptions, ImportResult, ParentSegment, ParentSegmentBody, Profile, WorkspaceIds } from './types.ts';

export const parentSegmentsApi = {
  list: () => getAll<ParentSegment>(apiPath('parent-segments')),
  create: (body: ParentSegmentBody) => post<ParentSegment>(apiPath('parent-segments'), body),
  setWorkspaces: (id: string, body: WorkspaceIds) => put<ParentSegment>(apiPath('parent-segments', id, 'workspaces'), body),
  remove: (id: string) => del(apiPath('parent-segments', id)),
  profiles: (id: string, limit: number) => get<Page<Profile>>(withQuery(apiPath('parent-segments', id, 'profiles'), { limit })),
  /** Uploads a CSV or NDJSON file with upload progress and, while the server works, its progress. */
  import: (
    id: string,
    options: ImportOptions,
    file: Blob,
    contentType: string,
    onProgress: (sent: number, total: number) => void,
    onServerProgress?: (p: ServerProgress) => void,
  ) => upload<ImportResult>(withQuery(apiPath('parent-segments', id, 'import'), options), file, contentType, onProgress, onServerProgress),
  ofWorkspace: (ws: string) => getAll<ParentSegment>(apiPath('workspaces', ws, 'parent-segments')),
};
