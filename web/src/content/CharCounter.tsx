import { Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { graphemeLength } from '../../../src/domain/messages/strings.ts';
import { makeFormat } from '../i18n/format.ts';

/**
 * "n / max" the way LINE counts the field: UTF-16 code units for message text and alt text (an emoji counts 2,
 * 👨‍👩‍👧 counts 8), grapheme clusters for action text and labels (each counts 1). Japanese, Thai and Chinese
 * characters count 1 either way; a Thai vowel or tone mark counts 1 in UTF-16 but joins its consonant as one
 * grapheme. When the two counts differ, the tooltip says why.
 */
export function CharCounter({ value, max, unit, label }: { value: string; max: number; unit: 'utf16' | 'graphemes'; label?: string }) {
  const { t, i18n } = useTranslation();
  const n = makeFormat(i18n.language, 'UTC').number;
  const units = value.length;
  const chars = graphemeLength(value);
  const used = unit === 'utf16' ? units : chars;
  const text = (
    <Text size="xs" c={used > max ? 'red' : 'dimmed'} aria-label={label ?? t('counter.label')} data-testid="char-counter">
      {n(used)} / {n(max)}
    </Text>
  );
  if (unit === 'utf16' && units !== chars) {
    return (
      <Tooltip label={t('counter.utf16Differs', { units: n(units), chars: n(chars) })} multiline w={300}>
        {text}
      </Tooltip>
    );
  }
  return text;
}
