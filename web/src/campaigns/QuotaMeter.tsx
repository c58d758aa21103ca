import { Group, Progress, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ValidationResult } from '../api/types.ts';
import { makeFormat } from '../i18n/format.ts';

/** Recipients of this campaign against the LINE account's remaining monthly quota, read live from LINE. */
export function QuotaMeter({ quota }: { quota: ValidationResult['quota'] }) {
  const { t, i18n } = useTranslation();
  if (!quota) return null;
  const fmt = makeFormat(i18n.language, 'UTC').number;
  const fits = quota.remaining === null || quota.recipients <= quota.remaining;
  return (
    <div data-testid="quota" style={{ minWidth: 260 }}>
      <Group gap={6} justify="space-between">
        <Text size="xs" fw={600}>
          {t('quota.recipients', { count: quota.recipients, n: fmt(quota.recipients) })}
        </Text>
        <Text size="xs" c={fits ? 'dimmed' : 'red'}>
          {quota.limit === null ? t('quota.noLimit') : t('quota.left', { remaining: fmt(quota.remaining ?? 0), limit: fmt(quota.limit) })}
        </Text>
      </Group>
      {quota.limit !== null && (
        <Tooltip label={t('quota.usage', { used: fmt(quota.used), recipients: fmt(quota.recipients), limit: fmt(quota.limit) })}>
          <Progress.Root size="sm" mt={2} aria-label={t('quota.label')}>
            <Progress.Section value={Math.min(100, (quota.used / quota.limit) * 100)} color="gray" />
            <Progress.Section value={Math.min(100, (quota.recipients / quota.limit) * 100)} color={fits ? 'green' : 'red'} />
          </Progress.Root>
        </Tooltip>
      )}
    </div>
  );
}
