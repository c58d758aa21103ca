import { useMemo, useState } from 'react';
import { Group, SegmentedControl, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ValidationIssue } from '../../api/types.ts';
import { errorAt } from '../../campaigns/tabs/tab.ts';
import { issueText } from '../../i18n/issues.ts';
import { checkMessages } from '../../lib/domain.ts';
import { LIMITS } from '../../../../src/domain/messages/limits.ts';
import { CharCounter } from '../CharCounter.tsx';
import { CardEditor } from './CardEditor.tsx';
import { cardFieldPaths, cardsOf, type Card } from './cards.ts';
import { FlexJsonEditor } from './FlexJsonEditor.tsx';

type Shown = { path: string; message: string };

/** The paths the card editor shows at a field (each a prefix), so the rest are listed under it. */
function placedInCards(base: string, cards: Card[]): string[] {
  return cards.flatMap((c, k) => {
    const p = cardFieldPaths(c, k);
    return [p.imageUrl, p.title, p.text, p.price, ...c.buttons.map((_, b) => p.button(b))].filter((x) => x !== null).map((x) => base + x);
  });
}
const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);

/**
 * A Flex message: the card editor for card-based messages (the default), the JSON editor for everything else. The
 * domain's rules run here on every change, so issues show while typing; the campaign's own issues under this
 * message (from the content tab and the server's /validate) are shown with them.
 */
export function FlexMessageEditor({
  index,
  message,
  onChange,
  issues,
  attributes,
  disabled,
  onPickImage,
}: {
  index: number;
  message: Record<string, unknown>;
  onChange(m: Record<string, unknown>): void;
  issues: ValidationIssue[];
  attributes: string[];
  disabled: boolean;
  /** Opens a media picker; resolves to the chosen image's URL (nothing when cancelled). */
  onPickImage?: () => Promise<string | null | undefined>;
}) {
  const { t } = useTranslation();
  // eslint-disable-next-line i18next/no-literal-string -- field path, not words
  const base = `content.messages[${index}]`;
  const cards = useMemo(() => cardsOf(message), [message]);
  // the card editor when it can show the message, unless the user chose JSON
  const [wantJson, setWantJson] = useState(() => cards === null);
  const inCards = !wantJson && cards !== null;

  const mine = useMemo(() => {
    const local = checkMessages([message]).map((i) => ({ ...i, path: base + i.path.slice('content.messages[0]'.length) }));
    const seen = new Set<string>();
    const out: Shown[] = [];
    for (const i of [...issues.filter((x) => under(x.path, base)), ...local]) {
      const text = issueText(t, i);
      if (seen.has(i.path + text)) continue;
      seen.add(i.path + text);
      out.push({ path: i.path, message: text });
    }
    return out;
  }, [message, issues, base, t]);

  // eslint-disable-next-line i18next/no-literal-string -- field path, not words
  const altPath = `${base}.altText`;
  const placed = inCards && cards ? [altPath, ...placedInCards(base, cards)] : [altPath];
  const general = inCards ? mine.filter((i) => !placed.some((p) => under(i.path, p))) : [];
  const body = mine.filter((i) => i.path !== altPath);
  const altText = typeof message.altText === 'string' ? message.altText : '';

  return (
    <Stack gap="xs" data-testid="flex-editor">
      <Group justify="space-between" align="flex-end">
        <TextInput
          style={{ flex: 1 }}
          label={t('flex.altText')}
          description={t('flex.altTextHelp')}
          value={altText}
          onChange={(e) => onChange({ ...message, altText: e.currentTarget.value })}
          error={errorAt(mine, altPath)}
          rightSectionWidth={90}
          rightSection={<CharCounter value={altText} max={LIMITS.flexAltTextMax} unit="utf16" />}
          disabled={disabled}
        />
        <Tooltip label={t('flex.cardsUnavailable')} disabled={cards !== null} multiline w={280}>
          <SegmentedControl
            aria-label={t('flex.mode')}
            data={[
              { value: 'cards', label: t('flex.cardsMode'), disabled: cards === null },
              { value: 'json', label: t('flex.jsonMode') },
            ]}
            value={inCards ? 'cards' : 'json'}
            onChange={(v) => setWantJson(v === 'json')}
          />
        </Tooltip>
      </Group>
      {inCards && cards ? (
        <CardEditor
          base={base}
          message={message}
          cards={cards}
          onChange={onChange}
          issues={mine}
          attributes={attributes}
          disabled={disabled}
          onPickImage={onPickImage}
        />
      ) : (
        <FlexJsonEditor base={base} message={message} onChange={onChange} issues={body} disabled={disabled} />
      )}
      {general.map((i) => (
        <Text key={i.path + i.message} size="xs" c="red" role="alert">
          <code>{i.path}</code> {i.message}
        </Text>
      ))}
    </Stack>
  );
}
