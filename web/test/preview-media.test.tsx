/**
 * The preview of Image, Video, Sticker and Flex messages as LINE's chat shows them, from the same renderPreview the
 * content tab uses: pictures rounded without a bubble, a video's preview picture with a play mark, a sticker on the
 * chat background, and a Flex message through the Flex preview.
 */
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { PhoneFrame } from '../src/preview/LinePreview.tsx';
import { renderPreview } from '../src/lib/domain.ts';
import { renderUi } from './render.tsx';

const campaign = { id: '7b0c1d2e-0000-4000-8000-000000000001', name: 'Winter sale' };
const utm = { source: 'line', medium: 'social', campaign: '{{campaign.id}}', extra: {} };
const pic = 'https://media.example.com/m/' + 'a'.repeat(64);

function show(messages: Record<string, unknown>[]) {
  const { messages: out, error } = renderPreview(messages, { campaign, profile: null, utm });
  expect(error).toBeNull();
  renderUi(<PhoneFrame accountName="Shop" messages={out} />);
  return screen.getByTestId('phone-preview');
}

describe('LINE preview: image, video, sticker, Flex', () => {
  it('shows an image message as its preview picture with rounded corners and no bubble around it', () => {
    const phone = show([{ type: 'image', originalContentUrl: `${pic}/original`, previewImageUrl: `${pic}/preview` }]);
    const img = within(phone).getByTestId('bubble-image-picture');
    expect(img.tagName).toBe('IMG');
    expect(img).toHaveAttribute('src', `${pic}/preview`);
    expect(img.style.borderRadius).not.toBe('');
    expect(within(phone).getByTestId('bubble-image').style.background).toBe('');
  });

  it('shows a video message as its preview picture with a play mark over it', () => {
    const phone = show([{ type: 'video', originalContentUrl: `${pic}/original`, previewImageUrl: `${pic}/preview`, trackingId: 'spot' }]);
    const video = within(phone).getByTestId('bubble-video');
    expect(within(video).getByTestId('bubble-video-picture')).toHaveAttribute('src', `${pic}/preview`);
    expect(within(video).getByTestId('play-mark')).toHaveTextContent('▶');
  });

  it('says why a picture is missing instead of drawing a broken image: not chosen, not https, or not loading', () => {
    const phone = show([
      { type: 'image', originalContentUrl: '', previewImageUrl: '' },
      { type: 'image', originalContentUrl: 'http://cdn.example.com/a.png', previewImageUrl: 'http://cdn.example.com/a.png' },
      { type: 'video', originalContentUrl: `${pic}/original`, previewImageUrl: `${pic}/gone` },
    ]);
    const [empty, http] = within(phone).getAllByTestId('bubble-image-picture');
    expect(empty).toHaveTextContent('No image chosen yet');
    expect(http).toHaveTextContent('Image not reachable (LINE needs an HTTPS URL)');
    const broken = within(phone).getByTestId('bubble-video-picture');
    fireEvent.error(broken);
    expect(within(phone).getByTestId('bubble-video-picture')).toHaveTextContent('Image not reachable');
  });

  it('shows a sticker a bot may send as its picture from LINE’s sticker CDN, on the chat background', () => {
    const phone = show([{ type: 'sticker', packageId: '446', stickerId: '1988' }]);
    const sticker = within(phone).getByTestId('bubble-sticker');
    const img = within(sticker).getByRole('img', { name: 'Sticker 1988' });
    expect(img.getAttribute('src')).toMatch(/^https:\/\/stickershop\.line-scdn\.net\/.*\/1988\//);
    expect(sticker.style.background).toBe('');
  });

  it('shows the IDs of a sticker it has no picture for (not in the list a bot may send, or the CDN unreachable)', () => {
    const phone = show([
      { type: 'sticker', packageId: '446', stickerId: '1' },
      { type: 'sticker', packageId: '789', stickerId: '10855' },
    ]);
    const [unknown, offline] = within(phone).getAllByTestId('bubble-sticker');
    expect(unknown).toHaveTextContent('Sticker ID 1');
    fireEvent.error(within(offline!).getByRole('img'));
    expect(offline).toHaveTextContent('Sticker ID 10855');
  });

  it('draws a Flex message through the Flex preview, in send order with the others', () => {
    const phone = show([
      { type: 'text', text: 'Hello' },
      {
        type: 'flex',
        altText: 'Winter coats',
        contents: { type: 'bubble', body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: 'Winter coats' }] } },
      },
      { type: 'sticker', packageId: '446', stickerId: '1988' },
    ]);
    const order = [...phone.querySelectorAll('[data-testid^="bubble-"]')]
      .map((e) => e.getAttribute('data-testid'))
      .filter((id) => ['bubble-text', 'bubble-flex', 'bubble-sticker'].includes(id!));
    expect(order).toEqual(['bubble-text', 'bubble-flex', 'bubble-sticker']);
    expect(within(phone).getByTestId('bubble-flex')).toHaveTextContent('Winter coats');
  });
});
