import { useEffect, useMemo, useRef, useState } from 'react';
import { Anchor, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { canonical } from './cards.ts';
import { lineOfPath, messageFrom, parseJson, pretty, shapeOf } from './flexJson.ts';

type Json = Record<string, unknown>;

interface Props {
  /** `content.messages[i]`: the prefix of this message's issue paths. */
  base: string;
  message: Json;
  onChange(m: Json): void;
  /** This message's issues, worded in the user's language. */
  issues: { path: string; message: string }[];
  disabled: boolean;
}

const MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';
/** One text line in pixels, in the textarea and its line-number gutter alike, so the numbers stay beside their lines. */
const LINE_HEIGHT = 18;
const PAD_Y = 8;
const GUTTER_WIDTH = 48;
const ROWS_MIN = 10;
const ROWS_MAX = 24;

/** The offsets of a 1-based line, to select it. */
function lineRange(text: string, line: number): [number, number] {
  let start = 0;
  for (let i = 1; i < line; i++) start = text.indexOf('\n', start) + 1;
  const end = text.indexOf('\n', start);
  return [start, end < 0 ? text.length : end];
}

/**
 * Flex JSON as LINE's Flex Message Simulator exports it (a bubble or a carousel) or a whole Flex message. The text is
 * kept as typed; the message changes only when the text is valid JSON of one of those shapes, so a half-typed edit
 * never reaches the campaign. Syntax errors name their line and column; rule issues their path and line.
 */
export function FlexJsonEditor({ base, message, onChange, issues, disabled }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const [text, setText] = useState(() => pretty(message.contents));
  // the message this editor last produced: any other (a reorder, a reload, the card editor) replaces the text
  const emitted = useRef(canonical(message));
  useEffect(() => {
    const now = canonical(message);
    if (now !== emitted.current) {
      emitted.current = now;
      setText(pretty(message.contents));
    }
  }, [message]);

  const parsed = useMemo(() => parseJson(text), [text]);
  const notFlex = parsed.ok && shapeOf(parsed.value) === null;

  function edit(next: string) {
    setText(next);
    const p = parseJson(next);
    const m = p.ok ? messageFrom(p.value, message) : null;
    if (!m) return;
    emitted.current = canonical(m);
    onChange(m);
  }

  function goTo(line: number) {
    const el = ref.current;
    if (!el) return;
    const [from, to] = lineRange(text, line);
    el.focus();
    el.setSelectionRange(from, to);
    // the caret alone does not always bring a line into view: scroll to it (one line per row, the text does not wrap)
    el.scrollTop = Math.max(0, (line - 3) * LINE_HEIGHT);
  }

  const located = issues.map((i) => ({ ...i, line: lineOfPath(text, parsed, i.path.slice(base.length)) }));
  const badLines = new Set<number>(located.flatMap((i) => (i.line === null ? [] : [i.line])));
  if (!parsed.ok) badLines.add(parsed.at.line);
  const lineCount = text.split('\n').length;
  return (
    <Stack gap="xs">
      <Textarea
        ref={ref}
        data-testid="flex-json"
        label={t('flex.json.label')}
        description={t('flex.json.help')}
        rows={Math.min(ROWS_MAX, Math.max(ROWS_MIN, lineCount))}
        wrap="off"
        spellCheck={false}
        error={badLines.size > 0 || notFlex}
        onScroll={(e) => gutter.current && (gutter.current.style.transform = `translateY(${-e.currentTarget.scrollTop}px)`)}
        leftSection={
          <div ref={gutter} data-testid="flex-json-gutter" style={{ paddingTop: PAD_Y, width: '100%' }}>
            {Array.from({ length: lineCount }, (_, i) => (
              <div
                key={i}
                data-error={badLines.has(i + 1) || undefined}
                style={badLines.has(i + 1) ? { color: 'var(--mantine-color-red-7)', fontWeight: 700 } : undefined}
              >
                {i + 1}
              </div>
            ))}
          </div>
        }
        leftSectionWidth={GUTTER_WIDTH}
        // eslint-disable-next-line i18next/no-literal-string -- a CSS value, not words
        leftSectionPointerEvents="none"
        styles={{
          input: {
            fontFamily: MONO,
            fontSize: 12,
            lineHeight: `${LINE_HEIGHT}px`,
            paddingTop: PAD_Y,
            paddingBottom: PAD_Y,
            whiteSpace: 'pre',
            overflowX: 'auto',
            // the border says there is a problem; the JSON itself stays readable (not all red)
            color: 'var(--mantine-color-text)',
          },
          section: {
            alignItems: 'flex-start',
            justifyContent: 'flex-end',
            overflow: 'hidden',
            fontFamily: MONO,
            fontSize: 12,
            lineHeight: `${LINE_HEIGHT}px`,
            color: 'var(--mantine-color-dimmed)',
            textAlign: 'right',
            paddingInlineEnd: 6,
            borderInlineEnd: '1px solid var(--mantine-color-gray-3)',
          },
        }}
        value={text}
        onChange={(e) => edit(e.currentTarget.value)}
        disabled={disabled}
      />
      <Group gap="xs">
        <Button
          size="compact-xs"
          variant="default"
          disabled={disabled || !parsed.ok}
          onClick={() => parsed.ok && setText(pretty(parsed.value))}
        >
          {t('flex.json.format')}
        </Button>
        {(!parsed.ok || notFlex) && (
          <Text size="xs" c="dimmed">
            {t('flex.json.notSaved')}
          </Text>
        )}
      </Group>
      {!parsed.ok && (
        <Text size="sm" c="red" role="alert" data-testid="flex-json-syntax">
          {t('flex.json.syntaxAt', { line: parsed.at.line, column: parsed.at.column, problem: t(`flex.syntax.${parsed.code}`) })}
        </Text>
      )}
      {notFlex && (
        <Text size="sm" c="red" role="alert">
          {t('flex.json.notFlex')}
        </Text>
      )}
      {located.map((i) => (
        <Text key={i.path + i.message} size="sm" c="red" role="alert" data-testid="flex-json-issue">
          {i.line !== null ? (
            <Anchor component="button" type="button" size="sm" c="red" fw={600} onClick={() => goTo(i.line!)}>
              {t('flex.json.line', { line: i.line })}
            </Anchor>
          ) : null}{' '}
          <code>{i.path}</code> {i.message}
        </Text>
      ))}
    </Stack>
  );
}
