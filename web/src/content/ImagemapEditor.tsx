import { useState } from 'react';
import { ActionIcon, Button, Group, NumberInput, Paper, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorAt } from '../campaigns/tabs/tab.ts';
import { LIMITS } from '../../../src/domain/messages/limits.ts';
import { MediaPickerButton } from '../media/MediaPicker.tsx';
import type { MediaItem } from '../api/types.ts';
import { CharCounter } from './CharCounter.tsx';
import { ImagemapCanvas } from './ImagemapCanvas.tsx';
import { clampArea, IMAGEMAP_WIDTH, type Area, type ImagemapAction, type ImagemapDraft } from './drafts.ts';

interface Props {
  ws: string;
  index: number;
  message: ImagemapDraft;
  onChange(m: ImagemapDraft): void;
  issues: { path: string; message: string }[];
  disabled: boolean;
}

function ActionEditor({
  action,
  i,
  base,
  onChange,
  onRemove,
  issues,
  disabled,
}: {
  action: ImagemapAction;
  i: number;
  base: string;
  onChange(a: ImagemapAction): void;
  onRemove(): void;
  issues: Props['issues'];
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const setArea = (k: keyof Area) => (v: string | number) =>
    typeof v === 'number' && onChange({ ...action, area: { ...action.area, [k]: v } });
  // eslint-disable-next-line i18next/no-literal-string -- field path, not words
  const p = `${base}.actions[${i}]`;
  return (
    <Paper withBorder p="xs">
      <Group justify="space-between" mb={4}>
        <Text size="sm" fw={600}>
          {t('tapArea.title', { n: i + 1 })}
        </Text>
        <ActionIcon variant="subtle" color="red" aria-label={t('tapArea.delete', { n: i + 1 })} onClick={onRemove} disabled={disabled}>
          ✕
        </ActionIcon>
      </Group>
      <Group align="flex-end" grow>
        <SegmentedControl
          size="xs"
          data={[
            { value: 'uri', label: t('tapArea.openUrl') },
            { value: 'message', label: t('tapArea.sendMessage') },
          ]}
          value={action.type}
          onChange={(t) =>
            onChange(
              t === 'uri' ? { type: 'uri', linkUri: 'https://', area: action.area } : { type: 'message', text: '', area: action.area },
            )
          }
          disabled={disabled}
          aria-label={t('tapArea.action', { n: i + 1 })}
        />
        {action.type === 'uri' ? (
          <TextInput
            size="xs"
            aria-label={t('tapArea.url', { n: i + 1 })}
            value={action.linkUri}
            onChange={(e) => onChange({ ...action, linkUri: e.currentTarget.value })}
            error={errorAt(issues, `${p}.linkUri`)}
            disabled={disabled}
          />
        ) : (
          <TextInput
            size="xs"
            aria-label={t('tapArea.text', { n: i + 1 })}
            value={action.text}
            onChange={(e) => onChange({ ...action, text: e.currentTarget.value })}
            error={errorAt(issues, `${p}.text`)}
            disabled={disabled}
            rightSectionWidth={90}
            rightSection={<CharCounter value={action.text} max={LIMITS.imagemapMessageTextMax} unit="graphemes" />}
          />
        )}
      </Group>
      <Group grow mt={4}>
        {(['x', 'y', 'width', 'height'] as const).map((k) => (
          <NumberInput
            key={k}
            size="xs"
            label={t(`tapArea.${k}`)}
            min={0}
            value={action.area[k]}
            onChange={setArea(k)}
            disabled={disabled}
          />
        ))}
      </Group>
      {errorAt(issues, `${p}.area`, true) && (
        <Text size="xs" c="red" role="alert">
          {errorAt(issues, `${p}.area`, true)}
        </Text>
      )}
    </Paper>
  );
}

/**
 * A library picture as the imagemap's image: its base URL (the server made the five widths LINE requests) and the
 * height at width 1040 from the picture's own proportions, with the tap areas kept inside it.
 */
export function fromLibrary(message: ImagemapDraft, m: MediaItem): ImagemapDraft {
  const height = m.width && m.height ? Math.max(1, Math.round((IMAGEMAP_WIDTH * m.height) / m.width)) : message.baseSize.height;
  const size = { width: IMAGEMAP_WIDTH, height };
  return {
    ...message,
    baseUrl: m.urls.imagemapBase ?? message.baseUrl,
    baseSize: size,
    actions: message.actions.map((a) => ({ ...a, area: clampArea(a.area, size) })),
  };
}

export function ImagemapEditor({ ws, index, message, onChange, issues, disabled }: Props) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<number | null>(null);
  // eslint-disable-next-line i18next/no-literal-string -- field path, not words
  const base = `content.messages[${index}]`;
  const setAction = (i: number, a: ImagemapAction) => onChange({ ...message, actions: message.actions.map((x, j) => (j === i ? a : x)) });
  const otherErrors = issues.filter((i) => i.path === base || i.path === `${base}.actions` || i.path.startsWith(`${base}.baseSize`));
  return (
    <Stack gap="xs">
      <TextInput
        label={t('imagemap.baseUrl', { n: index + 1 })}
        description={t('imagemap.baseUrlHelp')}
        placeholder="https://cdn.example.com/imagemap/sale"
        value={message.baseUrl}
        onChange={(e) => onChange({ ...message, baseUrl: e.currentTarget.value.trim() })}
        error={errorAt(issues, `${base}.baseUrl`)}
        disabled={disabled}
      />
      <MediaPickerButton
        ws={ws}
        type="image"
        label={t('composer.imagemapFromLibrary')}
        disabled={disabled}
        onPick={(m) => onChange(fromLibrary(message, m))}
      />
      <Group grow align="flex-start">
        <TextInput
          label={t('imagemap.altText')}
          description={t('imagemap.altTextHelp')}
          rightSectionWidth={90}
          rightSection={<CharCounter value={message.altText} max={LIMITS.altTextMax} unit="utf16" />}
          value={message.altText}
          onChange={(e) => onChange({ ...message, altText: e.currentTarget.value })}
          error={errorAt(issues, `${base}.altText`)}
          disabled={disabled}
        />
        <NumberInput
          label={t('imagemap.height')}
          min={1}
          max={2080}
          value={message.baseSize.height}
          onChange={(v) =>
            typeof v === 'number' &&
            onChange({
              ...message,
              baseSize: { width: IMAGEMAP_WIDTH, height: v },
              actions: message.actions.map((a) => ({ ...a, area: clampArea(a.area, { width: IMAGEMAP_WIDTH, height: v }) })),
            })
          }
          disabled={disabled}
        />
      </Group>
      <Text size="xs" c="dimmed">
        {t('imagemap.drawHelp')}
      </Text>
      <div style={{ maxWidth: 420 }}>
        <ImagemapCanvas message={message} selected={selected} onSelect={setSelected} onChange={onChange} editable={!disabled} />
      </div>
      {message.actions.map((a, i) => (
        <ActionEditor
          key={i}
          i={i}
          base={base}
          action={a}
          issues={issues}
          disabled={disabled}
          onChange={(next) => setAction(i, next)}
          onRemove={() => {
            onChange({ ...message, actions: message.actions.filter((_, j) => j !== i) });
            setSelected(null);
          }}
        />
      ))}
      <Button
        size="xs"
        variant="default"
        w="fit-content"
        disabled={disabled || message.actions.length >= 50}
        onClick={() =>
          onChange({
            ...message,
            actions: [
              ...message.actions,
              { type: 'uri', linkUri: 'https://', area: { x: 0, y: 0, width: IMAGEMAP_WIDTH, height: message.baseSize.height } },
            ],
          })
        }
      >
        {t('imagemap.addTapArea')}
      </Button>
      {otherErrors.map((e) => (
        <Text key={e.path + e.message} size="xs" c="red" role="alert">
          {e.message}
        </Text>
      ))}
    </Stack>
  );
}
