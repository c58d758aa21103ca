import { Group, Progress, Text, Tooltip } from '@mantine/core';
import type { ValidationResult } from '../api/types.ts';

/** Recipients of this campaign against the LINE account's remaining monthly quota, read live from LINE. */
export function QuotaMeter({ quota }: { quota: ValidationResult['quota'] }) {
  if (!quota) return null;
  const fmt = (n: number) => n.toLocaleString();
  const fits = quota.remaining === null || quota.recipients <= quota.remaining;
  return (
    <div data-testid="quota" style={{ minWidth: 260 }}>
      <Group gap={6} justify="space-between">
        <Text size="xs" fw={600}>
          {fmt(quota.recipients)} recipients
        </Text>
        <Text size="xs" c={fits ? 'dimmed' : 'red'}>
          {quota.limit === null ? 'no monthly limit' : `${fmt(quota.remaining ?? 0)} of ${fmt(quota.limit)} left this month`}
        </Text>
      </Group>
      {quota.limit !== null && (
        <Tooltip label={`Used ${fmt(quota.used)} + this campaign ${fmt(quota.recipients)} of ${fmt(quota.limit)}`}>
          <Progress.Root size="sm" mt={2} aria-label="Monthly LINE quota">
            <Progress.Section value={Math.min(100, (quota.used / quota.limit) * 100)} color="gray" />
            <Progress.Section value={Math.min(100, (quota.recipients / quota.limit) * 100)} color={fits ? 'green' : 'red'} />
          </Progress.Root>
        </Tooltip>
      )}
    </div>
  );
}
