import { useState } from 'react';
import { Alert, Code, Group, List, NumberInput, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useSegmentReach, useWsLineAccounts } from '../../api/audience.ts';
import type { ActivationTab as Activation } from '../../api/types.ts';
import type { TabProps } from '../CampaignPage.tsx';
import { errorAt, useAutosave } from '../useCampaign.ts';
import { estimateSeconds, formatDuration } from '../sendSpeed.ts';

export const CONNECTOR_NAME = 'LINE OA Messaging Streaming Output';

export function ActivationTab({ ws, campaign, editable, issues, save }: TabProps) {
  const [activation, setActivation] = useState<Activation>(campaign.activation);
  useAutosave(activation, (a) => save({ activation: a }), 400, editable);
  const accounts = useWsLineAccounts(ws);
  const reach = useSegmentReach(ws, campaign.audience.segmentId);
  const account = accounts.data?.find((a) => a.id === campaign.content.lineAccountId);
  const recipients = Math.min(reach.data?.following ?? 0, campaign.recipientCap ?? Infinity);
  const limits = account ?? { pushPerSecond: 2000, multicastPerSecond: 200 };
  const num = (k: keyof Activation) => (v: string | number) => typeof v === 'number' && setActivation({ ...activation, [k]: v });

  return (
    <Stack maw={820}>
      <TextInput label="Connector" value={CONNECTOR_NAME} readOnly description="Messages are delivered through the streaming egress connector." />
      <Paper withBorder p="md">
        <Title order={4} mb="xs">
          Retry policy
        </Title>
        <Text size="sm" mb="sm">
          Transient errors (LINE unavailable, timeouts, rate limits) are retried with exponential backoff and jitter. Permanent errors (invalid LINE user
          ID, rejected message) are recorded as failures without retry. Every retry reuses the request’s retry key, so LINE never delivers twice.
        </Text>
        <Group grow align="flex-start">
          <NumberInput label="Max attempts" min={1} max={20} value={activation.maxAttempts} onChange={num('maxAttempts')} disabled={!editable} error={errorAt(issues, 'activation.maxAttempts')} />
          <NumberInput label="First backoff (ms)" min={100} max={60000} step={100} value={activation.backoffBaseMs} onChange={num('backoffBaseMs')} disabled={!editable} error={errorAt(issues, 'activation.backoffBaseMs')} />
          <NumberInput label="Longest backoff (ms)" min={1000} max={3600000} step={1000} value={activation.backoffCapMs} onChange={num('backoffCapMs')} disabled={!editable} error={errorAt(issues, 'activation.backoffCapMs')} />
        </Group>
        <Text size="xs" c="dimmed" mt={4}>
          Waits double from the first backoff up to the longest. A 429 “monthly limit” suspends the campaign instead (resume it next month or after
          raising the plan); a 401/403 suspends it until the token is fixed.
        </Text>
      </Paper>
      <Paper withBorder p="md" data-testid="send-mode">
        <Title order={4} mb="xs">
          Send mode: <Code fz="md">{campaign.sendMode}</Code>
        </Title>
        <List size="sm" spacing={4}>
          <List.Item>
            <b>multicast</b>: one request carries up to 500 recipients — used when everybody gets the same messages. At {limits.multicastPerSecond} requests/s.
          </List.Item>
          <List.Item>
            <b>push</b>: one request a recipient — needed when messages differ per person (Liquid profile variables); each recipient then also gets their own tracked links. At{' '}
            {limits.pushPerSecond} requests/s.
          </List.Item>
        </List>
        {recipients > 0 && (
          <Text size="sm" mt="sm">
            {recipients.toLocaleString()} recipients by <b>{campaign.sendMode}</b>: {formatDuration(estimateSeconds(recipients, campaign.sendMode, limits))} at
            full speed (multicast would take {formatDuration(estimateSeconds(recipients, 'multicast', limits))}, push{' '}
            {formatDuration(estimateSeconds(recipients, 'push', limits))}).
          </Text>
        )}
        {campaign.sendMode === 'push' && (
          <Text size="xs" c="dimmed" mt={4}>
            To multicast, remove profile variables from the messages.
          </Text>
        )}
      </Paper>
      {issues.length > 0 && (
        <Alert color="red" title="Fix before launch">
          {issues.map((i) => (
            <div key={i.path + i.message}>{i.message}</div>
          ))}
        </Alert>
      )}
    </Stack>
  );
}
