import { useRef } from 'react';
import { ActionIcon, Button, Group, Paper, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorAt } from '../../campaigns/tabs/tab.ts';
import { LIMITS } from '../../../../src/domain/messages/limits.ts';
import { CharCounter } from '../CharCounter.tsx';
import { LiquidPicker } from '../LiquidPicker.tsx';
import { cardFieldPaths, MAX_BUTTONS, type ButtonKind, type Card, type CardButton } from './cards.ts';

/** Where the Liquid picker inserts before any field was focused: the card's text. */
const ROLE_FOR_LIQUID: { key: TextField } = { key: 'text' };

type Issues = { path: string; message: string }[];
type TextField = 'imageUrl' | 'title' | 'text' | 'price';
/** A field Liquid can go in: one of the card's texts, or a button's label or value. */
type FieldKey = TextField | { button: number; part: 'label' | 'value' };

interface Props {
  base: string;
  card: Card;
  k: number;
  onChange(c: Card): void;
  issues: Issues;
  attributes: string[];
  disabled: boolean;
  onPickImage?: () => Promise<string | null | undefined>;
}

/** One card's form: its image, texts and buttons; issues at their Flex paths are shown at these fields. */
export function CardFields({ base, card, k, onChange, issues, attributes, disabled, onPickImage }: Props) {
  const { t } = useTranslation();
  const paths = cardFieldPaths(card, k);
  const at = (p: string | null) => (p === null ? undefined : errorAt(issues, base + p, true));
  // where the Liquid picker inserts: the field focused last, at its caret
  const last = useRef<{ key: FieldKey; el: HTMLInputElement | HTMLTextAreaElement } | null>(null);
  const focus = (key: FieldKey) => (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => {
    last.current = { key, el: e.currentTarget };
  };

  const get = (key: FieldKey) => (typeof key === 'string' ? card[key] : card.buttons[key.button]![key.part]);
  const set = (key: FieldKey, v: string) =>
    typeof key === 'string'
      ? onChange({ ...card, [key]: v })
      : onChange({ ...card, buttons: card.buttons.map((b, i) => (i === key.button ? { ...b, [key.part]: v } : b)) });
  const setButton = (i: number, b: CardButton) => onChange({ ...card, buttons: card.buttons.map((x, j) => (j === i ? b : x)) });

  function insert(expr: string) {
    const key: FieldKey = last.current?.key ?? ROLE_FOR_LIQUID.key;
    const value = get(key);
    const el = last.current?.el;
    const from = el?.selectionStart ?? value.length;
    const to = el?.selectionEnd ?? from;
    set(key, value.slice(0, from) + expr + value.slice(to));
  }

  return (
    <Stack gap="xs" data-testid="card-fields">
      <Group align="flex-end" wrap="nowrap">
        <TextInput
          style={{ flex: 1 }}
          label={t('cards.imageUrl')}
          description={t('cards.imageUrlHelp')}
          placeholder="https://cdn.example.com/card.jpg"
          value={card.imageUrl}
          onFocus={focus('imageUrl')}
          onChange={(e) => set('imageUrl', e.currentTarget.value.trim())}
          error={at(paths.imageUrl)}
          disabled={disabled}
        />
        {onPickImage && (
          <Button
            variant="default"
            disabled={disabled}
            onClick={() => void onPickImage().then((url) => typeof url === 'string' && url !== '' && set('imageUrl', url))}
          >
            {t('cards.pickImage')}
          </Button>
        )}
      </Group>
      <TextInput
        label={t('cards.title')}
        value={card.title}
        onFocus={focus('title')}
        onChange={(e) => set('title', e.currentTarget.value)}
        error={at(paths.title)}
        disabled={disabled}
      />
      <Textarea
        label={t('cards.text')}
        autosize
        minRows={2}
        maxRows={8}
        value={card.text}
        onFocus={focus('text')}
        onChange={(e) => set('text', e.currentTarget.value)}
        error={at(paths.text)}
        disabled={disabled}
      />
      <TextInput
        label={t('cards.price')}
        description={t('cards.priceHelp')}
        value={card.price}
        onFocus={focus('price')}
        onChange={(e) => set('price', e.currentTarget.value)}
        error={at(paths.price)}
        disabled={disabled}
      />
      <Group>
        <LiquidPicker attributes={attributes} onInsert={insert} disabled={disabled} />
        <Text size="xs" c="dimmed">
          {t('cards.liquidHelp')}
        </Text>
      </Group>
      <Text size="sm" fw={600}>
        {t('cards.buttons', { max: MAX_BUTTONS })}
      </Text>
      {card.buttons.map((b, i) => {
        const p = paths.button(i);
        return (
          <Paper key={i} withBorder p="xs" data-testid="card-button">
            <Group align="flex-start" wrap="nowrap" gap="xs" mb={6}>
              <TextInput
                size="xs"
                style={{ flex: 1 }}
                aria-label={t('cards.buttonLabel', { n: i + 1 })}
                placeholder={t('cards.buttonLabelPlaceholder')}
                value={b.label}
                onFocus={focus({ button: i, part: 'label' })}
                onChange={(e) => set({ button: i, part: 'label' }, e.currentTarget.value)}
                error={errorAt(issues, `${base}${p}.action.label`)}
                rightSectionWidth={70}
                rightSection={<CharCounter value={b.label} max={LIMITS.flexActionLabelMax} unit="graphemes" />}
                disabled={disabled}
              />
              <SegmentedControl
                size="xs"
                aria-label={t('cards.buttonAction', { n: i + 1 })}
                data={[
                  { value: 'uri', label: t('cards.openUrl') },
                  { value: 'message', label: t('cards.sendMessage') },
                ]}
                value={b.kind}
                onChange={(kind) => setButton(i, { ...b, kind: kind as ButtonKind, value: kind === 'uri' ? 'https://' : '' })}
                disabled={disabled}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t('cards.deleteButton', { n: i + 1 })}
                onClick={() => onChange({ ...card, buttons: card.buttons.filter((_, j) => j !== i) })}
                disabled={disabled}
              >
                ✕
              </ActionIcon>
            </Group>
            <TextInput
              size="xs"
              aria-label={b.kind === 'uri' ? t('cards.buttonUrl', { n: i + 1 }) : t('cards.buttonText', { n: i + 1 })}
              placeholder={b.kind === 'uri' ? 'https://shop.example.com/item' : t('cards.buttonTextPlaceholder')}
              value={b.value}
              onFocus={focus({ button: i, part: 'value' })}
              onChange={(e) => set({ button: i, part: 'value' }, e.currentTarget.value)}
              error={errorAt(
                issues.filter((x) => !x.path.endsWith('.action.label')),
                `${base}${p}`,
                true,
              )}
              disabled={disabled}
            />
          </Paper>
        );
      })}
      <Button
        size="xs"
        variant="default"
        w="fit-content"
        disabled={disabled || card.buttons.length >= MAX_BUTTONS}
        onClick={() => onChange({ ...card, buttons: [...card.buttons, { label: '', kind: 'uri', value: 'https://' }] })}
      >
        {t('cards.addButton')}
      </Button>
    </Stack>
  );
}
