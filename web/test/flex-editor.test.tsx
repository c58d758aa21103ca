/**
 * The Flex message editor as the content tab uses it: the card editor builds a carousel LINE's rules accept and
 * stops at 12 cards; the JSON editor takes the Flex Message Simulator's exports, names syntax errors by line and
 * column and rule issues by path and line; messages the cards cannot show open in JSON; the preview follows.
 */
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import '../src/i18n/index.ts';
import type { ValidationIssue } from '../src/api/types.ts';
import { validateMessages } from '../../src/domain/index.ts';
import { FlexMessageEditor } from '../src/content/flex/FlexMessageEditor.tsx';
import { newFlex } from '../src/content/flex/newFlex.ts';
import { cardsOf } from '../src/content/flex/cards.ts';
import { FlexPreview } from '../src/preview/flex/FlexPreview.tsx';
import { renderUi } from './render.tsx';
import { restaurant, shopping } from './flex-fixtures.ts';

type Json = Record<string, unknown>;

/** The editor at message index 1 beside its preview, its state held like the content tab holds it. */
function edit(initial: Json, issues: ValidationIssue[] = [], onPickImage?: () => Promise<string | null>) {
  const seen: { message: Json } = { message: initial };
  function Harness() {
    const [m, setM] = useState(initial);
    return (
      <>
        <FlexMessageEditor
          index={1}
          message={m}
          onChange={(x) => {
            seen.message = x;
            setM(x);
          }}
          issues={issues}
          attributes={['first_name']}
          disabled={false}
          onPickImage={onPickImage}
        />
        <FlexPreview message={m} />
      </>
    );
  }
  renderUi(<Harness />);
  return seen;
}

const type = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const json = () => screen.getByTestId('flex-json') as HTMLTextAreaElement;
const pasteJson = (text: string) => fireEvent.change(json(), { target: { value: text } });
const errorLines = () => [...screen.getByTestId('flex-json-gutter').querySelectorAll('[data-error]')].map((l) => Number(l.textContent));
const bubbles = () => screen.getByTestId('bubble-flex').querySelectorAll('[data-flex="bubble"]');

describe('card editor', () => {
  it('builds a carousel of cards that passes the domain rules, Liquid included, and previews it', async () => {
    const seen = edit(newFlex(), [], async () => 'https://media.example.com/m/abc/coat.jpg');
    expect(screen.getByTestId('card-editor')).toBeInTheDocument();
    type('Alternative text', 'Winter coats');
    fireEvent.click(screen.getByRole('button', { name: 'Choose image' }));
    await waitFor(() => expect(screen.getByLabelText('Image URL')).toHaveValue('https://media.example.com/m/abc/coat.jpg'));
    type('Title', 'Coat for {{ profile.first_name | default: "you" }}');
    type('Text', 'Warm wool, three colours');
    type('Price or label', '¥12,000');
    fireEvent.click(screen.getByRole('button', { name: '+ Add button' }));
    type('Button 1 label', 'Buy');
    type('Button 1 URL', 'https://shop.example.com/coat?u={{ profile.first_name }}');
    fireEvent.click(screen.getByRole('button', { name: '+ Add button' }));
    type('Button 2 label', 'Ask');
    fireEvent.click(within(screen.getAllByTestId('card-button')[1]!).getByText('Send message'));
    type('Button 2 message text', 'Tell me more');

    fireEvent.click(screen.getByRole('button', { name: '+ Add card' }));
    expect(screen.getByText('Card 2')).toBeInTheDocument();
    type('Title', 'Scarf');
    type('Image URL', 'https://media.example.com/m/def/scarf.jpg');

    const m = seen.message;
    expect(m.altText).toBe('Winter coats');
    expect(validateMessages([m])).toEqual([]);
    const c = m.contents as { type: string; contents: Json[] };
    expect(c.type).toBe('carousel');
    expect(c.contents).toHaveLength(2);
    expect(cardsOf(m)).toEqual([
      {
        imageUrl: 'https://media.example.com/m/abc/coat.jpg',
        title: 'Coat for {{ profile.first_name | default: "you" }}',
        text: 'Warm wool, three colours',
        price: '¥12,000',
        buttons: [
          { label: 'Buy', kind: 'uri', value: 'https://shop.example.com/coat?u={{ profile.first_name }}' },
          { label: 'Ask', kind: 'message', value: 'Tell me more' },
        ],
      },
      { imageUrl: 'https://media.example.com/m/def/scarf.jpg', title: 'Scarf', text: '', price: '', buttons: [] },
    ]);
    // no rule issue is shown for a valid message
    expect(screen.queryAllByRole('alert')).toHaveLength(0);
    // the preview draws both cards, with the first card's texts and buttons
    expect(bubbles()).toHaveLength(2);
    const first = bubbles()[0]!;
    expect(first.textContent).toContain('¥12,000');
    expect([...first.querySelectorAll('[data-flex="button"]')].map((b) => b.textContent)).toEqual(['Buy', 'Ask']);
  });

  it('refuses a 13th card', () => {
    const seen = edit(newFlex());
    const add = screen.getByRole('button', { name: '+ Add card' });
    for (let i = 0; i < 11; i++) fireEvent.click(add);
    expect((seen.message.contents as { contents: unknown[] }).contents).toHaveLength(12);
    expect(add).toBeDisabled();
    fireEvent.click(add);
    expect((seen.message.contents as { contents: unknown[] }).contents).toHaveLength(12);
    expect(screen.getByTestId('card-count')).toHaveTextContent('12 of 12 cards');
    expect(validateMessages([seen.message])).toEqual([]);
  });

  it('moves and deletes cards, and keeps at least one', () => {
    const seen = edit(newFlex());
    type('Title', 'A');
    fireEvent.click(screen.getByRole('button', { name: '+ Add card' }));
    type('Title', 'B');
    fireEvent.click(screen.getByRole('button', { name: 'Move card 2 left' }));
    expect(cardsOf(seen.message)!.map((c) => c.title)).toEqual(['B', 'A']);
    fireEvent.click(screen.getByRole('button', { name: 'Delete card 1' }));
    expect(cardsOf(seen.message)!.map((c) => c.title)).toEqual(['A']);
    expect(screen.getByRole('button', { name: 'Delete card 1' })).toBeDisabled();
  });

  it('shows a rule issue at the field it is about, and the server’s issues of this message only', () => {
    const server: ValidationIssue[] = [
      {
        tab: 'content',
        path: 'content.messages[1].contents.contents[0].hero.url',
        message: 'Must be an HTTPS URL',
        code: 'https',
        params: {},
      },
      { tab: 'content', path: 'content.messages[0].text', message: 'The text holds only spaces', code: 'text_blank', params: {} },
    ];
    edit(newFlex(), server);
    expect(screen.getByLabelText('Image URL')).toHaveAccessibleDescription(/Must be an HTTPS URL/);
    expect(screen.queryByText(/spaces or line breaks/)).toBeNull();
    // the domain's rules run in the browser: a button with no label is LINE's error, at the label
    fireEvent.click(screen.getByRole('button', { name: '+ Add button' }));
    type('Button 1 URL', 'https://shop.example.com');
    expect(screen.getByLabelText('Button 1 label')).toHaveAccessibleDescription(/label/i);
  });

  it('reopens a message it made in the card editor, even with its keys reordered by the database', () => {
    const m = { type: 'flex', altText: 'x', contents: { type: 'carousel', contents: [] as Json[] } };
    const made = edit(newFlex());
    type('Title', 'Kept');
    m.contents = JSON.parse(JSON.stringify(made.message.contents)) as typeof m.contents;
    const bubble = m.contents.contents[0]!;
    m.contents.contents[0] = Object.fromEntries(Object.entries(bubble).reverse());
    document.body.innerHTML = '';
    edit(m);
    expect(screen.getByTestId('card-editor')).toBeInTheDocument();
    expect(screen.getByLabelText('Title')).toHaveValue('Kept');
  });
});

describe('Flex JSON editor', () => {
  it('opens a message the cards cannot show in JSON, with the card mode unavailable', () => {
    edit({ type: 'flex', altText: 'Cafe', contents: restaurant() });
    expect(screen.queryByTestId('card-editor')).toBeNull();
    expect(JSON.parse(json().value)).toEqual(restaurant());
    expect(screen.getByRole('radio', { name: 'Cards' })).toBeDisabled();
  });

  it('switches a card message to JSON and back', () => {
    edit(newFlex());
    fireEvent.click(screen.getByRole('radio', { name: 'JSON' }));
    expect(JSON.parse(json().value)).toEqual(newFlex().contents);
    fireEvent.click(screen.getByRole('radio', { name: 'Cards' }));
    expect(screen.getByTestId('card-editor')).toBeInTheDocument();
  });

  it('accepts the Simulator’s exports (carousel, bubble, whole message), keeps altText, and previews them', () => {
    const seen = edit({ type: 'flex', altText: 'Keep me', contents: restaurant() });
    pasteJson(JSON.stringify(shopping()));
    expect(seen.message).toEqual({ type: 'flex', altText: 'Keep me', contents: shopping() });
    expect(validateMessages([seen.message])).toEqual([]);
    expect(bubbles()).toHaveLength(2);
    expect(screen.getByTestId('bubble-flex').textContent).toContain('Brown&Cony');

    pasteJson(JSON.stringify(restaurant(), null, 4));
    expect(seen.message).toEqual({ type: 'flex', altText: 'Keep me', contents: restaurant() });
    expect(bubbles()).toHaveLength(1);
    expect(screen.getByTestId('bubble-flex').textContent).toContain('Flex Tower');

    pasteJson(JSON.stringify({ type: 'flex', altText: 'From the paste', contents: shopping() }));
    expect(seen.message).toEqual({ type: 'flex', altText: 'From the paste', contents: shopping() });
    expect(screen.getByLabelText('Alternative text')).toHaveValue('From the paste');
    expect(screen.queryAllByRole('alert')).toHaveLength(0);
  });

  it('names a broken component by its path at the line it sits on', () => {
    const seen = edit({ type: 'flex', altText: 'Cafe', contents: restaurant() });
    const broken = restaurant();
    const body = broken.body as { contents: Json[] };
    body.contents[0] = { type: 'text', text: 'Brown Cafe', size: 'huge' };
    body.contents.push({ type: 'icon', url: 'https://e.example/i.png' });
    const text = JSON.stringify(broken, null, 2);
    pasteJson(text);
    // the message follows the JSON: the rules run on what would be saved
    expect(seen.message.contents).toEqual(broken);
    const issues = screen.getAllByTestId('flex-json-issue');
    const size = issues.find((i) => i.textContent!.includes('content.messages[1].contents.body.contents[0].size'));
    const lines = text.split('\n');
    expect(size).toBeDefined();
    const line = Number(/Line (\d+)/.exec(size!.textContent!)![1]);
    expect(lines[line - 1]).toContain('"size": "huge"');
    const icon = issues.find((i) => i.textContent!.includes('content.messages[1].contents.body.contents[3].type'));
    expect(icon?.textContent).toMatch(/vertical/);
    const iconLine = Number(/Line (\d+)/.exec(icon!.textContent!)![1]);
    expect(lines[iconLine - 1]).toContain('"type": "icon"');
    // the line-number gutter beside the text marks exactly those lines
    expect(errorLines()).toEqual([line, iconLine].sort((a, b) => a - b));
    expect(json()).toHaveAttribute('aria-invalid', 'true');
  });

  it('gives a syntax error’s line and column and keeps the last valid message until the JSON is fixed', () => {
    const seen = edit({ type: 'flex', altText: 'Cafe', contents: restaurant() });
    pasteJson('{\n  "type": "bubble",\n  "body": {\n    "type": "box" "layout": "vertical", "contents": []\n  }\n}');
    expect(screen.getByTestId('flex-json-syntax')).toHaveTextContent('Line 4, column 19: a comma is expected');
    expect(errorLines()).toEqual([4]);
    expect(seen.message.contents).toEqual(restaurant());
    pasteJson('{"type": "bubble", "body": {"type": "box", "layout": "vertical", "contents": []}}');
    expect(screen.queryByTestId('flex-json-syntax')).toBeNull();
    expect(seen.message.contents).toEqual({ type: 'bubble', body: { type: 'box', layout: 'vertical', contents: [] } });
    pasteJson('{"type": "text", "text": "hi"}');
    expect(screen.getByText(/must be a bubble, a carousel or a Flex message/)).toBeInTheDocument();
  });

  it('shows the server’s issue at its line in JSON mode', () => {
    const server: ValidationIssue[] = [
      {
        tab: 'content',
        path: 'content.messages[1].contents.footer.contents[1].action.uri',
        message: 'Must be a URL with the http, https, line or tel scheme',
        code: 'link_uri',
        params: {},
      },
    ];
    edit({ type: 'flex', altText: 'Cafe', contents: restaurant() }, server);
    const issue = screen.getByTestId('flex-json-issue');
    expect(issue).toHaveTextContent('Must be a URL with the http, https, line or tel scheme');
    const line = Number(/Line (\d+)/.exec(issue.textContent!)![1]);
    const lines = json().value.split('\n');
    expect(lines[line - 1]).toContain('"uri"');
    // the second button's action, not the first's
    expect(lines[line - 2]).toContain('"label": "WEBSITE"');
  });
});
