/** A workspace's segments and their reach (saved, or of a rule being edited). */
import { del, get, getAll, patch, post } from './client.ts';
import { apiPath } from './paths.ts';
import type { Reach, Segment, SegmentBody, SegmentPatchBody, SegmentRule } from './types.ts';

export const segmentsApi = {
  list: (ws: string) => getAll<Segment>(apiPath('workspaces', ws, 'segments')),
  create: (ws: string, body: SegmentBody) => post<Segment>(apiPath('workspaces', ws, 'segments'), body),
  update: (ws: string, id: string, body: SegmentPatchBody) => patch<Segment>(apiPath('workspaces', ws, 'segments', id), body),
  remove: (ws: string, id: string) => del(apiPath('workspaces', ws, 'segments', id)),
  reach: (ws: string, id: string, signal?: AbortSignal) => get<Reach>(apiPath('workspaces', ws, 'segments', id, 'reach'), signal),
  /** Reach of a rule not saved yet. */
  ruleReach: (ws: string, parentSegmentId: string, rule: SegmentRule) =>
    post<Reach>(apiPath('workspaces', ws, 'reach'), { parentSegmentId, rule }),
};
