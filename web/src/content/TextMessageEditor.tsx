import { useRef } from 'react';
import { Group, Text, Textarea } from '@mantine/core';
import { LiquidPicker } from './LiquidPicker.tsx';
import { lineLength, type TextDraft } from './drafts.ts';

export function TextMessageEditor({
  index,
  message,
  onChange,
  error,
  attributes,
  disabled,
}: {
  index: number;
  message: TextDraft;
  onChange(m: TextDraft): void;
  error?: string;
  attributes: string[];
  disabled: boolean;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const n = lineLength(message.text);
  function insert(expr: string) {
    const el = ref.current;
    const at = el ? el.selectionStart : message.text.length;
    const end = el ? el.selectionEnd : at;
    onChange({ ...message, text: message.text.slice(0, at) + expr + message.text.slice(end) });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + expr.length, at + expr.length);
    });
  }
  return (
    <div>
      <Textarea
        ref={ref}
        label={`Message ${index + 1} text`}
        autosize
        minRows={3}
        maxRows={14}
        value={message.text}
        onChange={(e) => onChange({ ...message, text: e.currentTarget.value })}
        error={error}
        disabled={disabled}
        placeholder="Hello {{ profile.first_name | default: &quot;there&quot; }}! Our sale starts today: https://example.com/sale"
      />
      <Group justify="space-between" mt={4}>
        <LiquidPicker attributes={attributes} onInsert={insert} disabled={disabled} />
        <Text size="xs" c={n > 5000 ? 'red' : 'dimmed'} aria-label="characters used">
          {n.toLocaleString()} / 5,000
        </Text>
      </Group>
    </div>
  );
}
