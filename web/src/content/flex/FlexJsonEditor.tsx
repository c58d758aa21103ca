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
  }

  const located = issues.map((i) => ({ ...i, line: lineOfPath(text, parsed, i.path.slice(base.length)) }));
  return (
    <Stack gap="xs">
      <Textarea
        ref={ref}
        data-testid="flex-json"
        label={t('flex.json.label')}
        description={t('flex.json.help')}
        autosize
        minRows={10}
        maxRows={28}
        spellCheck={false}
        styles={{ input: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 } }}
        value={text}
        onChange={(e) => edit(e.currentTarget.value)}
        disabled={disabled}
        error={!parsed.ok || notFlex || located.length > 0}
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
