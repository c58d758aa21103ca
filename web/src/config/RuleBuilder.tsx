import { ActionIcon, Autocomplete, Button, Group, Paper, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import type { Condition, SegmentRule } from '../api/types.ts';

type Node = SegmentRule['children'][number];
const OPERATORS: { value: Condition['operator']; label: string }[] = [
  { value: 'equals', label: 'equals' },
  { value: 'not_equals', label: 'does not equal' },
  { value: 'in', label: 'is one of (comma-separated)' },
  { value: 'contains', label: 'contains' },
  { value: 'greater_than', label: 'is greater than' },
  { value: 'less_than', label: 'is less than' },
  { value: 'before', label: 'is before (date)' },
  { value: 'after', label: 'is after (date)' },
  { value: 'exists', label: 'has a value' },
  { value: 'not_exists', label: 'has no value' },
];
export const BUILTIN_ATTRIBUTES = ['customer_key', 'line_user_id', 'follow_status'];

/** Typed text → the rule's value: numbers stay numbers for comparisons, "in" takes a comma-separated list. */
export function parseValue(op: Condition['operator'], text: string): Condition['value'] {
  if (op === 'exists' || op === 'not_exists') return undefined;
  const one = (s: string) => (s.trim() !== '' && /^-?\d+(\.\d+)?$/.test(s.trim()) && op !== 'contains' ? Number(s.trim()) : s.trim());
  if (op === 'in') return text.split(',').map(one).filter((v) => v !== '');
  return one(text);
}
export const valueText = (v: Condition['value']) => (Array.isArray(v) ? v.join(', ') : v === undefined ? '' : String(v));

function ConditionRow({ c, attributes, onChange, onRemove, path }: { c: Condition; attributes: string[]; onChange(c: Condition): void; onRemove(): void; path: string }) {
  const noValue = c.operator === 'exists' || c.operator === 'not_exists';
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Autocomplete aria-label={`${path} attribute`} placeholder="attribute" data={attributes} value={c.attribute} onChange={(a) => onChange({ ...c, attribute: a })} w={180} />
      <Select aria-label={`${path} operator`} data={OPERATORS} value={c.operator} onChange={(o) => o && onChange({ ...c, operator: o as Condition['operator'], value: parseValue(o as Condition['operator'], valueText(c.value)) })} allowDeselect={false} w={210} />
      {!noValue && <TextInput aria-label={`${path} value`} placeholder="value" value={valueText(c.value)} onChange={(e) => onChange({ ...c, value: parseValue(c.operator, e.currentTarget.value) })} style={{ flex: 1 }} />}
      <ActionIcon variant="subtle" color="red" aria-label={`Remove ${path}`} onClick={onRemove} mt={4}>
        ✕
      </ActionIcon>
    </Group>
  );
}

export function RuleBuilder({ rule, onChange, attributes, depth = 0, onRemove }: { rule: SegmentRule; onChange(r: SegmentRule): void; attributes: string[]; depth?: number; onRemove?(): void }) {
  const setChild = (i: number, n: Node) => onChange({ ...rule, children: rule.children.map((c, j) => (j === i ? n : c)) });
  const removeChild = (i: number) => onChange({ ...rule, children: rule.children.filter((_, j) => j !== i) });
  return (
    <Paper withBorder p="sm" bg={depth % 2 ? 'gray.0' : undefined}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="xs">
            <Text size="sm">Match</Text>
            <SegmentedControl
              size="xs"
              data={[
                { value: 'and', label: 'all (AND)' },
                { value: 'or', label: 'any (OR)' },
              ]}
              value={rule.op}
              onChange={(op) => onChange({ ...rule, op: op as 'and' | 'or' })}
              aria-label={depth ? `Group ${depth} match` : 'Match'}
            />
            <Text size="sm">of these conditions</Text>
          </Group>
          {onRemove && (
            <Button size="compact-xs" variant="subtle" color="red" onClick={onRemove}>
              Remove group
            </Button>
          )}
        </Group>
        {rule.children.length === 0 && (
          <Text size="xs" c="dimmed">
            No conditions: every profile of the parent segment.
          </Text>
        )}
        {rule.children.map((c, i) =>
          c.type === 'group' ? (
            <RuleBuilder key={i} rule={c} onChange={(g) => setChild(i, g)} attributes={attributes} depth={depth + 1} onRemove={() => removeChild(i)} />
          ) : c.type === 'condition' ? (
            <ConditionRow key={i} c={c} attributes={attributes} onChange={(n) => setChild(i, n)} onRemove={() => removeChild(i)} path={`Condition ${i + 1}`} />
          ) : (
            <Group key={i} justify="space-between">
              <Text size="sm">
                {c.event.replace('_', ' ')} campaign {c.campaignId.slice(0, 8)}…
              </Text>
              <ActionIcon variant="subtle" color="red" aria-label={`Remove condition ${i + 1}`} onClick={() => removeChild(i)}>
                ✕
              </ActionIcon>
            </Group>
          ),
        )}
        <Group gap="xs">
          <Button size="compact-xs" variant="light" onClick={() => onChange({ ...rule, children: [...rule.children, { type: 'condition', attribute: '', operator: 'equals', value: '' }] })}>
            + Condition
          </Button>
          {depth < 3 && (
            <Button size="compact-xs" variant="default" onClick={() => onChange({ ...rule, children: [...rule.children, { type: 'group', op: rule.op === 'and' ? 'or' : 'and', children: [] }] })}>
              + Group
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
