import { useQuery } from '@tanstack/react-query';
import { get, getAll, post } from './client.ts';
import { qk } from './keys.ts';
import type { LineAccount, ParentSegment, Reach, Segment, SegmentRule } from './types.ts';

export function useWsParentSegments(ws: string) {
  return useQuery({ queryKey: qk.wsParentSegments(ws), queryFn: () => getAll<ParentSegment>(`/api/v1/workspaces/${ws}/parent-segments`) });
}

export function useSegments(ws: string) {
  return useQuery({ queryKey: qk.segments(ws), queryFn: () => getAll<Segment>(`/api/v1/workspaces/${ws}/segments`) });
}

export function useSegmentReach(ws: string, segmentId: string | null | undefined) {
  return useQuery({
    queryKey: qk.segmentReach(ws, segmentId ?? ''),
    queryFn: ({ signal }) => get<Reach>(`/api/v1/workspaces/${ws}/segments/${segmentId}/reach`, signal),
    enabled: !!segmentId,
    staleTime: 30_000,
  });
}

/** Reach of an unsaved rule, for the rule builder's live count. */
export function useRuleReach(ws: string, parentSegmentId: string | null, rule: SegmentRule) {
  const json = JSON.stringify(rule);
  return useQuery({
    queryKey: ['ws', ws, 'reach', parentSegmentId, json],
    queryFn: () => post<Reach>(`/api/v1/workspaces/${ws}/reach`, { parentSegmentId, rule }),
    enabled: !!parentSegmentId,
    placeholderData: (prev) => prev,
    staleTime: 30_000,
  });
}

export function useWsLineAccounts(ws: string) {
  return useQuery({ queryKey: qk.wsLineAccounts(ws), queryFn: () => getAll<LineAccount>(`/api/v1/workspaces/${ws}/line-accounts`) });
}
