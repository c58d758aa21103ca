import { ActionIcon, Autocomplete, Button, Group, Paper, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Condition, SegmentRule } from '../api/types.ts';

type Node = SegmentRule['children'][number];
/** Operators in menu order; their words are `rules.operators.<value>` in the catalogues. */
const OPERATORS: Condition['operator'][] = [
  'equals',
  'not_equals',
  'in',
  'contains',
  'greater_than',
  'less_than',
  'before',
  'after',
  'exists',
  'not_exists',
];
export const BUILTIN_ATTRIBUTES = ['customer_key', 'line_user_id', 'follow_status'];

/**
 * Typed text → the rule's value: numbers stay numbers for comparisons, "in" takes a comma-separated list (the
 * Japanese and Chinese comma 、，, count as commas: IMEs type them).
 */
export function parseValue(op: Condition['operator'], text: string): Condition['value'] {
  if (op === 'exists' || op === 'not_exists') return undefined;
  const one = (s: string) => (s.trim() !== '' && /^-?\d+(\.\d+)?$/.test(s.trim()) && op !== 'contains' ? Number(s.trim()) : s.trim());
  if (op === 'in')
    return text
      .split(/[,、，]/)
      .map(one)
      .filter((v) => v !== '');
  return one(text);
}
export const valueText = (v: Condition['value']) => (Array.isArray(v) ? v.join(', ') : v === undefined ? '' : String(v));

function ConditionRow({
  c,
  attributes,
  onChange,
  onRemove,
  path,
}: {
  c: Condition;
  attributes: string[];
  onChange(c: Condition): void;
  onRemove(): void;
  path: string;
}) {
  const { t } = useTranslation();
  const noValue = c.operator === 'exists' || c.operator === 'not_exists';
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Autocomplete
        aria-label={t('rules.attributeOf', { path })}
        placeholder={t('rules.attribute')}
        data={attributes}
        value={c.attribute}
        onChange={(a) => onChange({ ...c, attribute: a })}
        w={180}
      />
      <Select
        aria-label={t('rules.operatorOf', { path })}
        data={OPERATORS.map((o) => ({ value: o, label: t(`rules.operators.${o}`) }))}
        value={c.operator}
        onChange={(o) =>
          o && onChange({ ...c, operator: o as Condition['operator'], value: parseValue(o as Condition['operator'], valueText(c.value)) })
        }
        allowDeselect={false}
        w={210}
      />
      {!noValue && (
        <TextInput
          aria-label={t('rules.valueOf', { path })}
          placeholder={t('rules.value')}
          value={valueText(c.value)}
          onChange={(e) => onChange({ ...c, value: parseValue(c.operator, e.currentTarget.value) })}
          style={{ flex: 1 }}
        />
      )}
      <ActionIcon variant="subtle" color="red" aria-label={t('rules.remove', { path })} onClick={onRemove} mt={4}>
        ✕
      </ActionIcon>
    </Group>
  );
}

export function RuleBuilder({
  rule,
  onChange,
  attributes,
  depth = 0,
  onRemove,
}: {
  rule: SegmentRule;
  onChange(r: SegmentRule): void;
  attributes: string[];
  depth?: number;
  onRemove?(): void;
}) {
  const { t } = useTranslation();
  const setChild = (i: number, n: Node) => onChange({ ...rule, children: rule.children.map((c, j) => (j === i ? n : c)) });
  const removeChild = (i: number) => onChange({ ...rule, children: rule.children.filter((_, j) => j !== i) });
  return (
    <Paper withBorder p="sm" bg={depth % 2 ? 'gray.0' : undefined}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="xs">
            <Text size="sm">{t('rules.match')}</Text>
            <SegmentedControl
              size="xs"
              data={[
                { value: 'and', label: t('rules.all') },
                { value: 'or', label: t('rules.any') },
              ]}
              value={rule.op}
              onChange={(op) => onChange({ ...rule, op: op as 'and' | 'or' })}
              aria-label={depth ? t('rules.groupMatch', { n: depth }) : t('rules.match')}
            />
            <Text size="sm">{t('rules.ofThese')}</Text>
          </Group>
          {onRemove && (
            <Button size="compact-xs" variant="subtle" color="red" onClick={onRemove}>
              {t('rules.removeGroup')}
            </Button>
          )}
        </Group>
        {rule.children.length === 0 && (
          <Text size="xs" c="dimmed">
            {t('rules.none')}
          </Text>
        )}
        {rule.children.map((c, i) =>
          c.type === 'group' ? (
            <RuleBuilder
              key={i}
              rule={c}
              onChange={(g) => setChild(i, g)}
              attributes={attributes}
              depth={depth + 1}
              onRemove={() => removeChild(i)}
            />
          ) : c.type === 'condition' ? (
            <ConditionRow
              key={i}
              c={c}
              attributes={attributes}
              onChange={(n) => setChild(i, n)}
              onRemove={() => removeChild(i)}
              path={t('rules.condition', { n: i + 1 })}
            />
          ) : (
            <Group key={i} justify="space-between">
              <Text size="sm">{t(`rules.events.${c.event}`, { campaign: `${c.campaignId.slice(0, 8)}…` })}</Text>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t('rules.remove', { path: t('rules.condition', { n: i + 1 }) })}
                onClick={() => removeChild(i)}
              >
                ✕
              </ActionIcon>
            </Group>
          ),
        )}
        <Group gap="xs">
          <Button
            size="compact-xs"
            variant="light"
            onClick={() =>
              onChange({ ...rule, children: [...rule.children, { type: 'condition', attribute: '', operator: 'equals', value: '' }] })
            }
          >
            {t('rules.addCondition')}
          </Button>
          {depth < 3 && (
            <Button
              size="compact-xs"
              variant="default"
              onClick={() =>
                onChange({ ...rule, children: [...rule.children, { type: 'group', op: rule.op === 'and' ? 'or' : 'and', children: [] }] })
              }
            >
              {t('rules.addGroup')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
