import { Badge } from '@mantine/core';

const colors: Record<string, string> = { Draft: 'gray', Planned: 'blue', Active: 'green', Finished: 'teal', Suspended: 'orange' };

export function StateBadge({ state }: { state: string }) {
  return (
    <Badge color={colors[state] ?? 'gray'} variant={state === 'Active' ? 'filled' : 'light'} data-testid="state-badge">
      {state}
    </Badge>
  );
}
