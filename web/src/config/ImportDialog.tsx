import { useState } from 'react';
import { Alert, Button, FileInput, Group, Modal, Progress, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { type ServerProgress } from '../api/client.ts';
import { parentSegmentsApi } from '../api/parent-segments.ts';
import { qk } from '../api/keys.ts';
import type { ImportResult, ParentSegment } from '../api/types.ts';
import { IMPORT_ENCODINGS, type ImportEncoding } from '../../../src/domain/locales.ts';
import { makeFormat } from '../i18n/format.ts';
import { issueText } from '../i18n/issues.ts';
import { useErrorText } from '../i18n/useErrorText.ts';

export function contentTypeFor(name: string): string {
  return /\.(ndjson|jsonl)$/i.test(name) ? 'application/x-ndjson' : 'text/csv';
}

/**
 * Streams a CSV/NDJSON file into a parent segment: the upload bar (bytes sent), then how far the server has got
 * (rows written, from its progress lines), then what was rejected, in the user's language. The text encoding is
 * detected (UTF-8 with or without BOM, or Shift_JIS as Excel in Japan saves it) or chosen.
 */
export function ImportDialog({ segment, onClose }: { segment: ParentSegment | null; onClose(): void }) {
  const qc = useQueryClient();
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const n = makeFormat(i18n.language, 'UTC');
  const [file, setFile] = useState<File | null>(null);
  const [cols, setCols] = useState({ keyColumn: 'customer_key', lineUserIdColumn: 'line_user_id', followStatusColumn: 'follow_status' });
  const [encoding, setEncoding] = useState<ImportEncoding>('auto');
  const [sent, setSent] = useState<{ sent: number; total: number } | null>(null);
  const [server, setServer] = useState<(ServerProgress & { at: number; started: number }) | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const busy = sent !== null && !result && !error;

  async function start() {
    if (!file || !segment) return;
    setResult(null);
    setError(null);
    setServer(null);
    setSent({ sent: 0, total: file.size });
    const started = Date.now();
    try {
      const r = await parentSegmentsApi.import(
        segment.id,
        { ...cols, encoding },
        file,
        contentTypeFor(file.name),
        (s, total) => setSent({ sent: s, total }),
        (p) => setServer({ ...p, at: Date.now(), started }),
      );
      setResult(r);
      void qc.invalidateQueries({ queryKey: qk.parentSegments });
      void qc.invalidateQueries({ queryKey: ['ws'] });
    } catch (e) {
      setError(e);
    }
  }
  const close = () => {
    setFile(null);
    setSent(null);
    setServer(null);
    setResult(null);
    setError(null);
    onClose();
  };
  const pct = sent ? Math.round((sent.sent / Math.max(1, sent.total)) * 100) : 0;
  const written = server && file ? Math.min(100, Math.round((server.bytes / Math.max(1, file.size)) * 100)) : 0;
  const rate = server && server.at > server.started ? (server.rows / (server.at - server.started)) * 1000 : 0;
  return (
    <Modal opened={!!segment} onClose={close} title={t('import.title', { name: segment?.name ?? '' })} size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          {t('import.intro')}
        </Text>
        <Group grow align="flex-start">
          <FileInput
            label={t('import.file')}
            placeholder={t('import.filePlaceholder')}
            accept=".csv,.tsv,.ndjson,.jsonl,text/csv,application/x-ndjson"
            value={file}
            onChange={setFile}
            clearable
          />
          <Select
            label={t('import.encoding')}
            description={t('import.encodingHelp')}
            data={IMPORT_ENCODINGS.map((e) => ({ value: e, label: t(`import.encodings.${e}`) }))}
            value={encoding}
            onChange={(v) => v && setEncoding(v as ImportEncoding)}
            allowDeselect={false}
            data-testid="import-encoding"
          />
        </Group>
        <Group grow>
          <TextInput
            label={t('import.keyColumn')}
            value={cols.keyColumn}
            onChange={(e) => setCols({ ...cols, keyColumn: e.currentTarget.value })}
          />
          <TextInput
            label={t('import.lineUserIdColumn')}
            value={cols.lineUserIdColumn}
            onChange={(e) => setCols({ ...cols, lineUserIdColumn: e.currentTarget.value })}
          />
          <TextInput
            label={t('import.followColumn')}
            value={cols.followStatusColumn}
            onChange={(e) => setCols({ ...cols, followStatusColumn: e.currentTarget.value })}
          />
        </Group>
        {sent && (
          <div>
            <Text size="xs" fw={500}>
              {t('import.upload')}
            </Text>
            <Progress value={pct} animated={busy && pct < 100} aria-label={t('import.uploadProgress')} />
            <Text size="xs" c="dimmed" mt={2}>
              {t('import.uploaded', { pct: n.percent(pct / 100), mb: n.number(Math.round((sent.total / 1e6) * 10) / 10) })}
            </Text>
            <Text size="xs" fw={500} mt="xs">
              {t('import.writing')}
            </Text>
            <Progress
              value={result ? 100 : written}
              animated={busy}
              color="teal"
              aria-label={t('import.importProgress')}
              data-testid="import-progress"
            />
            <Text size="xs" c="dimmed" mt={2}>
              {result
                ? t('import.done')
                : server
                  ? t('import.rows', { rows: n.number(server.rows), rate: n.number(Math.round(rate)) })
                  : pct < 100
                    ? t('import.waiting')
                    : t('import.serverWorking')}
            </Text>
          </div>
        )}
        {error != null && <Alert color="red">{errorText(error)}</Alert>}
        {result && (
          <Alert color={result.rejectedCount ? 'yellow' : 'green'} title={t('import.finished')} data-testid="import-result">
            {t('import.summary', {
              inserted: n.number(result.inserted),
              updated: n.number(result.updated),
              unchanged: n.number(result.unchanged),
              rejected: n.number(result.rejectedCount),
            })}
            {result.encoding && (
              <Text size="xs" c="dimmed">
                {t('import.readAs', { encoding: t(`import.encodings.${result.encoding}`) })}
              </Text>
            )}
            {result.rejected.length > 0 && (
              <Table mt="xs">
                <Table.Tbody>
                  {result.rejected.slice(0, 20).map((r) => (
                    <Table.Tr key={r.line}>
                      <Table.Td>{t('import.line', { line: n.number(r.line) })}</Table.Td>
                      <Table.Td>{issueText(t, r)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.close')}
          </Button>
          <Button onClick={() => void start()} disabled={!file || busy} loading={busy}>
            {t('import.start')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
