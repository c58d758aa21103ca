import { Alert, Anchor, Badge, Breadcrumbs, Group, Loader, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage } from '../api/client.ts';
import type { Campaign, Tab, ValidationIssue } from '../api/types.ts';
import { useWorkspace } from '../app/session.tsx';
import { StateBadge } from './StateBadge.tsx';
import { issuesFor, useAutosave, useCampaign, useSaveCampaign, useValidation } from './useCampaign.ts';
import { CampaignActions } from './CampaignActions.tsx';
import { LiveProgress } from './LiveProgress.tsx';
import { AudienceTab } from './tabs/AudienceTab.tsx';
import { ContentTab } from '../content/ContentTab.tsx';
import { ScheduleTab } from './tabs/ScheduleTab.tsx';
import { ActivationTab } from './tabs/ActivationTab.tsx';
import { UtmTab } from './tabs/UtmTab.tsx';
import { isResumableReason } from '../../../src/domain/campaign-state.ts';

export const TABS: { value: Tab; label: string }[] = [
  { value: 'audience', label: 'Target Audience' },
  { value: 'content', label: 'Campaign Content' },
  { value: 'schedule', label: 'Delivery Schedule' },
  { value: 'activation', label: 'Activation' },
  { value: 'utm', label: 'UTM Tracking' },
];

export interface TabProps {
  ws: string;
  campaign: Campaign;
  editable: boolean;
  issues: ValidationIssue[];
  save: ReturnType<typeof useSaveCampaign>['mutate'];
}

function NameEditor({ campaign, editable, save }: { campaign: Campaign; editable: boolean; save: TabProps['save'] }) {
  const [name, setName] = useState(campaign.name);
  useAutosave(name, (n) => n.trim() && save({ name: n.trim() }), 600, editable);
  if (!editable) return <Title order={2}>{campaign.name}</Title>;
  return (
    <TextInput
      aria-label="Campaign name"
      value={name}
      onChange={(e) => setName(e.currentTarget.value)}
      error={name.trim() ? undefined : 'name is required'}
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
  const navigate = useNavigate();
  const campaign = useCampaign(ws, id);
  const saver = useSaveCampaign(ws, id);
  const c = campaign.data;
  const validation = useValidation(ws, id, !!c && c.state === 'Draft');
  if (campaign.isPending) return <Loader />;
  if (!c) return <Alert color="red">{errorMessage(campaign.error)}</Alert>;
  const editable = canEdit && c.state === 'Draft';
  const issues = validation.data?.errors ?? [];
  const warnings = validation.data?.warnings ?? [];
  const props = { ws, campaign: c, editable, save: saver.mutate };

  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to={`/w/${ws}/campaigns`}>
          Campaigns
        </Anchor>
        <Text>{c.name}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Group gap="sm" align="center">
          <NameEditor key={c.id} campaign={c} editable={editable} save={saver.mutate} />
          <StateBadge state={c.state} />
          <Text size="xs" c={saver.isError ? 'red' : 'dimmed'} aria-live="polite" data-testid="save-status">
            {saver.isPending ? 'Saving…' : saver.isError ? `Not saved: ${errorMessage(saver.error)}` : editable ? 'All changes saved' : ''}
          </Text>
        </Group>
        <CampaignActions ws={ws} campaign={c} canEdit={canEdit} validation={validation.data} validating={validation.isFetching} />
      </Group>
      {c.stateReason && (
        <Alert color={c.state === 'Suspended' ? 'orange' : 'blue'} title={`Reason: ${c.stateReason}`}>
          {c.state === 'Suspended' && isResumableReason(c.stateReason)
            ? 'Fix the cause, then Resume: recipients already accepted by LINE are not sent again.'
            : null}
        </Alert>
      )}
      {!editable && c.state !== 'Draft' && <LiveProgress ws={ws} campaign={c} />}
      {c.state !== 'Draft' && (
        <Text size="sm" c="dimmed">
          Launched content is frozen. Use “Duplicate” to start a new draft from it.
        </Text>
      )}
      <Tabs value={tab} onChange={(t) => t && navigate(`/w/${ws}/campaigns/${id}/${t}`)} keepMounted={false}>
        <Tabs.List>
          {TABS.map((t) => {
            const n = issuesFor(issues, t.value).length;
            return (
              <Tabs.Tab
                key={t.value}
                value={t.value}
                rightSection={
                  n > 0 ? (
                    <Badge color="red" size="sm" circle aria-label={`${n} ${n === 1 ? 'error' : 'errors'}`} data-testid={`tab-errors-${t.value}`}>
                      {n}
                    </Badge>
                  ) : null
                }
              >
                {t.label}
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
