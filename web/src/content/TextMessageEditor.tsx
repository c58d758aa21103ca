import { useRef } from 'react';
import { Group, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../src/domain/messages/limits.ts';
import { LiquidPicker, liquidExpression } from './LiquidPicker.tsx';
import { CharCounter } from './CharCounter.tsx';
import type { TextDraft } from './drafts.ts';

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
  const { t } = useTranslation();
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
        label={t('content.messageText', { n: index + 1 })}
        autosize
        minRows={3}
        maxRows={14}
        value={message.text}
        onChange={(e) => onChange({ ...message, text: e.currentTarget.value })}
        error={error}
        disabled={disabled}
        placeholder={t('content.textPlaceholder', {
          variable: liquidExpression(t('content.placeholderVariable'), t('content.placeholderDefault')),
        })}
      />
      <Group justify="space-between" mt={4}>
        <LiquidPicker attributes={attributes} onInsert={insert} disabled={disabled} />
        <CharCounter value={message.text} max={LIMITS.textMax} unit="utf16" />
      </Group>
    </div>
  );
}
