import type { Campaign } from '../src/api/types.ts';

export const WS = '11111111-1111-4111-8111-111111111111';
export const CID = '22222222-2222-4222-8222-222222222222';

export function me() {
  return {
    user: {
      id: '33333333-3333-4333-8333-333333333333',
      email: 'm@example.com',
      name: 'M',
      isAdmin: false,
      memberships: [{ workspaceId: WS, role: 'marketer' }],
      hasPassword: true,
      createdAt: '2026-01-01T00:00:00Z',
    },
    workspaces: [
      { id: WS, name: 'Shop', description: '', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', role: 'marketer' },
    ],
  };
}

/** GET /api/v1/session for the marketer of me(), signed in with the session cookie. */
export function session(over: Record<string, unknown> = {}) {
  return {
    ...me(),
    csrfToken: 'csrf-token-of-this-session',
    passwordMustChange: false,
    expiresAt: '2026-01-08T00:00:00Z',
    via: 'session',
    ...over,
  };
}

export function draft(messages: Record<string, unknown>[]): Campaign {
  return {
    id: CID,
    workspaceId: WS,
    name: 'Winter sale',
    type: 'line',
    state: 'Draft',
    stateReason: null,
    audience: { parentSegmentId: null, segmentId: null },
    content: { lineAccountId: null, messages: messages as Campaign['content']['messages'] },
    schedule: { mode: 'immediate', at: null, timeZone: 'Asia/Tokyo' },
    activation: { maxAttempts: 6, backoffBaseMs: 1000, backoffCapMs: 300000 },
    utm: { source: 'line', medium: 'social', campaign: '', extra: {} },
    deliverySpeed: { mode: 'fastest' },
    recipientCap: null,
    trackingEnabled: true,
    aggregationUnit: null,
    sendMode: 'multicast',
    scheduledAt: null,
    revisionId: null,
    history: [],
    archivedAt: null,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    launchedAt: null,
    finishedAt: null,
  };
}

export const emptyPage = { items: [], nextCursor: null };
