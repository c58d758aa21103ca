/** React Query keys in one place, so a mutation invalidates exactly what it changed. */
export const qk = {
  me: ['me'] as const,
  campaigns: (ws: string) => ['ws', ws, 'campaigns'] as const,
  campaign: (ws: string, id: string) => ['ws', ws, 'campaign', id] as const,
  validation: (ws: string, id: string) => ['ws', ws, 'campaign', id, 'validate'] as const,
  report: (ws: string, id: string) => ['ws', ws, 'campaign', id, 'report'] as const,
  overview: (ws: string) => ['ws', ws, 'overview'] as const,
  wsLineAccounts: (ws: string) => ['ws', ws, 'line-accounts'] as const,
  wsParentSegments: (ws: string) => ['ws', ws, 'parent-segments'] as const,
  segments: (ws: string) => ['ws', ws, 'segments'] as const,
  segmentReach: (ws: string, id: string) => ['ws', ws, 'segments', id, 'reach'] as const,
  testRecipients: (ws: string) => ['ws', ws, 'test-recipients'] as const,
  lineAccounts: ['admin', 'line-accounts'] as const,
  workspaces: ['admin', 'workspaces'] as const,
  users: ['admin', 'users'] as const,
  apiKeys: ['admin', 'api-keys'] as const,
  parentSegments: ['admin', 'parent-segments'] as const,
};
