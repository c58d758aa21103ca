import { useState } from 'react';
import { Alert, Anchor, Group, Loader, Select, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import { useSegmentReach, useSegments, useWsParentSegments } from '../../api/audience.ts';
import type { TabProps } from '../CampaignPage.tsx';
import { errorAt, useAutosave } from '../useCampaign.ts';
import { ReachCard } from '../ReachCard.tsx';

export function AudienceTab({ ws, campaign, editable, issues, save }: TabProps) {
  const [audience, setAudience] = useState(campaign.audience);
  useAutosave(audience, (a) => save({ audience: a }), 200, editable);
  const parents = useWsParentSegments(ws);
  const segments = useSegments(ws);
  const reach = useSegmentReach(ws, audience.segmentId);
  const choices = (segments.data ?? []).filter((s) => s.parentSegmentId === audience.parentSegmentId);

  return (
    <Stack maw={900}>
      <Text size="sm" c="dimmed">
        Who receives this campaign. Only profiles with a LINE user ID who still follow the LINE account are sent to.
      </Text>
      <Group grow align="flex-start">
        <Select
          label="Target parent segment"
          placeholder={parents.isPending ? 'Loading…' : 'Choose a parent segment'}
          data={(parents.data ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.profileCount.toLocaleString()} profiles)` }))}
          value={audience.parentSegmentId}
          onChange={(v) => setAudience({ parentSegmentId: v, segmentId: v === audience.parentSegmentId ? audience.segmentId : null })}
          disabled={!editable}
          error={errorAt(issues, 'audience.parentSegmentId')}
          searchable
        />
        <Select
          label="Target segment"
          placeholder={audience.parentSegmentId ? 'Choose a segment' : 'Choose a parent segment first'}
          data={choices.map((s) => ({ value: s.id, label: s.name }))}
          value={audience.segmentId}
          onChange={(v) => setAudience({ ...audience, segmentId: v })}
          disabled={!editable || !audience.parentSegmentId}
          error={errorAt(issues, 'audience.segmentId')}
          searchable
          nothingFoundMessage="No segment in this parent segment yet"
        />
      </Group>
      {parents.error && <Alert color="red">{errorMessage(parents.error)}</Alert>}
      <Text size="sm">
        <Anchor component={Link} to={`/w/${ws}/segments`}>
          + Add Segment
        </Anchor>{' '}
        — build a new segment with the rule builder (live reach).
      </Text>
      {audience.segmentId && reach.isPending && <Loader size="sm" aria-label="Counting reach" />}
      {reach.error && <Alert color="red">Reach could not be counted: {errorMessage(reach.error)}</Alert>}
      {reach.data && <ReachCard reach={reach.data} />}
    </Stack>
  );
}
