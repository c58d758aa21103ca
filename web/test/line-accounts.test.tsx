import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { LineAccountsPage } from '../src/config/LineAccountsPage.tsx';
import { renderUi } from './render.tsx';

type Call = { method: string; path: string; body: unknown };

/** The admin API as this page uses it; POST answers what `onPost` returns (status, body). */
function server(onPost: (body: Record<string, unknown>) => [number, unknown]) {
  const calls: Call[] = [];
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init?.method ?? 'GET').toUpperCase();
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ method, path: url.pathname, body });
    const json = (status: number, data: unknown) =>
      new Response(JSON.stringify(data), { status, headers: { 'content-type': 'application/json' } });
    if (method === 'GET') return json(200, { items: [], nextCursor: null });
    if (method === 'POST' && url.pathname === '/api/v1/line-accounts') return json(...onPost(body));
    return json(404, { error: { code: 'not_found', message: 'stub' } });
  }) as typeof fetch;
  return calls;
}

async function openCreate() {
  renderUi(<LineAccountsPage />);
  fireEvent.click(await screen.findByRole('button', { name: '+ Add LINE account' }));
  const dialog = await screen.findByRole('dialog');
  const d = within(dialog);
  fireEvent.change(d.getByLabelText('Name'), { target: { value: 'Shop' } });
  fireEvent.change(d.getByLabelText('Channel ID'), { target: { value: '1650000000' } });
  fireEvent.change(d.getByLabelText('Channel secret'), { target: { value: 'channel-secret-0001' } });
  return d;
}

describe('LINE account form', () => {
  beforeEach(() => localStorage.clear());

  it('"issue short-lived tokens" hides the token field and creates a stateless account without a token', async () => {
    const calls = server((b) => [201, { ...b, id: 'x' }]);
    const d = await openCreate();
    expect(d.getByLabelText('Long-lived channel access token')).toBeInTheDocument();
    fireEvent.click(d.getByLabelText('Issue short-lived tokens from channel secret'));
    expect(d.queryByLabelText('Long-lived channel access token')).toBeNull();
    fireEvent.click(d.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const body = calls.find((c) => c.method === 'POST')!.body as Record<string, unknown>;
    expect(body.tokenMode).toBe('stateless');
    expect('channelAccessToken' in body).toBe(false);
    expect(body.channelSecret).toBe('channel-secret-0001');
  });

  it("a long-lived account needs its token, and rates above LINE's limits are flagged inline unless it is an emulator account", async () => {
    const calls = server((b) => [201, { ...b, id: 'x' }]);
    const d = await openCreate();
    fireEvent.change(d.getByLabelText('Push requests / s'), { target: { value: '5000' } });
    fireEvent.click(d.getByRole('button', { name: 'Save' }));
    expect(await d.findByText("Must be at most 2000 (LINE's per-channel limit)")).toBeInTheDocument();
    expect(d.getByText('Enter a long-lived token, or choose short-lived tokens issued from the channel secret')).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    fireEvent.click(d.getByLabelText('Emulator account (not LINE)'));
    fireEvent.change(d.getByLabelText('Long-lived channel access token'), { target: { value: 'emulator-token-0001' } });
    fireEvent.click(d.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1));
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({ isEmulator: true, pushPerSecond: 5000, tokenMode: 'longLived' });
  });

  it("the server's refusal of a host shows under the API base URL field", async () => {
    server(() => [
      400,
      {
        error: {
          code: 'validation_failed',
          message: 'x',
          details: [{ path: 'apiBaseUrl', message: 'http://10.0.0.1 is not a LINE API host' }],
        },
      },
    ]);
    const d = await openCreate();
    fireEvent.change(d.getByLabelText('Long-lived channel access token'), { target: { value: 'token-0000001' } });
    fireEvent.change(d.getByLabelText('API base URL'), { target: { value: 'http://10.0.0.1' } });
    fireEvent.click(d.getByRole('button', { name: 'Save' }));
    const field = d.getByLabelText('API base URL');
    await waitFor(() => expect(field).toHaveAttribute('aria-invalid', 'true'));
    expect(d.getAllByText(/is not a LINE API host/).length).toBeGreaterThan(0);
  });
});
