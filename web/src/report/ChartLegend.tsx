import { Group, Text } from '@mantine/core';

type Entry = { value?: unknown; color?: string };

/**
 * The chart's legend: a swatch and the series name (already in the user's language). Recharts' own legend labels its
 * icons "… legend icon" in English for screen readers; these swatches are decoration, the name is the label.
 */
export function ChartLegend({ payload }: { payload?: readonly Entry[] }) {
  return (
    <Group justify="center" gap="md" mt={4}>
      {(payload ?? []).map((e) => (
        <Group key={String(e.value)} gap={4} wrap="nowrap">
          <span aria-hidden style={{ width: 10, height: 10, borderRadius: 2, background: e.color, display: 'inline-block' }} />
          <Text size="xs">{String(e.value ?? '')}</Text>
        </Group>
      ))}
    </Group>
  );
}
