/**
 * What the campaign page gives each of its tabs, and the helpers they share. Its own module, so the page imports
 * the tabs and the tabs import this, never the page (no import cycle between CampaignPage and its tabs).
 */
import { Tab as TabSchema } from '../../../../src/schemas/campaign.ts';
import type { Campaign, Tab, ValidationIssue } from '../../api/types.ts';
import type { useSaveCampaign } from '../useCampaign.ts';

/** The five tabs, in order (the schema's own list); their names are `tabs.<value>` in the catalogues. */
export const TABS: readonly Tab[] = TabSchema.options;

export interface TabProps {
  ws: string;
  campaign: Campaign;
  editable: boolean;
  issues: ValidationIssue[];
  save: ReturnType<typeof useSaveCampaign>['mutate'];
}

export function issuesFor(issues: ValidationIssue[] | undefined, tab: Tab): ValidationIssue[] {
  return (issues ?? []).filter((i) => i.tab === tab);
}

/** The first message for a field path (exact) or, with `prefix`, for anything under it. */
export function errorAt(issues: { path: string; message: string }[], path: string, prefix = false): string | undefined {
  const hits = issues.filter((i) => i.path === path || (prefix && (i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`))));
  return hits.length ? hits.map((h) => h.message).join('; ') : undefined;
}
