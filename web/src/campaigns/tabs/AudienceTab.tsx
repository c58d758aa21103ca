import { useState } from 'react';
import { Alert, Anchor, Group, Loader, Select, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../i18n/useErrorText.ts';
import { makeFormat } from '../../i18n/format.ts';
import { useSegmentReach, useSegments, useWsParentSegments } from '../../api/audience.ts';
import { errorAt, type TabProps } from './tab.ts';
import { useAutosave } from '../useAutosave.ts';
import { ReachCard } from '../ReachCard.tsx';

export function AudienceTab({ ws, campaign, editable, issues, save }: TabProps) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const n = makeFormat(i18n.language, 'UTC').number;
  const [audience, setAudience] = useState(campaign.audience);
  useAutosave(audience, (a) => save({ audience: a }), 200, editable);
  const parents = useWsParentSegments(ws);
  const segments = useSegments(ws);
  const reach = useSegmentReach(ws, audience.segmentId);
  const choices = (segments.data ?? []).filter((s) => s.parentSegmentId === audience.parentSegmentId);

  return (
    <Stack maw={900}>
      <Text size="sm" c="dimmed">
        {t('audience.intro')}
      </Text>
      <Group grow align="flex-start">
        <Select
          label={t('audience.parent')}
          placeholder={parents.isPending ? t('common.loading') : t('audience.chooseParent')}
          data={(parents.data ?? []).map((p) => ({
            value: p.id,
            label: t('audience.parentOption', { name: p.name, count: p.profileCount, n: n(p.profileCount) }),
          }))}
          value={audience.parentSegmentId}
          onChange={(v) => setAudience({ parentSegmentId: v, segmentId: v === audience.parentSegmentId ? audience.segmentId : null })}
          disabled={!editable}
          error={errorAt(issues, 'audience.parentSegmentId')}
          searchable
        />
        <Select
          label={t('audience.segment')}
          placeholder={audience.parentSegmentId ? t('audience.chooseSegment') : t('audience.chooseParentFirst')}
          data={choices.map((s) => ({ value: s.id, label: s.name }))}
          value={audience.segmentId}
          onChange={(v) => setAudience({ ...audience, segmentId: v })}
          disabled={!editable || !audience.parentSegmentId}
          error={errorAt(issues, 'audience.segmentId')}
          searchable
          nothingFoundMessage={t('audience.noSegment')}
        />
      </Group>
      {parents.error && <Alert color="red">{errorText(parents.error)}</Alert>}
      <Text size="sm">
        <Anchor component={Link} to={`/w/${ws}/segments`}>
          {t('audience.addSegment')}
        </Anchor>{' '}
        {t('audience.addSegmentHelp')}
      </Text>
      {audience.segmentId && reach.isPending && <Loader size="sm" aria-label={t('audience.counting')} />}
      {reach.error && <Alert color="red">{t('audience.reachFailed', { error: errorText(reach.error) })}</Alert>}
      {reach.data && <ReachCard reach={reach.data} />}
    </Stack>
  );
}
