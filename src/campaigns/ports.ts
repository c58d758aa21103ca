/**
 * The campaign module's seams to its neighbours (LINE rules, the LINE client, audience reach, the delivery
 * engine). They are loaded on first use so that the campaign API keeps serving drafts even while a neighbour
 * module is being replaced, and so tests can see exactly which outside calls campaigns make.
 */
import type { Queryable } from '../db/types.ts';

type Issue = { path: string; message: string };

export interface DomainPort {
  validateMessages(messages: unknown[], opts?: { basePath?: string }): Issue[];
  checkTemplates(messages: unknown[]): Issue[];
  isPersonalized(messages: unknown[]): boolean;
  validateUtm(utm: unknown): Issue[];
}

export async function domain(): Promise<DomainPort> {
  return (await import('../domain/index.ts')) as unknown as DomainPort;
}

export interface Reach {
  profiles: number;
  withLineUserId: number;
  following: number;
}

export async function segmentReach(q: Queryable, args: { parentSegmentId: string; rule: unknown; lineAccountId?: string }): Promise<Reach> {
  const m = (await import('../audience/index.ts')) as unknown as { segmentReach(q: Queryable, a: typeof args): Promise<Reach> };
  return m.segmentReach(q, args);
}

export async function snapshotCampaign(q: Queryable, args: { campaignId: string; revisionId: number }): Promise<{ pending: number; excluded: Record<string, number> }> {
  const m = (await import('../delivery/snapshot.ts')) as unknown as { snapshotCampaign: (q: Queryable, a: typeof args) => Promise<{ pending: number; excluded: Record<string, number> }> };
  return m.snapshotCampaign(q, args);
}

export async function onCampaignCanceled(q: Queryable, campaignId: string): Promise<void> {
  const m = (await import('../delivery/index.ts')) as unknown as { onCampaignCanceled: (q: Queryable, id: string) => Promise<void> };
  await m.onCampaignCanceled(q, campaignId);
}

export async function onCampaignResumed(q: Queryable, campaignId: string): Promise<void> {
  const m = (await import('../delivery/index.ts')) as unknown as { onCampaignResumed: (q: Queryable, id: string) => Promise<void> };
  await m.onCampaignResumed(q, campaignId);
}
