import { useState } from 'react';
import { Button, Popover, Select, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * The Liquid expression the picker inserts; a default keeps the blank-profile preview and missing data readable.
 * `profile.city` for plain names; `profile["姓"]` when the attribute is not a plain identifier (a space, a dash,
 * a leading digit), which Liquid would otherwise misread.
 */
export function liquidExpression(variable: string, fallback: string): string {
  const d = fallback.trim();
  const m = /^(profile|campaign)\.(.+)$/.exec(variable);
  const ref = m && !/^[\p{L}_][\p{L}\p{N}_]*$/u.test(m[2]!) ? `${m[1]}[${JSON.stringify(m[2])}]` : variable;
  // eslint-disable-next-line i18next/no-literal-string -- Liquid syntax, not words
  return d ? `{{ ${ref} | default: ${JSON.stringify(d)} }}` : `{{ ${ref} }}`;
}

export function LiquidPicker({
  attributes,
  onInsert,
  disabled,
}: {
  attributes: string[];
  onInsert(expr: string): void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [variable, setVariable] = useState<string | null>(null);
  const [fallback, setFallback] = useState('');
  const data = [
    { group: t('liquid.profile'), items: attributes.map((a) => ({ value: `profile.${a}`, label: `profile.${a}` })) },
    {
      group: t('liquid.campaign'),
      items: [
        { value: 'campaign.name', label: 'campaign.name' },
        { value: 'campaign.id', label: 'campaign.id' },
      ],
    },
  ];
  return (
    <Popover opened={opened} onChange={setOpened} width={320} position="bottom-start" withArrow trapFocus>
      <Popover.Target>
        <Button size="compact-xs" variant="light" onClick={() => setOpened((o) => !o)} disabled={disabled}>
          {'{ }'} {t('liquid.insertVariable')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Select
            label={t('liquid.variable')}
            data={data}
            value={variable}
            onChange={setVariable}
            searchable
            placeholder={t('liquid.variablePlaceholder')}
            comboboxProps={{ withinPortal: false }}
          />
          <TextInput
            label={t('liquid.default')}
            description={t('liquid.defaultHelp')}
            value={fallback}
            onChange={(e) => setFallback(e.currentTarget.value)}
          />
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
            {t('liquid.insert')}
          </Button>
          {attributes.length === 0 && (
            <Text size="xs" c="dimmed">
              {t('liquid.pickSegment')}
            </Text>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
