import { useState } from 'react';
import { Alert, Button, Group, List, Menu, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import type { Campaign, ValidationResult } from '../api/types.ts';
import { useFormat } from '../i18n/format.ts';
import { useErrorText } from '../i18n/useErrorText.ts';
import { instantOf } from './localTime.ts';
import { QuotaMeter } from './QuotaMeter.tsx';
import { TestSendDialog } from './TestSendDialog.tsx';
import { useCampaignAction } from './useCampaign.ts';
import { isResumableReason } from '../../../src/domain/campaign-state.ts';

export function CampaignActions({
  ws,
  campaign: c,
  canEdit,
  validation,
  validating,
}: {
  ws: string;
  campaign: Campaign;
  canEdit: boolean;
  validation: ValidationResult | undefined;
  validating: boolean;
}) {
  const act = useCampaignAction(ws, c.id);
  const { t } = useTranslation();
  const errorText = useErrorText();
  const f = useFormat(c.schedule.timeZone);
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
        else notifications.show({ color: 'green', message: t('actions.done', { name: c.name, state: t(`states.${res.state}`) }) });
      },
      onError: (e) => {
        setConfirm(null);
        const details = e instanceof ApiError && e.details.length ? t('actions.seeTabs', { count: e.details.length }) : '';
        notifications.show({ color: 'red', title: t(`actions.failed.${action}`), message: errorText(e).slice(0, 300) + details });
      },
    });
  }

  function askToStart(kind: 'launch' | 'schedule') {
    if (errors.length) {
      const first = errors[0]!;
      notifications.show({ color: 'red', title: t(`actions.problemsBefore.${kind}`, { count: errors.length }), message: first.message });
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
              {t('actions.testSend')}
            </Button>
            {scheduled ? (
              <Button onClick={() => askToStart('schedule')} loading={act.isPending} disabled={validating && !validation}>
                {t('actions.schedule')}
              </Button>
            ) : (
              <Button onClick={() => askToStart('launch')} loading={act.isPending} disabled={validating && !validation}>
                {t('actions.launch')}
              </Button>
            )}
          </>
        )}
        {c.state === 'Planned' && canEdit && (
          <>
            <Button variant="default" onClick={() => run('unschedule')} loading={act.isPending}>
              {t('actions.unschedule')}
            </Button>
            <Button color="red" variant="light" onClick={() => setConfirm('cancel')}>
              {t('actions.cancel')}
            </Button>
          </>
        )}
        {c.state === 'Active' && canEdit && (
          <Button color="red" variant="light" onClick={() => setConfirm('cancel')}>
            {t('actions.cancelSending')}
          </Button>
        )}
        {c.state === 'Suspended' && canEdit && c.launchedAt && isResumableReason(c.stateReason) && (
          <Button onClick={() => run('resume')} loading={act.isPending}>
            {t('actions.resume')}
          </Button>
        )}
        {c.launchedAt && (
          <Button component={Link} to={`/w/${ws}/campaigns/${c.id}/report`} variant="light">
            {t('actions.report')}
          </Button>
        )}
        {canEdit && (
          <Menu position="bottom-end">
            <Menu.Target>
              <Button variant="subtle" aria-label={t('actions.more')}>
                ⋯
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => run('duplicate')}>{t('actions.duplicate')}</Menu.Item>
              {!['Planned', 'Active'].includes(c.state) && (
                <Menu.Item onClick={() => run(c.archivedAt ? 'unarchive' : 'archive')}>
                  {c.archivedAt ? t('actions.unarchive') : t('actions.archive')}
                </Menu.Item>
              )}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      {c.state === 'Draft' && <QuotaMeter quota={validation?.quota ?? null} />}
      {c.state === 'Draft' && validation && (
        <Text size="xs" c={errors.length ? 'red' : 'green'} data-testid="validation-summary">
          {errors.length ? t('actions.problemsBeforeLaunch', { count: errors.length }) : t('actions.ready')}
        </Text>
      )}
      <TestSendDialog ws={ws} campaignId={c.id} opened={testOpen} onClose={test.close} />
      <Modal
        opened={confirm !== null}
        onClose={() => setConfirm(null)}
        title={
          confirm === 'cancel'
            ? t('actions.confirmCancel')
            : confirm === 'schedule'
              ? t('actions.confirmSchedule')
              : t('actions.confirmLaunch')
        }
      >
        <Stack>
          {confirm === 'cancel' ? (
            <Text size="sm">{t('actions.cancelExplain')}</Text>
          ) : (
            <>
              <List size="sm">
                <List.Item>
                  {recipients !== undefined
                    ? t('actions.recipients', { count: recipients, n: f.number(recipients) })
                    : t('actions.recipientsAtLaunch')}
                </List.Item>
                <List.Item>{t('actions.messagesBy', { count: c.content.messages.length, mode: t(`sendModes.${c.sendMode}`) })}</List.Item>
                {confirm === 'schedule' && (
                  <List.Item>
                    {t('actions.starts', {
                      when: instantOf(c.schedule.at, c.schedule.timeZone)
                        ? f.dateTime(instantOf(c.schedule.at, c.schedule.timeZone))
                        : c.schedule.at,
                      zone: f.zoneName(),
                    })}
                  </List.Item>
                )}
              </List>
              {(validation?.warnings ?? []).map((w) => (
                <Alert key={w.path + w.message} color="yellow">
                  {w.message}
                </Alert>
              ))}
              <Text size="xs" c="dimmed">
                {confirm === 'schedule' ? t('actions.noRecallScheduled') : t('actions.noRecallNow')}
              </Text>
            </>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(null)}>
              {t('common.back')}
            </Button>
            <Button
              color={confirm === 'cancel' ? 'red' : 'green'}
              loading={act.isPending}
              onClick={() => confirm && run(confirm)}
              data-testid="confirm-action"
            >
              {confirm === 'cancel' ? t('actions.cancelCampaign') : confirm === 'schedule' ? t('actions.schedule') : t('actions.launchNow')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
