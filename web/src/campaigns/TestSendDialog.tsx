import { useState } from 'react';
import { Alert, Button, Checkbox, Group, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { LineUserId } from '../../../src/schemas/campaign.ts';
import { useTranslation } from 'react-i18next';
import { campaignsApi } from '../api/campaigns.ts';
import { codeOfZodIssue } from '../../../src/domain/issues.ts';
import { issueText } from '../i18n/issues.ts';
import { useErrorText } from '../i18n/useErrorText.ts';
import { qk } from '../api/keys.ts';

/** Sends the campaign as it is now to one LINE user; test sends use LINE quota like real ones and are excluded from reports. */
export function TestSendDialog({ ws, campaignId, opened, onClose }: { ws: string; campaignId: string; opened: boolean; onClose(): void }) {
  const qc = useQueryClient();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const saved = useQuery({ queryKey: qk.testRecipients(ws), queryFn: () => campaignsApi.testRecipients(ws), enabled: opened });
  const [userId, setUserId] = useState('');
  const [label, setLabel] = useState('');
  const [remember, setRemember] = useState(true);
  const parsed = LineUserId.safeParse(userId.trim());
  const send = useMutation({
    mutationFn: async () => {
      const lineUserId = userId.trim();
      if (remember && !saved.data?.some((r) => r.lineUserId === lineUserId)) {
        await campaignsApi.addTestRecipient(ws, { lineUserId, label: label.trim() });
        void qc.invalidateQueries({ queryKey: qk.testRecipients(ws) });
      }
      return campaignsApi.testSend(ws, campaignId, lineUserId);
    },
  });
  const results = send.data?.results ?? [];
  const idIssue = !parsed.success ? parsed.error.issues[0] : undefined;
  return (
    <Modal opened={opened} onClose={onClose} title={t('testSend.title')} size="lg">
      <Stack
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (parsed.success) send.mutate();
        }}
      >
        <Text size="sm" c="dimmed">
          {t('testSend.help')}
        </Text>
        {(saved.data?.length ?? 0) > 0 && (
          <Select
            label={t('testSend.saved')}
            placeholder={t('testSend.pick')}
            data={(saved.data ?? []).map((r) => ({ value: r.lineUserId, label: r.label ? `${r.label} (${r.lineUserId})` : r.lineUserId }))}
            onChange={(v) => v && setUserId(v)}
            value={parsed.success && saved.data?.some((r) => r.lineUserId === userId.trim()) ? userId.trim() : null}
          />
        )}
        <TextInput
          label={t('testSend.lineUserId')}
          placeholder={t('testSend.lineUserIdPlaceholder')}
          value={userId}
          onChange={(e) => setUserId(e.currentTarget.value)}
          error={userId && idIssue ? issueText(t, { message: idIssue.message, ...codeOfZodIssue(idIssue) }) : undefined}
          data-autofocus
        />
        <Group grow>
          <Checkbox label={t('testSend.remember')} checked={remember} onChange={(e) => setRemember(e.currentTarget.checked)} />
          {remember && (
            <TextInput
              aria-label={t('testSend.label')}
              placeholder={t('testSend.labelPlaceholder')}
              value={label}
              onChange={(e) => setLabel(e.currentTarget.value)}
            />
          )}
        </Group>
        {send.error && (
          <Alert color="red" title={t('testSend.failed')}>
            {errorText(send.error)}
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
                    {t(`testSend.status.${r.status}`, { defaultValue: r.status })}
                  </Table.Td>
                  <Table.Td fz="xs">
                    {r.reason
                      ? t(`reasons.${r.reason}`, { defaultValue: r.reason })
                      : r.requestId
                        ? t('testSend.request', { id: r.requestId })
                        : ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.close')}
          </Button>
          <Button type="submit" disabled={!parsed.success} loading={send.isPending}>
            {t('testSend.send')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
