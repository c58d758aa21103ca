import { useEffect, useRef } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { campaignsApi, type CampaignAction } from '../api/campaigns.ts';
import { qk } from '../api/keys.ts';
import type { Campaign, CampaignPatch, Tab, ValidationIssue } from '../api/types.ts';

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

/**
 * Calls save(value) `delay` ms after the value stops changing, and only when it differs from what was loaded or
 * last saved. A tab that closes (the marketer opens the next tab) or a page being left saves what is still waiting
 * at once: an edit made in the last `delay` ms is kept.
 */
export function useAutosave<T>(value: T, save: (v: T) => void, delay = 400, enabled = true): void {
  const saved = useRef(JSON.stringify(value));
  const saveRef = useRef(save);
  saveRef.current = save;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const waiting = useRef<string | null>(null);
  /** Saves the waiting value now, if there is one; true when it did. */
  const flush = useRef(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const v = waiting.current;
    if (v === null) return false;
    waiting.current = null;
    saved.current = v;
    saveRef.current(JSON.parse(v) as T);
    return true;
  }).current;
  const json = JSON.stringify(value);
  useEffect(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    waiting.current = enabled && json !== saved.current ? json : null;
    if (waiting.current !== null) timer.current = setTimeout(flush, delay);
  }, [json, delay, enabled, flush]);
  useEffect(() => {
    // Closing or reloading the page with an edit still waiting: send it, and let the browser ask to stay.
    const leaving = (e: BeforeUnloadEvent) => {
      if (flush()) e.preventDefault();
    };
    window.addEventListener('beforeunload', leaving);
    return () => {
      window.removeEventListener('beforeunload', leaving);
      flush();
    };
  }, [flush]);
}

export function issuesFor(issues: ValidationIssue[] | undefined, tab: Tab): ValidationIssue[] {
  return (issues ?? []).filter((i) => i.tab === tab);
}

/** The first message for a field path (exact) or, with `prefix`, for anything under it. */
export function errorAt(issues: { path: string; message: string }[], path: string, prefix = false): string | undefined {
  const hits = issues.filter((i) => i.path === path || (prefix && (i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`))));
  return hits.length ? hits.map((h) => h.message).join('; ') : undefined;
}
