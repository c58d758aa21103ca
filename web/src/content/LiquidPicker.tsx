import { useState } from 'react';
import { Button, Popover, Select, Stack, Text, TextInput } from '@mantine/core';

/** The Liquid expression the picker inserts; a default keeps the blank-profile preview and missing data readable. */
export function liquidExpression(variable: string, fallback: string): string {
  const d = fallback.trim();
  return d ? `{{ ${variable} | default: "${d.replace(/"/g, '\\"')}" }}` : `{{ ${variable} }}`;
}

export function LiquidPicker({ attributes, onInsert, disabled }: { attributes: string[]; onInsert(expr: string): void; disabled?: boolean }) {
  const [opened, setOpened] = useState(false);
  const [variable, setVariable] = useState<string | null>(null);
  const [fallback, setFallback] = useState('');
  const data = [
    { group: 'Profile', items: attributes.map((a) => ({ value: `profile.${a}`, label: `profile.${a}` })) },
    { group: 'Campaign', items: [{ value: 'campaign.name', label: 'campaign.name' }, { value: 'campaign.id', label: 'campaign.id' }] },
  ];
  return (
    <Popover opened={opened} onChange={setOpened} width={320} position="bottom-start" withArrow trapFocus>
      <Popover.Target>
        <Button size="compact-xs" variant="light" onClick={() => setOpened((o) => !o)} disabled={disabled}>
          {'{ }'} Insert variable
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Select label="Variable" data={data} value={variable} onChange={setVariable} searchable placeholder="e.g. profile.first_name" comboboxProps={{ withinPortal: false }} />
          <TextInput label="Default value" description="Shown when the profile has no value (and in the blank-profile preview)." value={fallback} onChange={(e) => setFallback(e.currentTarget.value)} />
          {variable && (
            <Text size="xs" ff="monospace">
              {liquidExpression(variable, fallback)}
            </Text>
          )}
          <Button
            size="xs"
            disabled={!variable}
            onClick={() => {
              if (!variable) return;
              onInsert(liquidExpression(variable, fallback));
              setOpened(false);
              setVariable(null);
              setFallback('');
            }}
          >
            Insert
          </Button>
          {attributes.length === 0 && (
            <Text size="xs" c="dimmed">
              Pick a segment on Target Audience to list its profile attributes.
            </Text>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
