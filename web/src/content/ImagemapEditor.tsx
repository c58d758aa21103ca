import { useState } from 'react';
import { ActionIcon, Button, Group, NumberInput, Paper, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { errorAt } from '../campaigns/useCampaign.ts';
import { ImagemapCanvas } from './ImagemapCanvas.tsx';
import { clampArea, IMAGEMAP_WIDTH, type Area, type ImagemapAction, type ImagemapDraft } from './drafts.ts';

interface Props {
  index: number;
  message: ImagemapDraft;
  onChange(m: ImagemapDraft): void;
  issues: { path: string; message: string }[];
  disabled: boolean;
}

function ActionEditor({ action, i, base, onChange, onRemove, issues, disabled }: { action: ImagemapAction; i: number; base: string; onChange(a: ImagemapAction): void; onRemove(): void; issues: Props['issues']; disabled: boolean }) {
  const setArea = (k: keyof Area) => (v: string | number) => typeof v === 'number' && onChange({ ...action, area: { ...action.area, [k]: v } });
  const p = `${base}.actions[${i}]`;
  return (
    <Paper withBorder p="xs">
      <Group justify="space-between" mb={4}>
        <Text size="sm" fw={600}>
          Tap area {i + 1}
        </Text>
        <ActionIcon variant="subtle" color="red" aria-label={`Delete tap area ${i + 1}`} onClick={onRemove} disabled={disabled}>
          ✕
        </ActionIcon>
      </Group>
      <Group align="flex-end" grow>
        <SegmentedControl
          size="xs"
          data={[
            { value: 'uri', label: 'Open URL' },
            { value: 'message', label: 'Send message' },
          ]}
          value={action.type}
          onChange={(t) => onChange(t === 'uri' ? { type: 'uri', linkUri: 'https://', area: action.area } : { type: 'message', text: '', area: action.area })}
          disabled={disabled}
          aria-label={`Tap area ${i + 1} action`}
        />
        {action.type === 'uri' ? (
          <TextInput size="xs" aria-label={`Tap area ${i + 1} URL`} value={action.linkUri} onChange={(e) => onChange({ ...action, linkUri: e.currentTarget.value })} error={errorAt(issues, `${p}.linkUri`)} disabled={disabled} />
        ) : (
          <TextInput size="xs" aria-label={`Tap area ${i + 1} message text`} value={action.text} onChange={(e) => onChange({ ...action, text: e.currentTarget.value })} error={errorAt(issues, `${p}.text`)} disabled={disabled} />
        )}
      </Group>
      <Group grow mt={4}>
        {(['x', 'y', 'width', 'height'] as const).map((k) => (
          <NumberInput key={k} size="xs" label={k} min={0} value={action.area[k]} onChange={setArea(k)} disabled={disabled} />
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

export function ImagemapEditor({ index, message, onChange, issues, disabled }: Props) {
  const [selected, setSelected] = useState<number | null>(null);
  const base = `content.messages[${index}]`;
  const setAction = (i: number, a: ImagemapAction) => onChange({ ...message, actions: message.actions.map((x, j) => (j === i ? a : x)) });
  const otherErrors = issues.filter((i) => i.path === base || i.path === `${base}.actions` || i.path.startsWith(`${base}.baseSize`));
  return (
    <Stack gap="xs">
      <TextInput
        label={`Message ${index + 1} image base URL`}
        description="HTTPS, no file extension. LINE loads baseUrl/1040, /700, /460, /300 and /240 for different screens."
        placeholder="https://cdn.example.com/imagemap/sale"
        value={message.baseUrl}
        onChange={(e) => onChange({ ...message, baseUrl: e.currentTarget.value.trim() })}
        error={errorAt(issues, `${base}.baseUrl`)}
        disabled={disabled}
      />
      <Group grow align="flex-start">
        <TextInput
          label="Alternative text"
          description="Shown in notifications and chat lists (≤ 1,500)."
          value={message.altText}
          onChange={(e) => onChange({ ...message, altText: e.currentTarget.value })}
          error={errorAt(issues, `${base}.altText`)}
          disabled={disabled}
        />
        <NumberInput
          label="Image height (at width 1040)"
          min={1}
          max={2080}
          value={message.baseSize.height}
          onChange={(v) => typeof v === 'number' && onChange({ ...message, baseSize: { width: IMAGEMAP_WIDTH, height: v }, actions: message.actions.map((a) => ({ ...a, area: clampArea(a.area, { width: IMAGEMAP_WIDTH, height: v }) })) })}
          disabled={disabled}
        />
      </Group>
      <Text size="xs" c="dimmed">
        Draw a tap area by dragging on the image; drag an area to move it; fine-tune with the numbers below (1040-wide coordinates).
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
        onClick={() => onChange({ ...message, actions: [...message.actions, { type: 'uri', linkUri: 'https://', area: { x: 0, y: 0, width: IMAGEMAP_WIDTH, height: message.baseSize.height } }] })}
      >
        + Add tap area
      </Button>
      {otherErrors.map((e) => (
        <Text key={e.path + e.message} size="xs" c="red" role="alert">
          {e.message}
        </Text>
      ))}
    </Stack>
  );
}
