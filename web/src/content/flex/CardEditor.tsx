import { useState } from 'react';
import { ActionIcon, Button, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CardFields } from './CardFields.tsx';
import { cardFieldPaths, emptyCard, MAX_CARDS, withCards, type Card } from './cards.ts';

type Json = Record<string, unknown>;

interface Props {
  base: string;
  message: Json;
  cards: Card[];
  onChange(m: Json): void;
  issues: { path: string; message: string }[];
  attributes: string[];
  disabled: boolean;
  onPickImage?: () => Promise<string | null | undefined>;
}

/** Cards side by side as LINE shows them: pick one to edit, add up to twelve, move or delete them. */
export function CardEditor({ base, message, cards, onChange, issues, attributes, disabled, onPickImage }: Props) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState(0);
  const current = Math.min(selected, cards.length - 1);
  const full = cards.length >= MAX_CARDS;
  const save = (next: Card[], select = current) => {
    onChange(withCards(message, next));
    setSelected(select);
  };
  const move = (from: number, to: number) => {
    if (to < 0 || to >= cards.length) return;
    const next = [...cards];
    const [x] = next.splice(from, 1);
    next.splice(to, 0, x!);
    save(next, to);
  };
  const hasIssue = (k: number) => {
    const p = `${base}${cardFieldPaths(cards[k]!, k).bubble}`;
    return issues.some((i) => i.path === p || i.path.startsWith(`${p}.`));
  };
  const card = cards[current]!;

  return (
    <Stack gap="xs" data-testid="card-editor">
      <Group gap={6}>
        {cards.map((c, k) => (
          <Button
            key={k}
            size="compact-sm"
            variant={k === current ? 'filled' : 'default'}
            color={hasIssue(k) ? 'red' : undefined}
            aria-pressed={k === current}
            aria-label={t('cards.select', { n: k + 1 })}
            onClick={() => setSelected(k)}
          >
            {c.title.trim() ? `${k + 1}. ${c.title.slice(0, 16)}` : k + 1}
          </Button>
        ))}
        <Tooltip label={t('cards.max', { max: MAX_CARDS })} disabled={!full}>
          <Button
            size="compact-sm"
            variant="light"
            disabled={disabled || full}
            onClick={() => !full && save([...cards, emptyCard()], cards.length)}
          >
            {t('cards.add')}
          </Button>
        </Tooltip>
      </Group>
      <Text size="xs" c="dimmed" data-testid="card-count">
        {t('cards.count', { count: cards.length, max: MAX_CARDS })}
      </Text>
      <Paper withBorder p="sm">
        <Group justify="space-between" mb="xs">
          <Text fw={600} size="sm">
            {t('cards.card', { n: current + 1 })}
          </Text>
          <Group gap={4}>
            <ActionIcon
              variant="subtle"
              aria-label={t('cards.moveLeft', { n: current + 1 })}
              onClick={() => move(current, current - 1)}
              disabled={disabled || current === 0}
            >
              ←
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              aria-label={t('cards.moveRight', { n: current + 1 })}
              onClick={() => move(current, current + 1)}
              disabled={disabled || current === cards.length - 1}
            >
              →
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('cards.delete', { n: current + 1 })}
              onClick={() =>
                save(
                  cards.filter((_, j) => j !== current),
                  Math.max(0, current - 1),
                )
              }
              disabled={disabled || cards.length === 1}
            >
              ✕
            </ActionIcon>
          </Group>
        </Group>
        <CardFields
          key={current}
          base={base}
          card={card}
          k={current}
          onChange={(c) => save(cards.map((x, j) => (j === current ? c : x)))}
          issues={issues}
          attributes={attributes}
          disabled={disabled}
          onPickImage={onPickImage}
        />
      </Paper>
    </Stack>
  );
}
