import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { LineAccountsPage } from '../src/config/LineAccountsPage.tsx';
import { changedFields } from '../src/config/forms.ts';
import { renderUi, stubFetch } from './render.tsx';
import { emptyPage } from './fixtures.ts';

const ID = '44444444-4444-4444-8444-444444444444';
const account = {
  id: ID,
  name: 'Shop OA',
  channelId: '1650000000',
  channelSecretLast4: '0001',
  channelAccessTokenLast4: '0002',
  tokenMode: 'longLived',
  apiBaseUrl: 'https://api.line.me',
  pushPerSecond: 150,
  multicastPerSecond: 15,
  isSandbox: false,
  isEmulator: false,
  workspaceIds: [],
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

function setup() {
  const calls = stubFetch({
    'GET /api/v1/line-accounts': { items: [account], nextCursor: null },
    'GET /api/v1/workspaces': emptyPage,
    [`PATCH /api/v1/line-accounts/${ID}`]: (body: unknown) => ({ ...account, ...(body as object) }),
  });
  renderUi(<LineAccountsPage />);
  return calls;
}

describe('LINE accounts page: a PATCH names only what the dialog changed', () => {
  beforeEach(() => localStorage.clear());

  it('rotating the token sends the token and nothing else', async () => {
    const calls = setup();
    fireEvent.click(await screen.findByRole('button', { name: 'Credentials' }));
    fireEvent.change(await screen.findByLabelText('Long-lived channel access token'), { target: { value: 'a-brand-new-token-0099' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    const patches = calls.filter((c) => c.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0]!.body).toEqual({ channelAccessToken: 'a-brand-new-token-0099' });
  });

  it('renaming sends the name only, not the rates and base URL it left alone', async () => {
    const calls = setup();
    fireEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    fireEvent.change(await screen.findByLabelText('Name'), { target: { value: 'Renamed OA' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    expect(calls.filter((c) => c.method === 'PATCH')[0]!.body).toEqual({ name: 'Renamed OA' });
  });

  it('changedFields keeps exactly the fields whose values differ', () => {
    expect(changedFields({ a: 1, b: 'x', c: [1] }, { a: 1, b: 'y', c: [1] })).toEqual({ b: 'y' });
    expect(changedFields({ a: 1 }, { a: 1 })).toEqual({});
  });
});
