import { useState } from 'react';
import { ActionIcon, Alert, Button, Code, Group, Paper, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { Trans, useTranslation } from 'react-i18next';
import type { UtmTab as Utm } from '../../api/types.ts';
import { issueText } from '../../i18n/issues.ts';
import { errorAt, type TabProps } from './tab.ts';
import { useAutosave } from '../useAutosave.ts';
import { checkUtm, exampleTaggedUrl, firstUrl } from '../../lib/domain.ts';

const DEFAULTS = { source: 'line', medium: 'social', campaign: '' };

/** `utm.source` → utm_source, `utm.extra.utm_term` → utm_term: the parameter as marketers know it. */
const paramName = (path: string) => (path.startsWith('utm.extra.') ? path.slice('utm.extra.'.length) : path.replace(/^utm\./, 'utm_'));

interface ExtraRow {
  key: string;
  value: string;
}

export function UtmTab({ campaign, editable, issues, save }: TabProps) {
  const { t } = useTranslation();
  const [utm, setUtm] = useState<Omit<Utm, 'extra'>>({
    source: campaign.utm.source,
    medium: campaign.utm.medium,
    campaign: campaign.utm.campaign,
  });
  const [extra, setExtra] = useState<ExtraRow[]>(Object.entries(campaign.utm.extra).map(([key, value]) => ({ key, value })));
  const [tracking, setTracking] = useState(campaign.trackingEnabled);
  const full: Utm = { ...utm, extra: Object.fromEntries(extra.filter((r) => r.key.trim()).map((r) => [r.key.trim(), r.value])) };
  useAutosave({ full, tracking }, (v) => save({ utm: v.full, trackingEnabled: v.tracking }), 400, editable);

  const local = checkUtm(full).map((i) => ({ ...i, message: issueText(t, i), path: i.path.startsWith('utm') ? i.path : `utm.${i.path}` }));
  const all = [...issues, ...local.filter((l) => !issues.some((i) => i.path === l.path))];
  const sample = firstUrl(campaign.content.messages) ?? 'https://example.com/sale?ref=top#coupon';
  const tagged = exampleTaggedUrl(sample, full, { id: campaign.id, name: campaign.name });
  const field = (k: keyof typeof DEFAULTS, label: string) => (
    <TextInput
      label={label}
      value={utm[k]}
      placeholder={DEFAULTS[k] || t('utm.emptyLeftOut')}
      description={t('utm.default', { value: DEFAULTS[k] || t('utm.empty') })}
      onChange={(e) => setUtm({ ...utm, [k]: e.currentTarget.value })}
      disabled={!editable}
      error={errorAt(all, `utm.${k}`)}
      maxLength={200}
    />
  );

  return (
    <Stack maw={860}>
      <Text size="sm" c="dimmed">
        <Trans i18nKey="utm.intro" values={{ id: '{{campaign.id}}', name: '{{campaign.name}}' }} components={{ code: <Code /> }} />
      </Text>
      <Group grow align="flex-start">
        {field('source', 'utm_source')}
        {field('medium', 'utm_medium')}
        {field('campaign', 'utm_campaign')}
      </Group>
      {editable && !utm.campaign && (
        <Button variant="light" size="xs" w="fit-content" onClick={() => setUtm({ ...utm, campaign: '{{campaign.id}}' })}>
          {t('utm.useCampaignId')}
        </Button>
      )}
      <div>
        <Text fw={500} size="sm" mb={4}>
          {t('utm.extra')}
        </Text>
        <Table withRowBorders={false}>
          <Table.Tbody>
            {extra.map((r, i) => (
              <Table.Tr key={i}>
                <Table.Td>
                  <TextInput
                    aria-label={t('utm.extraName', { n: i + 1 })}
                    placeholder="utm_content"
                    value={r.key}
                    onChange={(e) => setExtra(extra.map((x, j) => (j === i ? { ...x, key: e.currentTarget.value } : x)))}
                    disabled={!editable}
                    error={errorAt(all, `utm.extra.${r.key}`)}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    aria-label={t('utm.extraValue', { n: i + 1 })}
                    placeholder={t('utm.value')}
                    value={r.value}
                    onChange={(e) => setExtra(extra.map((x, j) => (j === i ? { ...x, value: e.currentTarget.value } : x)))}
                    disabled={!editable}
                  />
                </Table.Td>
                <Table.Td w={40}>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('utm.removeExtra', { n: i + 1 })}
                    onClick={() => setExtra(extra.filter((_, j) => j !== i))}
                    disabled={!editable}
                  >
                    ✕
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Button variant="default" size="xs" onClick={() => setExtra([...extra, { key: '', value: '' }])} disabled={!editable}>
          {t('utm.addParameter')}
        </Button>
      </div>
      <Paper withBorder p="md" bg="gray.0">
        <Text size="sm" fw={500}>
          {t('utm.example')}
        </Text>
        <Text size="xs" c="dimmed">
          {sample}
        </Text>
        <Text size="sm" style={{ wordBreak: 'break-all' }} data-testid="utm-example">
          → {tagged}
        </Text>
      </Paper>
      <Switch
        label={t('utm.tracking')}
        description={t('utm.trackingHelp')}
        checked={tracking}
        onChange={(e) => setTracking(e.currentTarget.checked)}
        disabled={!editable}
      />
      {all.length > 0 && (
        <Alert color="red" title={t('campaign.fixBeforeLaunch')}>
          {all.map((i) => (
            <div key={i.path + i.message}>
              {paramName(i.path)}: {i.message}
            </div>
          ))}
        </Alert>
      )}
    </Stack>
  );
}
