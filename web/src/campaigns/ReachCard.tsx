import { Alert, Group, Paper, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Reach } from '../api/types.ts';
import { makeFormat } from '../i18n/format.ts';

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

/** The segment's reach and, in words, why the effective reach is smaller than the segment. */
export function ReachCard({ reach }: { reach: Reach }) {
  const { t, i18n } = useTranslation();
  const f = makeFormat(i18n.language, 'UTC');
  const fmt = f.number;
  const pct = (n: number, d: number) => (d > 0 ? f.percent(n / d) : '—');
  const excluded = reach.excluded.missing_recipient_id + reach.excluded.unfollowed + reach.excluded.duplicate_recipient;
  const effective = Math.max(0, reach.profiles - excluded);
  return (
    <div data-testid="reach">
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Stat label={t('reach.profiles')} value={fmt(reach.profiles)} />
        <Stat label={t('reach.withLineUserId')} value={fmt(reach.withLineUserId)} hint={pct(reach.withLineUserId, reach.profiles)} />
        <Stat label={t('reach.following')} value={fmt(reach.following)} hint={t('reach.followingHint')} />
        <Stat label={t('reach.effective')} value={fmt(effective)} hint={t('reach.ofSegment', { pct: pct(effective, reach.profiles) })} />
      </SimpleGrid>
      {excluded > 0 && (
        <Alert color="yellow" mt="sm" title={t('reach.excluded', { count: excluded, n: fmt(excluded) })} data-testid="reach-warning">
          <Group gap="lg">
            {reach.excluded.missing_recipient_id > 0 && (
              <Text size="sm">{t('reach.missingRecipientId', { n: fmt(reach.excluded.missing_recipient_id) })}</Text>
            )}
            {reach.excluded.unfollowed > 0 && <Text size="sm">{t('reach.unfollowed', { n: fmt(reach.excluded.unfollowed) })}</Text>}
            {reach.excluded.duplicate_recipient > 0 && (
              <Text size="sm">{t('reach.duplicate', { n: fmt(reach.excluded.duplicate_recipient) })}</Text>
            )}
          </Group>
          <Text size="xs" mt={4}>
            {t('reach.note')}
          </Text>
        </Alert>
      )}
    </div>
  );
}
