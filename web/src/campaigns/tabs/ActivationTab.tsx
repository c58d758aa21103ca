import { useState } from 'react';
import { Alert, Code, Group, List, NumberInput, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { Trans, useTranslation } from 'react-i18next';
import { useSegmentReach, useWsLineAccounts } from '../../api/audience.ts';
import type { ActivationTab as Activation } from '../../api/types.ts';
import { errorAt, type TabProps } from './tab.ts';
import { useAutosave } from '../useAutosave.ts';
import { estimateSeconds, formatDuration } from '../sendSpeed.ts';
import { makeFormat } from '../../i18n/format.ts';

/** The connector's product name, as the spec calls it (a name, not translated). */
export const CONNECTOR_NAME = 'LINE OA Messaging Streaming Output';

export function ActivationTab({ ws, campaign, editable, issues, save }: TabProps) {
  const { t, i18n } = useTranslation();
  const [activation, setActivation] = useState<Activation>(campaign.activation);
  useAutosave(activation, (a) => save({ activation: a }), 400, editable);
  const accounts = useWsLineAccounts(ws);
  const reach = useSegmentReach(ws, campaign.audience.segmentId);
  const account = accounts.data?.find((a) => a.id === campaign.content.lineAccountId);
  const recipients = Math.min(reach.data?.following ?? 0, campaign.recipientCap ?? Infinity);
  const limits = account ?? { pushPerSecond: 2000, multicastPerSecond: 200 };
  const num = (k: keyof Activation) => (v: string | number) => typeof v === 'number' && setActivation({ ...activation, [k]: v });
  const n = makeFormat(i18n.language, 'UTC').number;
  const duration = (mode: 'push' | 'multicast') => formatDuration(estimateSeconds(recipients, mode, limits), t, i18n.language);

  return (
    <Stack maw={820}>
      <TextInput label={t('activation.connector')} value={CONNECTOR_NAME} readOnly description={t('activation.connectorHelp')} />
      <Paper withBorder p="md">
        <Title order={4} mb="xs">
          {t('activation.retryPolicy')}
        </Title>
        <Text size="sm" mb="sm">
          {t('activation.retryExplain')}
        </Text>
        <Group grow align="flex-start">
          <NumberInput
            label={t('activation.maxAttempts')}
            min={1}
            max={20}
            value={activation.maxAttempts}
            onChange={num('maxAttempts')}
            disabled={!editable}
            error={errorAt(issues, 'activation.maxAttempts')}
          />
          <NumberInput
            label={t('activation.firstBackoff')}
            min={100}
            max={60000}
            step={100}
            value={activation.backoffBaseMs}
            onChange={num('backoffBaseMs')}
            disabled={!editable}
            error={errorAt(issues, 'activation.backoffBaseMs')}
          />
          <NumberInput
            label={t('activation.longestBackoff')}
            min={1000}
            max={3600000}
            step={1000}
            value={activation.backoffCapMs}
            onChange={num('backoffCapMs')}
            disabled={!editable}
            error={errorAt(issues, 'activation.backoffCapMs')}
          />
        </Group>
        <Text size="xs" c="dimmed" mt={4}>
          {t('activation.backoffExplain')}
        </Text>
      </Paper>
      <Paper withBorder p="md" data-testid="send-mode">
        <Title order={4} mb="xs">
          <Trans
            i18nKey="activation.sendMode"
            values={{ mode: t(`sendModes.${campaign.sendMode}`) }}
            components={{ code: <Code fz="md" /> }}
          />
        </Title>
        <List size="sm" spacing={4}>
          <List.Item>
            <Trans
              i18nKey="activation.multicastExplain"
              values={{ mode: t('sendModes.multicast'), rate: n(limits.multicastPerSecond) }}
              components={{ b: <b /> }}
            />
          </List.Item>
          <List.Item>
            <Trans
              i18nKey="activation.pushExplain"
              values={{ mode: t('sendModes.push'), rate: n(limits.pushPerSecond) }}
              components={{ b: <b /> }}
            />
          </List.Item>
        </List>
        {recipients > 0 && (
          <Text size="sm" mt="sm">
            <Trans
              i18nKey="activation.estimate"
              count={recipients}
              values={{
                n: n(recipients),
                mode: t(`sendModes.${campaign.sendMode}`),
                duration: duration(campaign.sendMode),
                multicast: duration('multicast'),
                push: duration('push'),
              }}
              components={{ b: <b /> }}
            />
          </Text>
        )}
        {campaign.sendMode === 'push' && (
          <Text size="xs" c="dimmed" mt={4}>
            {t('activation.toMulticast')}
          </Text>
        )}
      </Paper>
      {issues.length > 0 && (
        <Alert color="red" title={t('campaign.fixBeforeLaunch')}>
          {issues.map((i) => (
            <div key={i.path + i.message}>{i.message}</div>
          ))}
        </Alert>
      )}
    </Stack>
  );
}
