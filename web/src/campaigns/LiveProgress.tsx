import { useEffect, useState } from 'react';
import { Group, Paper, Progress as ProgressBar, SimpleGrid, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { qk } from '../api/keys.ts';
import { progressApi } from '../api/progress.ts';
import type { Campaign, Progress } from '../api/types.ts';
import { useTranslation } from 'react-i18next';
import { makeFormat } from '../i18n/format.ts';

/**
 * Live counts while a campaign sends: the progress stream when the server offers it, otherwise the report polled
 * every two seconds. Either way nothing needs a reload, and the campaign refreshes when the state changes.
 */
export function useProgress(ws: string, c: Campaign): { data: Progress | null; live: 'stream' | 'poll' | 'off' } {
  const [data, setData] = useState<Progress | null>(null);
  const [live, setLive] = useState<'stream' | 'poll' | 'off'>('off');
  const qc = useQueryClient();
  const running = c.state === 'Active';
  useEffect(() => {
    const ctl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const r = await progressApi.get(ws, c.id, ctl.signal);
        setData(r);
        if (r.state !== c.state) void qc.invalidateQueries({ queryKey: qk.campaign(ws, c.id) });
      } catch {
        /* keep the last numbers; try again */
      }
      if (running && !ctl.signal.aborted) timer = setTimeout(poll, 2000);
    };
    void (async () => {
      if (running) {
        try {
          setLive('stream');
          await progressApi.stream(
            ws,
            c.id,
            (p) => {
              setData(p);
              if (p.state && p.state !== c.state) void qc.invalidateQueries({ queryKey: qk.campaign(ws, c.id) });
            },
            ctl.signal,
          );
        } catch {
          if (ctl.signal.aborted) return;
        }
      }
      if (ctl.signal.aborted) return;
      setLive(running ? 'poll' : 'off');
      await poll();
    })();
    return () => {
      ctl.abort();
      clearTimeout(timer);
    };
  }, [ws, c.id, c.state, running, qc]);
  return { data, live };
}

function Stat({ id, value, color }: { id: 'accepted' | 'failed' | 'excluded' | 'pending' | 'canceled'; value: number; color?: string }) {
  const { t, i18n } = useTranslation();
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {t(`progress.${id}`)}
      </Text>
      <Text size="xl" fw={700} c={color} data-testid={`progress-${id}`}>
        {makeFormat(i18n.language, 'UTC').number(value)}
      </Text>
    </div>
  );
}

export function LiveProgress({ ws, campaign }: { ws: string; campaign: Campaign }) {
  const { data, live } = useProgress(ws, campaign);
  const { t, i18n } = useTranslation();
  if (!data) return null;
  const n = makeFormat(i18n.language, 'UTC').number;
  // in-flight recipients count as pending
  const { accepted, failed, excluded, canceled } = data.counts;
  const pending = data.counts.pending + data.counts.sending;
  const { requestsPerSecond, recipientsPerSecond, limitPerSecond } = data.rate;
  const sendable = accepted + failed + pending + canceled;
  const done = sendable ? ((accepted + failed + canceled) / sendable) * 100 : 100;
  return (
    <Paper withBorder p="md" data-testid="live-progress">
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{campaign.state === 'Active' ? t('progress.sending') : t('progress.delivery')}</Text>
        <Text size="xs" c="dimmed">
          {[
            live === 'stream' ? t('progress.live') : live === 'poll' ? t('progress.polling') : null,
            campaign.state === 'Active'
              ? [
                  limitPerSecond
                    ? t('progress.rateOfLimit', { rate: n(Math.round(requestsPerSecond)), limit: n(limitPerSecond) })
                    : t('progress.rate', { rate: n(Math.round(requestsPerSecond)) }),
                  t('progress.recipientsRate', { rate: n(Math.round(recipientsPerSecond)) }),
                ].join(' · ')
              : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      </Group>
      <ProgressBar value={done} animated={campaign.state === 'Active'} mb="sm" aria-label={t('progress.label')} />
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        <Stat id="accepted" value={accepted} color="green" />
        <Stat id="failed" value={failed} color={failed ? 'red' : undefined} />
        <Stat id="excluded" value={excluded} />
        <Stat id="pending" value={pending} />
        <Stat id="canceled" value={canceled} />
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt="xs">
        {t('progress.acceptedMeans')}
      </Text>
    </Paper>
  );
}
