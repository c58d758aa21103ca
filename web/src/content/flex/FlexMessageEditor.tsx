/**
 * PLACEHOLDER for the Flex editor's seam (the card editor and the JSON editor replace this file): a JSON textarea
 * that takes a whole Flex message, a bubble or a carousel and keeps the alt text; JSON that does not parse yet changes
 * nothing. It uses only catalogue keys that outlive it, so replacing it leaves no unused key behind.
 */
import { useState, type JSX } from 'react';
import { Stack, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorAt } from '../../campaigns/tabs/tab.ts';
import type { ValidationIssue } from '../../api/types.ts';

export function FlexMessageEditor(props: {
  index: number;
  message: Record<string, unknown>;
  onChange(m: Record<string, unknown>): void;
  issues: ValidationIssue[];
  attributes: string[];
  disabled: boolean;
  /** Asks for a picture URL (the media library); the card editor uses it, this placeholder does not. */
  onPickImage?: () => Promise<string | null | undefined>;
}): JSX.Element {
  const { t } = useTranslation();
  const { index, message, onChange, issues, disabled } = props;
  const [json, setJson] = useState(() => JSON.stringify(message.contents ?? {}, null, 2));
  // eslint-disable-next-line i18next/no-literal-string -- field path, not words
  const base = `content.messages[${index}]`;
  const altText = typeof message.altText === 'string' ? message.altText : '';
  function edit(v: string) {
    setJson(v);
    try {
      const parsed = JSON.parse(v) as Record<string, unknown>;
      if (parsed.type === 'flex')
        onChange({ ...parsed, altText: typeof parsed.altText === 'string' && parsed.altText ? parsed.altText : altText });
      else onChange({ ...message, contents: parsed });
    } catch {
      /* not JSON yet: keep the last message that parsed */
    }
  }
  return (
    <Stack gap="xs">
      <TextInput
        label={t('imagemap.altText')}
        value={altText}
        onChange={(e) => onChange({ ...message, altText: e.currentTarget.value })}
        error={errorAt(issues, `${base}.altText`)}
        disabled={disabled}
      />
      <Textarea
        data-testid="flex-json"
        label={t('composer.typeFlex')}
        autosize
        minRows={6}
        maxRows={20}
        value={json}
        onChange={(e) => edit(e.currentTarget.value)}
        error={errorAt(issues, `${base}.contents`, true)}
        disabled={disabled}
        styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
      />
    </Stack>
  );
}
