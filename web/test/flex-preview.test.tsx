/**
 * The Flex preview draws every component kind with LINE's sizes and properties, carousels side by side and
 * scrollable, and skips what it does not know instead of failing.
 */
import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { FlexPreview } from '../src/preview/flex/FlexPreview.tsx';
import { restaurant, shopping } from './flex-fixtures.ts';

type Json = Record<string, unknown>;
const draw = (contents: unknown) => render(<FlexPreview message={{ type: 'flex', altText: 'x', contents }} />).container;
const all = (root: Element, kind: string) => [...root.querySelectorAll<HTMLElement>(`[data-flex="${kind}"]`)];
const one = (root: Element, kind: string) => all(root, kind)[0]!;

const everything: Json = {
  type: 'bubble',
  size: 'giga',
  styles: { footer: { separator: true, separatorColor: '#ff0000', backgroundColor: '#eeeeee' } },
  header: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: 'Header' }], backgroundColor: '#123456' },
  hero: { type: 'image', url: 'https://e.example/hero.jpg', size: 'full', aspectRatio: '20:13', aspectMode: 'cover' },
  body: {
    type: 'box',
    layout: 'vertical',
    spacing: 'md',
    paddingAll: '13px',
    contents: [
      {
        type: 'text',
        text: 'Title',
        size: 'xl',
        weight: 'bold',
        style: 'italic',
        decoration: 'underline',
        color: '#ff334b',
        align: 'center',
      },
      { type: 'text', text: 'Long text that wraps', wrap: true, maxLines: 2 },
      { type: 'text', text: 'One line' },
      {
        type: 'text',
        contents: [
          { type: 'span', text: '¥', size: 'xs' },
          { type: 'span', text: '1,200', weight: 'bold', color: '#ff0000', decoration: 'line-through' },
        ],
      },
      {
        type: 'box',
        layout: 'horizontal',
        cornerRadius: 'md',
        background: { type: 'linearGradient', angle: '90deg', startColor: '#ffffff', endColor: '#000000' },
        contents: [
          { type: 'text', text: 'Place', flex: 1 },
          { type: 'separator', color: '#00ff00' },
          { type: 'text', text: 'Tokyo', flex: 5 },
          { type: 'filler' },
          { type: 'image', url: 'https://e.example/s.png', size: 'xs', aspectRatio: '2:1', aspectMode: 'fit' },
        ],
      },
      {
        type: 'box',
        layout: 'baseline',
        contents: [
          { type: 'icon', url: 'https://e.example/star.png', size: 'sm' },
          { type: 'text', text: '4.0', flex: 0, margin: 'md' },
        ],
      },
      { type: 'separator', margin: 'xl' },
      { type: 'spacer', size: 'lg' },
      { type: 'hologram', text: 'not a component' },
      'not even an object',
    ],
  },
  footer: {
    type: 'box',
    layout: 'vertical',
    contents: [
      { type: 'button', style: 'primary', action: { type: 'uri', label: 'Buy', uri: 'https://shop.example.com' } },
      { type: 'button', style: 'secondary', height: 'sm', action: { type: 'message', label: 'Ask', text: 'hi' } },
      { type: 'button', action: { type: 'uri', label: 'More', uri: 'https://e.example' }, color: '#0000ff' },
    ],
  },
};

describe('Flex preview', () => {
  it('draws each component kind with LINE’s sizes, weights, colours and spacing', () => {
    const root = draw(everything);
    const bubble = one(root, 'bubble');
    expect(bubble.style.width).toBe('500px');
    expect([...bubble.querySelectorAll('[data-block]')].map((b) => b.getAttribute('data-block'))).toEqual([
      'header',
      'hero',
      'body',
      'footer',
    ]);

    const [, title, wrapped, single, spans] = all(root, 'text');
    expect(title!.textContent).toBe('Title');
    expect(title!.style.fontSize).toBe('22px');
    expect(title!.style.fontWeight).toBe('700');
    expect(title!.style.fontStyle).toBe('italic');
    expect(title!.style.textDecoration).toBe('underline');
    expect(title!.style.color).toBe('rgb(255, 51, 75)');
    expect(title!.style.textAlign).toBe('center');
    expect(wrapped!.style.whiteSpace).toBe('pre-wrap');
    expect(single!.style.whiteSpace).toBe('nowrap');
    // LINE's defaults when a text sets no size or colour
    expect(single!.style.fontSize).toBe('16px');
    expect(single!.style.color).toBe('rgb(17, 17, 17)');
    expect(single!.style.textOverflow).toBe('ellipsis');
    // the body's spacing (md = 8px) goes before every component but the first
    expect(title!.style.marginTop).toBe('');
    expect(wrapped!.style.marginTop).toBe('8px');

    const [yen, price] = all(spans!, 'span');
    expect(yen!.style.fontSize).toBe('13px');
    expect(price!.style.fontWeight).toBe('700');
    expect(price!.style.textDecoration).toBe('line-through');

    const boxes = all(root, 'box');
    const body = boxes.find((b) => b.parentElement?.getAttribute('data-block') === 'body')!;
    expect(body.style.paddingTop).toBe('13px');
    expect(body.style.flexDirection).toBe('column');
    const row = boxes.find((b) => b.getAttribute('data-layout') === 'horizontal')!;
    expect(row.style.flexDirection).toBe('row');
    expect(row.style.borderRadius).toBe('8px');
    expect(row.style.background).toContain('linear-gradient');
    // flex shares in a row: 1 and 5 from a zero basis, the filler takes the default 1
    const [place, , tokyo] = [...row.children] as HTMLElement[];
    expect(place!.style.flex).toBe('1 0 0px');
    expect(tokyo!.style.flex).toBe('5 0 0px');
    expect(one(row, 'filler').style.flex).toBe('1 0 0px');
    // across a row a separator is a vertical line in its colour
    expect(one(row, 'separator').getAttribute('style')).toMatch(/border-inline-start: 1px solid (#00ff00|rgb\(0, 255, 0\))/);

    const baseline = boxes.find((b) => b.getAttribute('data-layout') === 'baseline')!;
    expect(baseline.style.alignItems).toBe('baseline');
    const icon = one(baseline, 'icon');
    expect(icon.style.height).toBe('14px');
    expect(icon.querySelector('img')!.getAttribute('src')).toBe('https://e.example/star.png');

    const images = all(root, 'image');
    expect(images.map((i) => i.querySelector('img')!.getAttribute('src'))).toEqual([
      'https://e.example/hero.jpg',
      'https://e.example/s.png',
    ]);
    expect((images[0]!.firstElementChild as HTMLElement).style.width).toBe('100%');
    expect(images[0]!.querySelector('img')!.style.objectFit).toBe('cover');
    expect((images[1]!.firstElementChild as HTMLElement).style.width).toBe('60px');
    expect(images[1]!.querySelector('img')!.style.objectFit).toBe('contain');

    const separators = all(root, 'separator');
    expect(separators).toHaveLength(2);
    expect(separators[1]!.style.marginTop).toBe('16px');
    // a separator without a margin gets its box's spacing like any component
    const spaced = one(
      draw({
        type: 'bubble',
        body: { type: 'box', layout: 'vertical', spacing: 'lg', contents: [{ type: 'text', text: 'a' }, { type: 'separator' }] },
      }),
      'separator',
    );
    expect(spaced.style.marginTop).toBe('12px');
    expect(one(root, 'spacer').style.height).toBe('12px');

    const [buy, ask, more] = all(root, 'button');
    expect(buy!.textContent).toBe('Buy');
    expect(buy!.getAttribute('data-style')).toBe('primary');
    expect(buy!.style.height).toBe('52px');
    expect(buy!.style.color).toBe('rgb(255, 255, 255)');
    expect(ask!.getAttribute('data-style')).toBe('secondary');
    expect(ask!.style.height).toBe('40px');
    expect(more!.getAttribute('data-style')).toBe('link');
    expect(more!.style.color).toBe('rgb(0, 0, 255)');

    const header = bubble.querySelector<HTMLElement>('[data-block="header"] [data-flex="box"]')!;
    expect(header.style.background).toContain('rgb(18, 52, 86)');
    // blocks keep LINE's default padding unless the box sets its own
    expect(header.style.paddingTop).toBe('20px');
    const footer = bubble.querySelector<HTMLElement>('[data-block="footer"]')!;
    expect(footer.style.borderTop).toContain('rgb(255, 0, 0)');
    expect(footer.style.background).toContain('rgb(238, 238, 238)');
    // the unknown component and the stray string are skipped: the body holds the 8 components it knows
    expect(body.children).toHaveLength(8);
  });

  it('draws a carousel side by side, scrollable, and each bubble at its size', () => {
    const root = draw(shopping());
    const flex = root.querySelector<HTMLElement>('[data-testid="bubble-flex"]')!;
    expect(flex.getAttribute('data-flex')).toBe('carousel');
    expect(flex.style.overflowX).toBe('auto');
    const bubbles = all(root, 'bubble');
    expect(bubbles).toHaveLength(2);
    expect(bubbles.map((b) => b.style.width)).toEqual(['160px', '160px']);
    expect(bubbles[0]!.textContent).toContain('1,200');
    // nano and micro bubbles have smaller default paddings; this body sets its own
    const body = bubbles[0]!.querySelector<HTMLElement>('[data-block="body"] [data-flex="box"]')!;
    expect(body.style.paddingTop).toBe('13px');
  });

  it('draws the Simulator’s restaurant bubble at mega width with its rating row and link buttons', () => {
    const root = draw(restaurant());
    const bubble = one(root, 'bubble');
    expect(bubble.style.width).toBe('300px');
    expect(all(root, 'icon')).toHaveLength(2);
    expect(all(root, 'button').map((b) => b.getAttribute('data-style'))).toEqual(['link', 'link']);
    expect(bubble.textContent).toContain('Flex Tower, 7-7-4 Midori-ku, Tokyo');
  });

  it('draws a video hero as its preview image', () => {
    const root = draw({
      type: 'bubble',
      size: 'kilo',
      hero: {
        type: 'video',
        url: 'https://e.example/v.mp4',
        previewUrl: 'https://e.example/v.jpg',
        aspectRatio: '16:9',
        altContent: { type: 'image', url: 'https://e.example/v.jpg', size: 'full' },
      },
    });
    expect(one(root, 'video').querySelector('img')!.getAttribute('src')).toBe('https://e.example/v.jpg');
    expect(one(root, 'bubble').style.width).toBe('260px');
  });

  it('never crashes on odd JSON: wrong types, missing parts, unknown containers', () => {
    const odd: unknown[] = [
      null,
      'bubble',
      { type: 'bubble', body: { type: 'box', layout: 'diagonal', contents: 'nope' } },
      { type: 'bubble', body: { type: 'text', text: 42, size: { big: true } }, size: 'tera' },
      { type: 'carousel', contents: [null, 7, { type: 'bubble', hero: { type: 'image' } }] },
      { type: 'carousel', contents: {} },
      { type: 'bubble', footer: { type: 'box', layout: 'vertical', contents: [{ type: 'button', action: 'go' }] } },
      { type: 'bubble', body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', contents: [null, { text: 5 }] }] } },
      { type: 'bubble', styles: 'none', header: { type: 'box', contents: [{ type: 'separator', margin: 5 }], paddingAll: {} } },
      { type: 'hologram' },
    ];
    for (const contents of odd) {
      const root = draw(contents);
      expect(root.querySelector('[data-testid="bubble-flex"]')).not.toBeNull();
    }
    // values the domain's rules refuse are not drawn: a CSS colour name, a 3-digit colour, a ratio taller than 1:3
    const refused = draw({
      type: 'bubble',
      body: {
        type: 'box',
        layout: 'vertical',
        contents: [
          { type: 'text', text: 'a', color: 'red' },
          { type: 'text', text: 'b', color: '#f00' },
          { type: 'image', url: 'https://e.example/i.png', aspectRatio: '1:4' },
        ],
      },
    });
    expect(all(refused, 'text').map((t) => t.style.color)).toEqual(['rgb(17, 17, 17)', 'rgb(17, 17, 17)']);
    expect((one(refused, 'image').firstElementChild as HTMLElement).getAttribute('style')).toContain('aspect-ratio: 1');
    // a bubble of unknown size is drawn at the default (mega) width
    expect(one(draw(odd[3]), 'bubble').style.width).toBe('300px');
  });
});
