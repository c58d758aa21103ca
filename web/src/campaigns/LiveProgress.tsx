import { useEffect, useState } from 'react';
import { Group, Paper, Progress, SimpleGrid, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { get } from '../api/client.ts';
import { qk } from '../api/keys.ts';
import { readEventStream } from '../api/sse.ts';
import type { Campaign, DeliveryProgress, Progress as ProgressData } from '../api/types.ts';
import { useTranslation } from 'react-i18next';
import { makeFormat } from '../i18n/format.ts';

/** The delivery engine's progress event → the numbers shown (in-flight recipients count as pending). */
export function fromProgress(p: DeliveryProgress): ProgressData {
  return {
    state: p.state,
    accepted: p.counts.accepted,
    failed: p.counts.failed,
    excluded: p.counts.excluded,
    pending: p.counts.pending + p.counts.sending,
    canceled: p.counts.canceled,
    ratePerSecond: p.rate.requestsPerSecond,
    recipientsPerSecond: p.rate.recipientsPerSecond,
    rateLimit: p.rate.limitPerSecond,
  };
}

/**
 * Live counts while a campaign sends: the progress stream when the server offers it, otherwise the report polled
 * every two seconds. Either way nothing needs a reload, and the campaign refreshes when the state changes.
 */
export function useProgress(ws: string, c: Campaign): { data: ProgressData | null; live: 'stream' | 'poll' | 'off' } {
  const [data, setData] = useState<ProgressData | null>(null);
  const [live, setLive] = useState<'stream' | 'poll' | 'off'>('off');
  const qc = useQueryClient();
  const running = c.state === 'Active';
  useEffect(() => {
    const ctl = new AbortController();
    const base = `/api/v1/workspaces/${ws}/campaigns/${c.id}`;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const r = fromProgress(await get<DeliveryProgress>(`${base}/progress`, ctl.signal));
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
          await readEventStream(
            `${base}/progress/stream`,
            (d) => {
              const p = fromProgress(d as DeliveryProgress);
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
  const sendable = data.accepted + data.failed + data.pending + (data.canceled ?? 0);
  const done = sendable ? ((data.accepted + data.failed + (data.canceled ?? 0)) / sendable) * 100 : 100;
  return (
    <Paper withBorder p="md" data-testid="live-progress">
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{campaign.state === 'Active' ? t('progress.sending') : t('progress.delivery')}</Text>
        <Text size="xs" c="dimmed">
          {[
            live === 'stream' ? t('progress.live') : live === 'poll' ? t('progress.polling') : null,
            data.ratePerSecond != null && campaign.state === 'Active'
              ? [
                  data.rateLimit
                    ? t('progress.rateOfLimit', { rate: n(Math.round(data.ratePerSecond)), limit: n(data.rateLimit) })
                    : t('progress.rate', { rate: n(Math.round(data.ratePerSecond)) }),
                  t('progress.recipientsRate', { rate: n(Math.round(data.recipientsPerSecond ?? 0)) }),
                ].join(' · ')
              : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      </Group>
      <Progress value={done} animated={campaign.state === 'Active'} mb="sm" aria-label={t('progress.label')} />
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        <Stat id="accepted" value={data.accepted} color="green" />
        <Stat id="failed" value={data.failed} color={data.failed ? 'red' : undefined} />
        <Stat id="excluded" value={data.excluded} />
        <Stat id="pending" value={data.pending} />
        <Stat id="canceled" value={data.canceled ?? 0} />
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt="xs">
        {t('progress.acceptedMeans')}
      </Text>
    </Paper>
  );
}
