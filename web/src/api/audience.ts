import { skipToken, useQuery } from '@tanstack/react-query';
import { qk } from './keys.ts';
import { lineAccountsApi } from './line-accounts.ts';
import { parentSegmentsApi } from './parent-segments.ts';
import { segmentsApi } from './segments.ts';
import type { SegmentRule } from './types.ts';

export function useWsParentSegments(ws: string) {
  return useQuery({ queryKey: qk.wsParentSegments(ws), queryFn: () => parentSegmentsApi.ofWorkspace(ws) });
}

export function useSegments(ws: string) {
  return useQuery({ queryKey: qk.segments(ws), queryFn: () => segmentsApi.list(ws) });
}

export function useSegmentReach(ws: string, segmentId: string | null | undefined) {
  return useQuery({
    queryKey: qk.segmentReach(ws, segmentId ?? ''),
    queryFn: segmentId ? ({ signal }) => segmentsApi.reach(ws, segmentId, signal) : skipToken,
    staleTime: 30_000,
  });
}

/** Reach of an unsaved rule, for the rule builder's live count. */
export function useRuleReach(ws: string, parentSegmentId: string | null, rule: SegmentRule) {
  const json = JSON.stringify(rule);
  return useQuery({
    queryKey: ['ws', ws, 'reach', parentSegmentId, json],
    queryFn: parentSegmentId ? () => segmentsApi.ruleReach(ws, parentSegmentId, rule) : skipToken,
    placeholderData: (prev) => prev,
    staleTime: 30_000,
  });
}

export function useWsLineAccounts(ws: string) {
  return useQuery({ queryKey: qk.wsLineAccounts(ws), queryFn: () => lineAccountsApi.ofWorkspace(ws) });
}
