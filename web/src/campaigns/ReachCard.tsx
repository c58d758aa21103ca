import { Alert, Group, Paper, SimpleGrid, Text } from '@mantine/core';
import type { Reach } from '../api/types.ts';

const fmt = (n: number) => n.toLocaleString();
const pct = (n: number, d: number) => (d > 0 ? `${Math.round((n / d) * 1000) / 10}%` : '—');

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
  const excluded = reach.excluded.missing_recipient_id + reach.excluded.unfollowed + reach.excluded.duplicate_recipient;
  const effective = Math.max(0, reach.profiles - excluded);
  return (
    <div data-testid="reach">
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Stat label="Profiles in segment" value={fmt(reach.profiles)} />
        <Stat label="With LINE user ID" value={fmt(reach.withLineUserId)} hint={pct(reach.withLineUserId, reach.profiles)} />
        <Stat label="Following" value={fmt(reach.following)} hint="not known to have blocked" />
        <Stat label="Effective reach" value={fmt(effective)} hint={`${pct(effective, reach.profiles)} of the segment`} />
      </SimpleGrid>
      {excluded > 0 && (
        <Alert color="yellow" mt="sm" title={`${fmt(excluded)} profiles will be excluded`} data-testid="reach-warning">
          <Group gap="lg">
            {reach.excluded.missing_recipient_id > 0 && <Text size="sm">{fmt(reach.excluded.missing_recipient_id)} without a LINE user ID (missing_recipient_id)</Text>}
            {reach.excluded.unfollowed > 0 && <Text size="sm">{fmt(reach.excluded.unfollowed)} unfollowed or blocked (unfollowed)</Text>}
            {reach.excluded.duplicate_recipient > 0 && <Text size="sm">{fmt(reach.excluded.duplicate_recipient)} share a LINE user ID with another profile (duplicate_recipient)</Text>}
          </Group>
          <Text size="xs" mt={4}>
            Each excluded profile is recorded in the delivery log with its reason. The audience is frozen at launch; people who block the account
            before then are dropped, so the final count can differ from this estimate.
          </Text>
        </Alert>
      )}
    </div>
  );
}
