import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderCampaignPage } from './render.tsx';

const serverErrors = {
  valid: false,
  errors: [
    { tab: 'content', path: 'content.lineAccountId', message: 'choose the LINE account to send from' },
    { tab: 'content', path: 'content.messages[0].text', message: 'text must be at most 5000 characters' },
    { tab: 'schedule', path: 'schedule.at', message: 'pick a time in the future' },
  ],
  warnings: [],
  quota: null,
};

function setup(messages: Record<string, unknown>[], tab = 'content') {
  return renderCampaignPage(messages, serverErrors, tab);
}

describe('validation errors on the campaign tabs', () => {
  beforeEach(() => localStorage.clear());

  it('puts a count badge on each tab that has errors, none on the others', async () => {
    setup([{ type: 'text', text: 'x'.repeat(5001) }]);
    expect(await screen.findByLabelText('2 errors')).toBeInTheDocument();
    expect(screen.getByLabelText('1 error')).toBeInTheDocument();
    expect(screen.getByTestId('tab-errors-content')).toHaveTextContent('2');
    expect(screen.getByTestId('tab-errors-schedule')).toHaveTextContent('1');
    expect(screen.queryByTestId('tab-errors-audience')).toBeNull();
    expect(screen.getByTestId('validation-summary')).toHaveTextContent('3 problems to fix before launch');
  });

  it('shows each error inline on its field of the open tab', async () => {
    setup([{ type: 'text', text: 'x'.repeat(5001) }]);
    expect(await screen.findByText('choose the LINE account to send from')).toBeInTheDocument();
    const text = screen.getByLabelText('Message 1 text');
    expect(text).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText(/5000|5,000/, { selector: '.mantine-InputWrapper-error, [class*="error"]' })).toBeInTheDocument();
  });

  it('clears a message error as soon as it is fixed, with the shared LINE rules, before the server answers', async () => {
    setup([{ type: 'text', text: 'x'.repeat(5001) }]);
    const text = await screen.findByLabelText('Message 1 text');
    expect(text).toHaveAttribute('aria-invalid', 'true');
    fireEvent.change(text, { target: { value: 'Hello!' } });
    await waitFor(() => expect(screen.getByLabelText('Message 1 text')).not.toHaveAttribute('aria-invalid', 'true'));
  });

  it('flags an imagemap base URL that is not HTTPS on the field itself', async () => {
    setup([
      {
        type: 'imagemap',
        baseUrl: 'http://cdn.example.com/im',
        altText: 'Sale',
        baseSize: { width: 1040, height: 1040 },
        actions: [{ type: 'uri', linkUri: 'https://example.com', area: { x: 0, y: 0, width: 1040, height: 1040 } }],
      },
    ]);
    const field = await screen.findByLabelText('Message 1 image base URL');
    expect(field).toHaveAttribute('aria-invalid', 'true');
  });

  it('enforces the maximum of five messages', async () => {
    setup(Array.from({ length: 5 }, (_, i) => ({ type: 'text', text: `m${i}` })));
    await screen.findByLabelText('Message 5 text');
    expect(screen.getByRole('button', { name: '+ Add Message' })).toBeDisabled();
    expect(screen.getByText(/5 of 5 messages/)).toBeInTheDocument();
  });

  it('reorders messages from the keyboard-reachable move buttons and saves the new order', async () => {
    const calls = setup([
      { type: 'text', text: 'first' },
      { type: 'text', text: 'second' },
    ]);
    fireEvent.click(await screen.findByRole('button', { name: 'Move message 2 up' }));
    expect(screen.getByLabelText('Message 1 text')).toHaveValue('second');
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true), { timeout: 8000 });
    const body = calls.find((c) => c.method === 'PATCH')!.body as { content: { messages: { text: string }[] } };
    expect(body.content.messages.map((m) => m.text)).toEqual(['second', 'first']);
  });

  it('shows the server’s check of the rendered message inline on its message, though the template itself is fine', async () => {
    const rendered = {
      tab: 'content',
      path: 'content.messages[0].text',
      message: 'For the blank profile: after rendering with UTM tags, May not be empty (0)',
      code: 'invalid_rendered_message',
      params: { rule: 'May not be empty', length: 0, profile: 'blank' },
    };
    renderCampaignPage([{ type: 'text', text: '{{ profile.first_name }}' }], { ...serverErrors, errors: [rendered] }, 'content');
    expect(await screen.findByText(/For the blank profile: after rendering with UTM tags, May not be empty/)).toBeInTheDocument();
    expect(screen.getByLabelText('Message 1 text')).toHaveAttribute('aria-invalid', 'true');
  });
});
