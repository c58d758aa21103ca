import { useState } from 'react';
import { Alert, Button, FileInput, Group, Modal, Progress, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { errorMessage, upload } from '../api/client.ts';
import { qk } from '../api/keys.ts';
import type { ImportResult, ParentSegment } from '../api/types.ts';

export function contentTypeFor(name: string): string {
  return /\.(ndjson|jsonl)$/i.test(name) ? 'application/x-ndjson' : 'text/csv';
}

/** Streams a CSV/NDJSON file into a parent segment with an upload progress bar, then shows what was rejected. */
export function ImportDialog({ segment, onClose }: { segment: ParentSegment | null; onClose(): void }) {
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [cols, setCols] = useState({ keyColumn: 'customer_key', lineUserIdColumn: 'line_user_id', followStatusColumn: 'follow_status' });
  const [sent, setSent] = useState<{ sent: number; total: number } | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const busy = sent !== null && !result && !error;

  async function start() {
    if (!file || !segment) return;
    setResult(null);
    setError(null);
    setSent({ sent: 0, total: file.size });
    try {
      const q = new URLSearchParams(cols);
      const r = await upload<ImportResult>(`/api/v1/parent-segments/${segment.id}/import?${q}`, file, contentTypeFor(file.name), (s, t) => setSent({ sent: s, total: t }));
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
    setResult(null);
    setError(null);
    onClose();
  };
  const pct = sent ? Math.round((sent.sent / Math.max(1, sent.total)) * 100) : 0;
  return (
    <Modal opened={!!segment} onClose={close} title={`Import profiles into ${segment?.name ?? ''}`} size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          CSV with a header row, or NDJSON (one JSON object a line). Rows are matched on the key column: new keys are inserted, known ones updated.
          Other columns become profile attributes.
        </Text>
        <FileInput label="File" placeholder="profiles.csv or profiles.ndjson" accept=".csv,.tsv,.ndjson,.jsonl,text/csv,application/x-ndjson" value={file} onChange={setFile} clearable />
        <Group grow>
          <TextInput label="Key column" value={cols.keyColumn} onChange={(e) => setCols({ ...cols, keyColumn: e.currentTarget.value })} />
          <TextInput label="LINE user ID column" value={cols.lineUserIdColumn} onChange={(e) => setCols({ ...cols, lineUserIdColumn: e.currentTarget.value })} />
          <TextInput label="Follow status column" value={cols.followStatusColumn} onChange={(e) => setCols({ ...cols, followStatusColumn: e.currentTarget.value })} />
        </Group>
        {sent && (
          <div>
            <Progress value={pct} animated={busy} aria-label="Upload progress" />
            <Text size="xs" c="dimmed" mt={2}>
              {busy ? (pct < 100 ? `Uploading… ${pct}% of ${(sent.total / 1e6).toFixed(1)} MB` : 'Uploaded; the server is writing the profiles…') : pct === 100 ? 'Done' : ''}
            </Text>
          </div>
        )}
        {error != null && <Alert color="red">{errorMessage(error)}</Alert>}
        {result && (
          <Alert color={result.rejectedCount ? 'yellow' : 'green'} title="Import finished" data-testid="import-result">
            {result.inserted.toLocaleString()} inserted · {result.updated.toLocaleString()} updated · {result.unchanged.toLocaleString()} unchanged ·{' '}
            {result.rejectedCount.toLocaleString()} rejected
            {result.rejected.length > 0 && (
              <Table mt="xs">
                <Table.Tbody>
                  {result.rejected.slice(0, 20).map((r) => (
                    <Table.Tr key={r.line}>
                      <Table.Td>line {r.line}</Table.Td>
                      <Table.Td>{r.message}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Close
          </Button>
          <Button onClick={() => void start()} disabled={!file || busy} loading={busy}>
            Import
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
