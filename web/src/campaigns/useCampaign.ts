import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { campaignsApi, type CampaignAction } from '../api/campaigns.ts';
import { qk } from '../api/keys.ts';
import type { Campaign, CampaignPatch } from '../api/types.ts';

export function useCampaign(ws: string, id: string) {
  return useQuery({
    queryKey: qk.campaign(ws, id),
    queryFn: ({ signal }) => campaignsApi.get(ws, id, signal),
    refetchInterval: (q) => (q.state.data && ['Active', 'Planned'].includes(q.state.data.state) ? 3_000 : false),
  });
}

/**
 * Saves one tab's fields; the answer becomes the cached campaign and validation re-runs. Two tabs' saves can be in
 * flight at once (a tab flushes its last edit as it closes) and their answers can arrive in either order: an older
 * answer never replaces a newer one, and the campaign is read again so the cache ends with both edits.
 */
export function useSaveCampaign(ws: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (p: CampaignPatch) => campaignsApi.update(ws, id, p),
    onSuccess: (c) => {
      qc.setQueryData<Campaign>(qk.campaign(ws, id), (old) => (old && old.updatedAt > c.updatedAt ? old : c));
      void qc.invalidateQueries({ queryKey: qk.campaign(ws, id) });
      void qc.invalidateQueries({ queryKey: qk.validation(ws, id) });
      void qc.invalidateQueries({ queryKey: qk.campaigns(ws) });
    },
  });
}

export function useValidation(ws: string, id: string, enabled: boolean) {
  return useQuery({
    queryKey: qk.validation(ws, id),
    queryFn: () => campaignsApi.validate(ws, id),
    enabled,
    staleTime: 0,
  });
}

export function useCampaignAction(ws: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: CampaignAction) => campaignsApi.act(ws, id, action),
    onSuccess: (c, action) => {
      if (action !== 'duplicate') qc.setQueryData(qk.campaign(ws, id), c);
      void qc.invalidateQueries({ queryKey: qk.campaigns(ws) });
      void qc.invalidateQueries({ queryKey: qk.validation(ws, id) });
    },
  });
}
