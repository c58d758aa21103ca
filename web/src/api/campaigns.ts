/** A workspace's campaigns: list, edit, validate, the state actions, test sends and their saved recipients. */
import { get, getAll, patch, post, type Page } from './client.ts';
import { apiPath, withQuery } from './paths.ts';
import type {
  Campaign,
  CampaignCreateBody,
  CampaignPatch,
  CampaignState,
  TestRecipient,
  TestRecipientBody,
  TestSendResult,
  ValidationResult,
} from './types.ts';

/** The state actions (each answers the campaign as it now is; duplicate answers the copy). */
export type CampaignAction = 'launch' | 'schedule' | 'unschedule' | 'cancel' | 'resume' | 'duplicate' | 'archive' | 'unarchive';

export interface CampaignListFilter {
  state?: CampaignState;
  /** Search in the name; empty searches nothing. */
  q?: string;
  archived: 'false' | 'true' | 'all';
  cursor?: string;
  limit: number;
}

const campaignPath = (ws: string, id: string, ...rest: string[]) => apiPath('workspaces', ws, 'campaigns', id, ...rest);

export const campaignsApi = {
  list: (ws: string, f: CampaignListFilter, signal?: AbortSignal) =>
    get<Page<Campaign>>(
      withQuery(apiPath('workspaces', ws, 'campaigns'), {
        limit: f.limit,
        archived: f.archived,
        state: f.state,
        q: f.q || undefined,
        cursor: f.cursor || undefined,
      }),
      signal,
    ),
  create: (ws: string, body: CampaignCreateBody) => post<Campaign>(apiPath('workspaces', ws, 'campaigns'), body),
  get: (ws: string, id: string, signal?: AbortSignal) => get<Campaign>(campaignPath(ws, id), signal),
  update: (ws: string, id: string, body: CampaignPatch) => patch<Campaign>(campaignPath(ws, id), body),
  validate: (ws: string, id: string) => post<ValidationResult>(campaignPath(ws, id, 'validate')),
  act: (ws: string, id: string, action: CampaignAction) => post<Campaign>(campaignPath(ws, id, action)),
  testSend: (ws: string, id: string, lineUserId: string) => post<TestSendResult>(campaignPath(ws, id, 'test-send'), { lineUserId }),
  testRecipients: (ws: string) => getAll<TestRecipient>(apiPath('workspaces', ws, 'test-recipients')),
  addTestRecipient: (ws: string, body: TestRecipientBody) => post<TestRecipient>(apiPath('workspaces', ws, 'test-recipients'), body),
};
