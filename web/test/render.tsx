import type { ReactElement } from 'react';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { theme } from '../src/app/theme.ts';
import { SessionProvider } from '../src/app/session.tsx';
import { CampaignPage } from '../src/campaigns/CampaignPage.tsx';
import { CID, WS, draft, emptyPage, me, session } from './fixtures.ts';

export function renderUi(ui: ReactElement, opts: { path?: string; route?: string } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MantineProvider theme={theme}>
      <QueryClientProvider client={client}>
        <MemoryRouter initialEntries={[opts.route ?? '/']}>
          <Routes>
            <Route path={opts.path ?? '*'} element={ui} />
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

/** A fetch stub answering by "METHOD path" (query string ignored); unknown calls answer 404 and are recorded. */
export function stubFetch(routes: Record<string, unknown | ((body: unknown) => unknown)>) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  const fetchStub = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init?.method ?? 'GET').toUpperCase();
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ method, path: url.pathname, body });
    const hit = routes[`${method} ${url.pathname}`];
    if (hit === undefined)
      return new Response(JSON.stringify({ error: { code: 'not_found', message: 'stub' } }), {
        status: 404,
        headers: { 'content-type': 'application/json' },
      });
    const data = typeof hit === 'function' ? (hit as (b: unknown) => unknown)(body) : hit;
    return new Response(JSON.stringify(data), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  globalThis.fetch = fetchStub as typeof fetch;
  return calls;
}

/**
 * The campaign page of a draft holding `messages`, opened on `tab`, signed in as a marketer, with the server
 * answering `validation` to every /validate and echoing each PATCH onto the draft. Returns the recorded calls.
 */
export function renderCampaignPage(messages: Record<string, unknown>[], validation: unknown, tab = 'content') {
  const base = `/api/v1/workspaces/${WS}`;
  const calls = stubFetch({
    'GET /api/v1/session': session(),
    'GET /api/v1/me': me(),
    [`GET ${base}/campaigns/${CID}`]: draft(messages),
    [`PATCH ${base}/campaigns/${CID}`]: (body: unknown) => ({ ...draft(messages), ...(body as object) }),
    [`POST ${base}/campaigns/${CID}/validate`]: validation,
    [`GET ${base}/line-accounts`]: emptyPage,
    [`GET ${base}/parent-segments`]: emptyPage,
    [`GET ${base}/segments`]: emptyPage,
  });
  renderUi(
    <SessionProvider>
      <CampaignPage />
    </SessionProvider>,
    { path: '/w/:ws/campaigns/:id/:tab?', route: `/w/${WS}/campaigns/${CID}/${tab}` },
  );
  return calls;
}
