import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { PhoneFrame } from '../src/preview/LinePreview.tsx';
import { renderPreview } from '../src/lib/domain.ts';
import { renderUi } from './render.tsx';

const campaign = { id: '7b0c1d2e-0000-4000-8000-000000000001', name: 'Winter sale' };
const messages = [
  { type: 'text', text: 'Hello {{ profile.first_name | default: "friend" }}!\nSale: https://shop.example.com/sale' },
  {
    type: 'imagemap',
    baseUrl: 'https://cdn.example.com/im/sale',
    altText: 'Sale',
    baseSize: { width: 1040, height: 520 },
    actions: [
      { type: 'uri', linkUri: 'https://shop.example.com/coats', area: { x: 0, y: 0, width: 520, height: 520 } },
      { type: 'message', text: 'Tell me more', area: { x: 520, y: 0, width: 520, height: 520 } },
    ],
  },
];
const utm = { source: 'line', medium: 'social', campaign: '{{campaign.id}}', extra: {} };

describe('LINE preview', () => {
  it('renders Liquid for the blank profile with defaults, keeps line breaks and tags links', () => {
    const { messages: out, error } = renderPreview(messages, { campaign, profile: null, utm });
    expect(error).toBeNull();
    renderUi(<PhoneFrame accountName="Shop" messages={out} />);
    const bubble = screen.getByTestId('bubble-text');
    expect(bubble.textContent).toContain('Hello friend!\nSale: ');
    expect(getComputedStyle(bubble).whiteSpace).toBe('pre-wrap');
    expect(bubble.textContent).toContain(`utm_campaign=${campaign.id}`);
    expect(bubble.textContent).toContain('utm_source=line');
  });

  it('renders Liquid for a chosen sample profile', () => {
    const profile = { customerKey: 'c-1', lineUserId: 'U' + 'a'.repeat(32), attributes: { first_name: 'Aiko' } };
    const { messages: out } = renderPreview(messages, { campaign, profile, utm });
    renderUi(<PhoneFrame accountName="Shop" messages={out} />);
    expect(screen.getByTestId('bubble-text').textContent).toContain('Hello Aiko!');
  });

  it('shows the imagemap image with every tap area outlined and labelled with its action', () => {
    const { messages: out } = renderPreview(messages, { campaign, profile: null, utm });
    renderUi(<PhoneFrame accountName="Shop" messages={out} />);
    const im = screen.getByTestId('bubble-imagemap');
    expect(im.querySelector('img')?.getAttribute('src')).toBe('https://cdn.example.com/im/sale/1040');
    const areas = within(im).getAllByTestId('tap-area');
    expect(areas).toHaveLength(2);
    expect(areas[0]!.textContent).toContain('Open https://shop.example.com/coats');
    expect(areas[1]!.textContent).toContain('Send “Tell me more”');
    // Areas are placed in the 1040-wide base space: the second starts half-way across.
    expect(areas[1]!.style.left).toBe('50%');
    expect(areas[1]!.style.width).toBe('50%');
  });

  it('shows the raw template instead of going blank when Liquid does not parse yet', () => {
    const broken = [{ type: 'text', text: 'Hi {{ profile.first_name ' }];
    const { messages: out } = renderPreview(broken, { campaign, profile: null, utm });
    renderUi(<PhoneFrame accountName="Shop" messages={out} />);
    expect(screen.getByTestId('bubble-text').textContent).toContain('Hi {{ profile.first_name');
  });
});
