import { useState } from 'react';
import { Alert, Button, Checkbox, Group, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { LineUserId } from '../../../src/schemas/campaign.ts';
import { errorMessage, getAll, post } from '../api/client.ts';
import { qk } from '../api/keys.ts';
import type { TestRecipient, TestSendResult } from '../api/types.ts';

/** Sends the campaign as it is now to one LINE user; test sends use LINE quota like real ones and are excluded from reports. */
export function TestSendDialog({ ws, campaignId, opened, onClose }: { ws: string; campaignId: string; opened: boolean; onClose(): void }) {
  const qc = useQueryClient();
  const saved = useQuery({ queryKey: qk.testRecipients(ws), queryFn: () => getAll<TestRecipient>(`/api/v1/workspaces/${ws}/test-recipients`), enabled: opened });
  const [userId, setUserId] = useState('');
  const [label, setLabel] = useState('');
  const [remember, setRemember] = useState(true);
  const parsed = LineUserId.safeParse(userId.trim());
  const send = useMutation({
    mutationFn: async () => {
      const lineUserId = userId.trim();
      if (remember && !saved.data?.some((r) => r.lineUserId === lineUserId)) {
        await post(`/api/v1/workspaces/${ws}/test-recipients`, { lineUserId, label: label.trim() });
        void qc.invalidateQueries({ queryKey: qk.testRecipients(ws) });
      }
      return post<TestSendResult>(`/api/v1/workspaces/${ws}/campaigns/${campaignId}/test-send`, { lineUserId });
    },
  });
  const results = send.data?.results ?? [];
  return (
    <Modal opened={opened} onClose={onClose} title="Test send" size="lg">
      <Stack
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (parsed.success) send.mutate();
        }}
      >
        <Text size="sm" c="dimmed">
          Sends the messages as they are now (Liquid rendered for this user’s profile, or defaults) to one LINE user who follows the account. LINE counts
          test sends against the monthly quota; they are not part of the campaign’s report.
        </Text>
        {(saved.data?.length ?? 0) > 0 && (
          <Select
            label="Saved test recipients"
            placeholder="Pick one"
            data={(saved.data ?? []).map((r) => ({ value: r.lineUserId, label: r.label ? `${r.label} (${r.lineUserId})` : r.lineUserId }))}
            onChange={(v) => v && setUserId(v)}
            value={parsed.success && saved.data?.some((r) => r.lineUserId === userId.trim()) ? userId.trim() : null}
          />
        )}
        <TextInput
          label="LINE user ID"
          placeholder="U followed by 32 hex characters"
          value={userId}
          onChange={(e) => setUserId(e.currentTarget.value)}
          error={userId && !parsed.success ? parsed.error.issues[0]?.message : undefined}
          data-autofocus
        />
        <Group grow>
          <Checkbox label="Remember as a test recipient" checked={remember} onChange={(e) => setRemember(e.currentTarget.checked)} />
          {remember && <TextInput aria-label="Label" placeholder="Label (e.g. Aiko’s phone)" value={label} onChange={(e) => setLabel(e.currentTarget.value)} />}
        </Group>
        {send.error && (
          <Alert color="red" title="Test send failed">
            {errorMessage(send.error)}
          </Alert>
        )}
        {results.length > 0 && (
          <Table data-testid="test-send-results">
            <Table.Tbody>
              {results.map((r) => (
                <Table.Tr key={r.lineUserId}>
                  <Table.Td ff="monospace" fz="xs">
                    {r.lineUserId}
                  </Table.Td>
                  <Table.Td c={r.status === 'accepted' ? 'green' : 'red'} fw={600}>
                    {r.status}
                  </Table.Td>
                  <Table.Td fz="xs">{r.reason ?? (r.requestId ? `request ${r.requestId}` : '')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button type="submit" disabled={!parsed.success} loading={send.isPending}>
            Send test
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
