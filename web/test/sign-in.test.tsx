import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App, makeQueryClient } from '../src/app/App.tsx';
import { session } from './fixtures.ts';

type Call = { method: string; path: string; body: unknown; headers: Record<string, string>; credentials?: RequestCredentials };

/** A server whose answers the test controls: `routes` by "METHOD path"; each handler returns [status, body]. */
function server(routes: Record<string, (body: unknown) => [number, unknown]>) {
  const calls: Call[] = [];
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init?.method ?? 'GET').toUpperCase();
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({
      method,
      path: url.pathname,
      body,
      headers: { ...(init?.headers as Record<string, string>) },
      credentials: init?.credentials,
    });
    const hit = routes[`${method} ${url.pathname}`];
    const [status, data] = hit ? hit(body) : [200, { items: [], nextCursor: null }];
    return new Response(status === 204 ? null : JSON.stringify(data), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return calls;
}

const unauthorized: [number, unknown] = [401, { error: { code: 'unauthorized', message: 'Sign in' } }];

function storedSecrets(): string[] {
  const all: string[] = [];
  for (const s of [localStorage, sessionStorage]) for (let i = 0; i < s.length; i++) all.push(`${s.key(i)}=${s.getItem(s.key(i)!)}`);
  return all.filter((x) => /key|token|csrf|password|session/i.test(x));
}

describe('signing in', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    window.history.pushState({}, '', '/');
  });

  it('asks for email and password, signs in with the cookie session, and keeps no key or token in storage', async () => {
    let signedIn = false;
    const calls = server({
      'GET /api/v1/session': () => (signedIn ? [200, session()] : unauthorized),
      'POST /api/v1/session': (b) => {
        const { email, password } = b as { email: string; password: string };
        if (email !== 'm@example.com' || password !== 'correct horse battery')
          return [401, { error: { code: 'invalid_credentials', message: 'The email or the password is wrong' } }];
        signedIn = true;
        return [200, session()];
      },
      'DELETE /api/v1/session': () => {
        signedIn = false;
        return [204, null];
      },
    });
    render(<App client={makeQueryClient()} />);
    expect(screen.queryByLabelText('API key')).toBeNull();
    fireEvent.change(await screen.findByLabelText(/^Email/), { target: { value: 'm@example.com' } });
    fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: 'wrong password!' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The email or the password is wrong');

    fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: 'correct horse battery' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('button', { name: 'Sign out' });
    expect(screen.getByRole('button', { name: 'Change password' })).toBeInTheDocument();
    expect(storedSecrets()).toEqual([]);
    // No request carries an Authorization header; reads carry no CSRF token, and every call sends the cookie.
    expect(calls.every((c) => !Object.keys(c.headers).some((h) => h.toLowerCase() === 'authorization'))).toBe(true);
    expect(calls.filter((c) => c.method === 'GET').every((c) => !c.headers['x-csrf-token'])).toBe(true);
    expect(calls.every((c) => c.credentials === 'same-origin')).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByRole('button', { name: 'Sign in' });
    const out = calls.find((c) => c.method === 'DELETE' && c.path === '/api/v1/session');
    expect(out?.headers['x-csrf-token']).toBe('csrf-token-of-this-session');
  });

  it('after a one-time password, asks for a new one before anything else, and sends it with the CSRF token', async () => {
    let must = true;
    const calls = server({
      'GET /api/v1/session': () => [200, session({ passwordMustChange: must })],
      'PUT /api/v1/users/33333333-3333-4333-8333-333333333333/password': () => {
        must = false;
        return [204, null];
      },
    });
    render(<App client={makeQueryClient()} />);
    await screen.findByRole('heading', { name: 'Choose your password' });
    expect(screen.queryByRole('link', { name: 'Campaigns' }), 'no page of the app before the password is changed').toBeNull();
    fireEvent.change(screen.getByLabelText(/^Current password/), { target: { value: 'abcde-fghij-kmnop-qrstu' } });
    fireEvent.change(screen.getByLabelText(/^New password\s*\*?$/), { target: { value: 'short' } });
    expect(await screen.findByText(/at least 12 characters/, { selector: '.mantine-InputWrapper-error' })).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(/^New password\s*\*?$/), { target: { value: 'my own long password' } });
    fireEvent.change(screen.getByLabelText(/^New password again/), { target: { value: 'my own long password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save and continue' }));
    await screen.findByRole('link', { name: 'Campaigns' });
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.body).toEqual({ currentPassword: 'abcde-fghij-kmnop-qrstu', newPassword: 'my own long password' });
    expect(put.headers['x-csrf-token']).toBe('csrf-token-of-this-session');
  });

  it('a session that ends on the server brings back the sign-in page', async () => {
    let alive = true;
    server({
      'GET /api/v1/session': () => (alive ? [200, session()] : unauthorized),
      'GET /api/v1/workspaces/11111111-1111-4111-8111-111111111111/campaigns': () =>
        alive ? [200, { items: [], nextCursor: null }] : unauthorized,
    });
    const client = makeQueryClient();
    render(<App client={client} />);
    await screen.findByRole('button', { name: 'Sign out' });
    alive = false;
    await client.invalidateQueries();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument());
  });
});

describe('admins and passwords', () => {
  it("an admin sets another user's password (with the CSRF token), and not their own from the list", async () => {
    const admin = session();
    admin.user = { ...admin.user, isAdmin: true };
    const other = {
      id: '44444444-4444-4444-8444-444444444444',
      email: 'mia@example.com',
      name: 'Mia',
      isAdmin: false,
      memberships: [],
      hasPassword: false,
      createdAt: '2026-01-01T00:00:00Z',
    };
    const calls = server({
      'GET /api/v1/session': () => [200, admin],
      'GET /api/v1/users': () => [200, { items: [admin.user, other], nextCursor: null }],
      [`PUT /api/v1/users/${other.id}/password`]: () => [204, null],
    });
    window.history.pushState({}, '', '/settings/users');
    render(<App client={makeQueryClient()} />);
    await screen.findByText('mia@example.com');
    expect(screen.getByText('no password')).toBeInTheDocument();
    const buttons = screen.getAllByRole('button', { name: 'Set password' });
    expect(buttons).toHaveLength(1);
    fireEvent.click(buttons[0]!);
    const dialog = await screen.findByRole('dialog', { name: /Set a password for mia@example.com/ });
    const input = within(dialog).getByLabelText(/^New password/);
    // The dialog may still be opening: type until the field holds the value and the button is enabled.
    await waitFor(() => {
      fireEvent.change(input, { target: { value: 'temporary-password-1' } });
      expect(within(dialog).getByRole('button', { name: 'Set password' })).toBeEnabled();
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Set password' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.path).toBe(`/api/v1/users/${other.id}/password`);
    expect(put.body).toEqual({ newPassword: 'temporary-password-1' });
    expect(put.headers['x-csrf-token']).toBe('csrf-token-of-this-session');
  });
});
