/** Reports: one campaign's, its CSV exports, and the workspace overview. */
import { api, get } from './client.ts';
import { apiPath, withQuery } from './paths.ts';
import type { CampaignReport, WorkspaceOverview } from './types.ts';

/** The CSV exports of a campaign. */
export type CampaignCsv = 'report.csv' | 'clicks.csv';

export const reportsApi = {
  campaign: (ws: string, id: string, signal?: AbortSignal) =>
    get<CampaignReport>(apiPath('workspaces', ws, 'campaigns', id, 'report'), signal),
  csv: (ws: string, id: string, file: CampaignCsv) => api<string>('GET', apiPath('workspaces', ws, 'campaigns', id, file)),
  overview: (ws: string, limit: number, signal?: AbortSignal) =>
    get<WorkspaceOverview>(withQuery(apiPath('workspaces', ws, 'reports', 'overview'), { limit }), signal),
};
