import { useState } from 'react';
import { Alert, Button, Group, List, Menu, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { Link, useNavigate } from 'react-router';
import { ApiError, errorMessage } from '../api/client.ts';
import type { Campaign, ValidationResult } from '../api/types.ts';
import { QuotaMeter } from './QuotaMeter.tsx';
import { TestSendDialog } from './TestSendDialog.tsx';
import { useCampaignAction } from './useCampaign.ts';
import { isResumableReason } from '../../../src/domain/campaign-state.ts';

export function CampaignActions({ ws, campaign: c, canEdit, validation, validating }: { ws: string; campaign: Campaign; canEdit: boolean; validation: ValidationResult | undefined; validating: boolean }) {
  const act = useCampaignAction(ws, c.id);
  const navigate = useNavigate();
  const [testOpen, test] = useDisclosure(false);
  const [confirm, setConfirm] = useState<null | 'launch' | 'schedule' | 'cancel'>(null);
  const errors = validation?.errors ?? [];
  const scheduled = c.schedule.mode === 'scheduled';

  function run(action: Parameters<typeof act.mutate>[0]) {
    act.mutate(action, {
      onSuccess: (res) => {
        setConfirm(null);
        if (action === 'duplicate') navigate(`/w/${ws}/campaigns/${res.id}/audience`);
        else notifications.show({ color: 'green', message: `${c.name}: ${res.state}` });
      },
      onError: (e) => {
        setConfirm(null);
        const details = e instanceof ApiError && e.details.length ? ` (${e.details.length} problems — see the tabs)` : '';
        notifications.show({ color: 'red', title: `Could not ${action}`, message: errorMessage(e).slice(0, 300) + details });
      },
    });
  }

  function askToStart(kind: 'launch' | 'schedule') {
    if (errors.length) {
      const first = errors[0]!;
      notifications.show({ color: 'red', title: `${errors.length} ${errors.length === 1 ? 'problem' : 'problems'} to fix before you ${kind}`, message: first.message });
      navigate(`/w/${ws}/campaigns/${c.id}/${first.tab}`);
      return;
    }
    setConfirm(kind);
  }

  const recipients = validation?.quota?.recipients;
  return (
    <Stack gap={6} align="flex-end">
      <Group gap="xs">
        {c.state === 'Draft' && canEdit && (
          <>
            <Button variant="default" onClick={test.open}>
              Test send
            </Button>
            {scheduled ? (
              <Button onClick={() => askToStart('schedule')} loading={act.isPending} disabled={validating && !validation}>
                Schedule
              </Button>
            ) : (
              <Button onClick={() => askToStart('launch')} loading={act.isPending} disabled={validating && !validation}>
                Launch
              </Button>
            )}
          </>
        )}
        {c.state === 'Planned' && canEdit && (
          <>
            <Button variant="default" onClick={() => run('unschedule')} loading={act.isPending}>
              Unschedule to edit
            </Button>
            <Button color="red" variant="light" onClick={() => setConfirm('cancel')}>
              Cancel
            </Button>
          </>
        )}
        {c.state === 'Active' && canEdit && (
          <Button color="red" variant="light" onClick={() => setConfirm('cancel')}>
            Cancel sending
          </Button>
        )}
        {c.state === 'Suspended' && canEdit && c.launchedAt && isResumableReason(c.stateReason) && (
          <Button onClick={() => run('resume')} loading={act.isPending}>
            Resume
          </Button>
        )}
        {c.launchedAt && (
          <Button component={Link} to={`/w/${ws}/campaigns/${c.id}/report`} variant="light">
            Report
          </Button>
        )}
        {canEdit && (
          <Menu position="bottom-end">
            <Menu.Target>
              <Button variant="subtle" aria-label="More actions">
                ⋯
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => run('duplicate')}>Duplicate</Menu.Item>
              {!['Planned', 'Active'].includes(c.state) && <Menu.Item onClick={() => run(c.archivedAt ? 'unarchive' : 'archive')}>{c.archivedAt ? 'Unarchive' : 'Archive'}</Menu.Item>}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      {c.state === 'Draft' && <QuotaMeter quota={validation?.quota ?? null} />}
      {c.state === 'Draft' && validation && (
        <Text size="xs" c={errors.length ? 'red' : 'green'} data-testid="validation-summary">
          {errors.length ? `${errors.length} ${errors.length === 1 ? 'problem' : 'problems'} to fix before launch` : 'Ready to launch'}
        </Text>
      )}
      <TestSendDialog ws={ws} campaignId={c.id} opened={testOpen} onClose={test.close} />
      <Modal opened={confirm !== null} onClose={() => setConfirm(null)} title={confirm === 'cancel' ? 'Cancel this campaign?' : confirm === 'schedule' ? 'Schedule this campaign?' : 'Launch this campaign now?'}>
        <Stack>
          {confirm === 'cancel' ? (
            <Text size="sm">Nothing more is sent. Messages LINE has already accepted cannot be recalled. You can resume a canceled active campaign later.</Text>
          ) : (
            <>
              <List size="sm">
                <List.Item>{recipients !== undefined ? `${recipients.toLocaleString()} recipients` : 'Recipients are counted at launch'}</List.Item>
                <List.Item>{c.content.messages.length} message(s), sent by {c.sendMode}</List.Item>
                {confirm === 'schedule' && (
                  <List.Item>
                    Starts {c.schedule.at?.replace('T', ' ')} ({c.schedule.timeZone})
                  </List.Item>
                )}
              </List>
              {(validation?.warnings ?? []).map((w) => (
                <Alert key={w.path + w.message} color="yellow">
                  {w.message}
                </Alert>
              ))}
              <Text size="xs" c="dimmed">
                LINE broadcasts cannot be recalled. The audience is frozen {confirm === 'schedule' ? 'when it starts' : 'now'}.
              </Text>
            </>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(null)}>
              Back
            </Button>
            <Button color={confirm === 'cancel' ? 'red' : 'green'} loading={act.isPending} onClick={() => confirm && run(confirm)} data-testid="confirm-action">
              {confirm === 'cancel' ? 'Cancel campaign' : confirm === 'schedule' ? 'Schedule' : 'Launch now'}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
