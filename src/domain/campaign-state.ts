/**
 * The campaign life cycle of the spec (Draft, Planned, Active, Finished, Suspended) as a table, so every legal
 * move is listed in one place and everything else is illegal. The API's CampaignState schema (src/schemas) is
 * built from this list, not the reverse.
 */
export const CAMPAIGN_STATES = ['Draft', 'Planned', 'Active', 'Finished', 'Suspended'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

export type CampaignEvent = 'launch' | 'schedule' | 'unschedule' | 'cancel' | 'start' | 'suspend' | 'resume' | 'finish' | 'retry';

const table: Record<CampaignState, Partial<Record<CampaignEvent, CampaignState>>> = {
  Draft: { launch: 'Active', schedule: 'Planned' },
  Planned: { start: 'Active', unschedule: 'Draft', cancel: 'Suspended' },
  Active: { cancel: 'Suspended', suspend: 'Suspended', finish: 'Finished' },
  Suspended: { resume: 'Active' },
  // "Retry failed" re-queues transient failures with new keys; the campaign delivers again until Finished.
  Finished: { retry: 'Active' },
};

export function nextState(from: CampaignState, event: CampaignEvent): CampaignState | null {
  return table[from][event] ?? null;
}

export function allowedEvents(from: CampaignState): CampaignEvent[] {
  return Object.keys(table[from]) as CampaignEvent[];
}

/**
 * Why a campaign is Suspended decides whether resuming makes sense. line_host_not_allowed: its LINE account
 * points at a host its credentials may not be sent to (docs/security.md); resumable once an admin fixes it.
 */
export const resumableReasons = ['canceled', 'quota_exhausted', 'sender_unauthorized', 'line_host_not_allowed'] as const;
export type ResumableReason = (typeof resumableReasons)[number];
export const isResumableReason = (reason: string | null | undefined): boolean =>
  (resumableReasons as readonly string[]).includes(reason ?? '');
