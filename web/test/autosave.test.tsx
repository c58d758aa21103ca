import { beforeEach, describe, expect, it } from 'vitest';
import type { ReactNode } from 'react';
import { act, fireEvent, renderHook, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useSaveCampaign } from '../src/campaigns/useCampaign.ts';
import { qk } from '../src/api/keys.ts';
import type { Campaign } from '../src/api/types.ts';
import { renderCampaignPage } from './render.tsx';
import { CID, WS, draft } from './fixtures.ts';

type PatchBody = { content?: { messages: { text: string }[] }; audience?: unknown };

describe('autosave', () => {
  beforeEach(() => localStorage.clear());

  it('saves an edit made just before the marketer opens another tab, once', async () => {
    const calls = renderCampaignPage([{ type: 'text', text: 'first' }], { valid: true, errors: [], warnings: [], quota: null });
    fireEvent.change(await screen.findByLabelText('Message 1 text'), { target: { value: 'typed, then straight to the next tab' } });
    // Well inside the content tab's autosave delay: the tab closes with the edit still waiting.
    fireEvent.click(screen.getByRole('tab', { name: /Delivery Schedule/ }));
    await screen.findByText('Recurring (to be supported)');
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    const patches = () => calls.filter((c) => c.method === 'PATCH').map((c) => c.body as PatchBody);
    expect(patches()[0]!.content!.messages[0]!.text).toBe('typed, then straight to the next tab');
    // The pending timer was replaced by the flush, not added to it.
    await new Promise((r) => setTimeout(r, 900));
    expect(patches()).toHaveLength(1);
  });

  it('sends a waiting edit when the page is being left, and asks the browser to hold the page', async () => {
    const calls = renderCampaignPage([{ type: 'text', text: 'first' }], { valid: true, errors: [], warnings: [], quota: null });
    fireEvent.change(await screen.findByLabelText('Message 1 text'), { target: { value: 'typed, then the tab closed' } });
    const leaving = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(leaving);
    expect(leaving.defaultPrevented).toBe(true);
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    expect((calls.find((c) => c.method === 'PATCH')!.body as PatchBody).content!.messages[0]!.text).toBe('typed, then the tab closed');
    // Nothing waits any more: leaving now is not held up.
    const again = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(again);
    expect(again.defaultPrevented).toBe(false);
    // The page stayed: the debounce that was running does not send the same edit again.
    await new Promise((r) => setTimeout(r, 900));
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(1);
  });

  it('keeps the newer campaign when two saves answer out of order', async () => {
    const older: Campaign = { ...draft([]), audience: { parentSegmentId: 'p', segmentId: 's' }, updatedAt: '2026-11-29T10:00:00.001Z' };
    const newer: Campaign = {
      ...older,
      content: { lineAccountId: 'a', messages: [{ type: 'text', text: 'hi' }] as Campaign['content']['messages'] },
      updatedAt: '2026-11-29T10:00:00.002Z',
    };
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((r) => (releaseFirst = r));
    let n = 0;
    globalThis.fetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      const which = ++n;
      if (which === 1) await firstHeld; // the first save's answer is held until the second has arrived
      const body = which === 1 ? older : newer;
      expect(init?.method).toBe('PATCH');
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
    const { result } = renderHook(() => useSaveCampaign(WS, CID), { wrapper });
    const first = result.current.mutateAsync({ audience: { parentSegmentId: 'p', segmentId: 's' } });
    await act(() => result.current.mutateAsync({ content: { lineAccountId: 'a', messages: [{ type: 'text', text: 'hi' }] } } as never));
    expect(client.getQueryData<Campaign>(qk.campaign(WS, CID))?.updatedAt).toBe(newer.updatedAt);
    releaseFirst();
    await act(() => first);
    expect(client.getQueryData<Campaign>(qk.campaign(WS, CID))?.content.messages).toHaveLength(1);
    expect(client.getQueryData<Campaign>(qk.campaign(WS, CID))?.updatedAt).toBe(newer.updatedAt);
  });
});
