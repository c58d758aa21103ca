import { Alert, Anchor, Badge, Breadcrumbs, Group, Loader, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useErrorText } from '../i18n/useErrorText.ts';
import { issueText } from '../i18n/issues.ts';
import type { Campaign, ValidationIssue } from '../api/types.ts';
import { useWorkspace } from '../app/session.tsx';
import { StateBadge } from './StateBadge.tsx';
import { useCampaign, useSaveCampaign, useValidation } from './useCampaign.ts';
import { useAutosave } from './useAutosave.ts';
import { issuesFor, TABS, type TabProps } from './tabs/tab.ts';
import { CampaignActions } from './CampaignActions.tsx';
import { LiveProgress } from './LiveProgress.tsx';
import { AudienceTab } from './tabs/AudienceTab.tsx';
import { ContentTab } from '../content/ContentTab.tsx';
import { ScheduleTab } from './tabs/ScheduleTab.tsx';
import { ActivationTab } from './tabs/ActivationTab.tsx';
import { UtmTab } from './tabs/UtmTab.tsx';
import { isResumableReason } from '../../../src/domain/campaign-state.ts';

/**
 * A state reason in the user's language. Some carry the engine's own detail after a known prefix
 * ("delivery_retrying: …", "start_failed: …"): the prefix is translated, the detail shown as it came.
 */
function reasonText(t: TFunction, reason: string): string {
  const m = /^(delivery_retrying|start_failed): ([\s\S]*)$/.exec(reason);
  if (!m) return t(`reasons.${reason}`, { defaultValue: reason });
  return `${t(`reasons.${m[1]}`)}: ${m[2]}`;
}

function NameEditor({ campaign, editable, save }: { campaign: Campaign; editable: boolean; save: TabProps['save'] }) {
  const { t } = useTranslation();
  const [name, setName] = useState(campaign.name);
  useAutosave(name, (n) => n.trim() && save({ name: n.trim() }), 600, editable);
  if (!editable) return <Title order={2}>{campaign.name}</Title>;
  return (
    <TextInput
      aria-label={t('campaign.name')}
      value={name}
      onChange={(e) => setName(e.currentTarget.value)}
      error={name.trim() ? undefined : t('issues.empty')}
      size="lg"
      variant="unstyled"
      styles={{ input: { fontSize: 26, fontWeight: 700 } }}
      w="min(100%, 560px)"
    />
  );
}

export function CampaignPage() {
  const { id = '', tab = 'audience' } = useParams();
  const { ws, canEdit } = useWorkspace();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const campaign = useCampaign(ws, id);
  const saver = useSaveCampaign(ws, id);
  const c = campaign.data;
  const validation = useValidation(ws, id, !!c && c.state === 'Draft');
  if (campaign.isPending) return <Loader />;
  if (!c) return <Alert color="red">{errorText(campaign.error)}</Alert>;
  const editable = canEdit && c.state === 'Draft';
  // Problems are shown in the user's language from their codes, wherever a tab or dialog shows `message`.
  const localize = (i: ValidationIssue): ValidationIssue => ({ ...i, message: issueText(t, i) });
  const issues = (validation.data?.errors ?? []).map(localize);
  const warnings = (validation.data?.warnings ?? []).map(localize);
  const checked = validation.data ? { ...validation.data, errors: issues, warnings } : undefined;
  const props = { ws, campaign: c, editable, save: saver.mutate };

  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to={`/w/${ws}/campaigns`}>
          {t('nav.campaigns')}
        </Anchor>
        <Text>{c.name}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Group gap="sm" align="center">
          <NameEditor key={c.id} campaign={c} editable={editable} save={saver.mutate} />
          <StateBadge state={c.state} />
          <Text size="xs" c={saver.isError ? 'red' : 'dimmed'} aria-live="polite" data-testid="save-status">
            {saver.isPending
              ? t('campaign.saving')
              : saver.isError
                ? t('campaign.notSaved', { error: errorText(saver.error) })
                : editable
                  ? t('campaign.saved')
                  : ''}
          </Text>
        </Group>
        <CampaignActions ws={ws} campaign={c} canEdit={canEdit} validation={checked} validating={validation.isFetching} />
      </Group>
      {c.stateReason && (
        <Alert color={c.state === 'Suspended' ? 'orange' : 'blue'} title={t('campaign.reason', { reason: reasonText(t, c.stateReason) })}>
          {c.state === 'Suspended' && isResumableReason(c.stateReason) ? t('campaign.resumeHint') : null}
        </Alert>
      )}
      {!editable && c.state !== 'Draft' && <LiveProgress ws={ws} campaign={c} />}
      {c.state !== 'Draft' && (
        <Text size="sm" c="dimmed">
          {t('campaign.frozen')}
        </Text>
      )}
      <Tabs value={tab} onChange={(next) => next && navigate(`/w/${ws}/campaigns/${id}/${next}`)} keepMounted={false}>
        <Tabs.List>
          {TABS.map((tab) => {
            const n = issuesFor(issues, tab).length;
            return (
              <Tabs.Tab
                key={tab}
                value={tab}
                rightSection={
                  n > 0 ? (
                    <Badge
                      color="red"
                      size="sm"
                      circle
                      aria-label={t('campaign.errorCount', { count: n })}
                      data-testid={`tab-errors-${tab}`}
                    >
                      {n}
                    </Badge>
                  ) : null
                }
              >
                {t(`tabs.${tab}`)}
              </Tabs.Tab>
            );
          })}
        </Tabs.List>
        <Tabs.Panel value="audience" pt="md">
          <AudienceTab {...props} issues={issuesFor(issues, 'audience')} />
        </Tabs.Panel>
        <Tabs.Panel value="content" pt="md">
          <ContentTab {...props} issues={issuesFor(issues, 'content')} warnings={issuesFor(warnings, 'content')} />
        </Tabs.Panel>
        <Tabs.Panel value="schedule" pt="md">
          <ScheduleTab {...props} issues={issuesFor(issues, 'schedule')} />
        </Tabs.Panel>
        <Tabs.Panel value="activation" pt="md">
          <ActivationTab {...props} issues={issuesFor(issues, 'activation')} />
        </Tabs.Panel>
        <Tabs.Panel value="utm" pt="md">
          <UtmTab {...props} issues={issuesFor(issues, 'utm')} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
