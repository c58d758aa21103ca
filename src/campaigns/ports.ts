/**
 * The campaign module's seams to its neighbours: LINE message rules (domain), audience reach and the delivery
 * engine. Kept in one file so it is plain which outside calls campaigns make.
 */
export { segmentReach } from '../audience/index.ts';
export { snapshotCampaign, onCampaignCanceled, onCampaignResumed } from '../delivery/index.ts';

type Issue = { path: string; message: string };

export interface DomainPort {
  validateMessages(messages: unknown[], opts?: { basePath?: string }): Issue[];
  checkTemplates(messages: unknown[], opts?: { basePath?: string }): Issue[];
  isPersonalized(messages: unknown[]): boolean;
  validateUtm(utm: unknown): Issue[];
}

// Loaded on first use so the campaign API keeps serving while the LINE-rules barrel is being written.
export async function domain(): Promise<DomainPort> {
  return (await import('../domain/index.ts')) as unknown as DomainPort;
}
