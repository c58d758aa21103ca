import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const colors: Record<string, string> = { Draft: 'gray', Planned: 'blue', Active: 'green', Finished: 'teal', Suspended: 'orange' };

/** The campaign state in the user's language; `data-state` keeps the API's name for tests and styling. */
export function StateBadge({ state }: { state: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={colors[state] ?? 'gray'} variant={state === 'Active' ? 'filled' : 'light'} data-testid="state-badge" data-state={state}>
      {t(`states.${state}`, { defaultValue: state })}
    </Badge>
  );
}
