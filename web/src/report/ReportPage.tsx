import { Alert, Anchor, Breadcrumbs, Button, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, errorMessage, get } from '../api/client.ts';
import { qk } from '../api/keys.ts';
import type { CampaignReport } from '../api/types.ts';
import { useWorkspace } from '../app/session.tsx';
import { StateBadge } from '../campaigns/StateBadge.tsx';
import { fmt, pct } from './format.ts';

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={`report-${label.toLowerCase().replace(/\W+/g, '-')}`}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

async function download(path: string, name: string) {
  const text = await api<string>('GET', path);
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  URL.revokeObjectURL(url);
}

function Reasons({ title, counts }: { title: string; counts: Record<string, number> }) {
  const rows = Object.entries(counts).filter(([, n]) => n > 0);
  if (!rows.length) return null;
  return (
    <Paper withBorder p="sm">
      <Text fw={600} size="sm" mb={4}>
        {title}
      </Text>
      {rows.map(([k, n]) => (
        <Group key={k} justify="space-between">
          <Text size="sm" ff="monospace">
            {k}
          </Text>
          <Text size="sm">{fmt(n)}</Text>
        </Group>
      ))}
    </Paper>
  );
}

/** The campaign's results: what the reporting API answers, shown as it is (fields it does not have yet are skipped). */
export function ReportPage() {
  const { id = '' } = useParams();
  const { ws } = useWorkspace();
  const report = useQuery({
    queryKey: qk.report(ws, id),
    queryFn: ({ signal }) => get<CampaignReport>(`/api/v1/workspaces/${ws}/campaigns/${id}/report`, signal),
    refetchInterval: (q) => (q.state.data?.state === 'Active' ? 3000 : false),
  });
  const r = report.data;
  if (report.isPending) return <Loader />;
  if (!r) return <Alert color="red">{errorMessage(report.error)}</Alert>;
  const timeline = (r.timelines?.sends ?? []).map((s) => ({ minute: s.minute.slice(11, 16), accepted: s.accepted, clicks: r.timelines.clicks.find((c) => c.minute === s.minute)?.clicks ?? 0 }));

  return (
    <Stack>
      <Breadcrumbs>
        <Anchor component={Link} to={`/w/${ws}/campaigns`}>
          Campaigns
        </Anchor>
        <Anchor component={Link} to={`/w/${ws}/campaigns/${id}`}>
          {r.name}
        </Anchor>
        <Text>Report</Text>
      </Breadcrumbs>
      <Group justify="space-between">
        <Group>
          <Title order={2}>Report: {r.name}</Title>
          <StateBadge state={r.state} />
        </Group>
        <Group>
          <Button variant="default" onClick={() => void download(`/api/v1/workspaces/${ws}/campaigns/${id}/report.csv`, `campaign-${id}-report.csv`)}>
            Report CSV
          </Button>
          <Button variant="default" onClick={() => void download(`/api/v1/workspaces/${ws}/campaigns/${id}/clicks.csv`, `campaign-${id}-clicks.csv`)}>
            Clicks CSV
          </Button>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        Launched {r.launchedAt ? new Date(r.launchedAt).toLocaleString() : '—'} · finished {r.finishedAt ? new Date(r.finishedAt).toLocaleString() : '—'} · as of{' '}
        {new Date(r.generatedAt).toLocaleTimeString()}
      </Text>
      <SimpleGrid cols={{ base: 2, md: 4, xl: 7 }}>
        <Stat label="Audience" value={fmt(r.audience)} />
        <Stat label="Accepted" value={fmt(r.accepted)} hint="taken by LINE (not proof of reading)" />
        <Stat label="Failed" value={fmt(r.failed.total)} />
        <Stat label="Excluded" value={fmt(r.excluded.total)} />
        <Stat label="Pending" value={fmt(r.pending)} />
        <Stat label="Clicks" value={fmt(r.clicks.total)} hint={r.clicks.unique != null ? `${fmt(r.clicks.unique)} people · ${pct(r.clicks.clickRate)}` : 'per campaign (multicast)'} />
        <Stat label="Blocks" value={fmt(r.blocks.count)} hint={`within ${r.blocks.windowHours} h · ${pct(r.blocks.rate)}`} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Reasons title="Failed by reason" counts={r.failed.byReason} />
        <Reasons title="Excluded by reason" counts={r.excluded.byReason} />
      </SimpleGrid>
      {timeline.length > 0 && (
        <Paper withBorder p="sm">
          <Text fw={600} size="sm" mb="xs">
            Sends and clicks per minute
          </Text>
          <div style={{ width: '100%', height: 240 }}>
            <ResponsiveContainer>
              <AreaChart data={timeline}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="minute" />
                <YAxis />
                <Tooltip />
                <Area dataKey="accepted" stroke="#06c755" fill="#b2f2bb" />
                <Area dataKey="clicks" stroke="#1c7ed6" fill="#a5d8ff" />
              </AreaChart>
            </ResponsiveContainer>
          </div>
        </Paper>
      )}
      {r.links.length > 0 && (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Link</Table.Th>
              <Table.Th>Clicks</Table.Th>
              <Table.Th>People</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.links.map((l) => (
              <Table.Tr key={l.linkId}>
                <Table.Td style={{ wordBreak: 'break-all' }}>{l.url}</Table.Td>
                <Table.Td>{fmt(l.clicks)}</Table.Td>
                <Table.Td>{fmt(l.uniqueClickers)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {r.line && (
        <Paper withBorder p="sm">
          <Text fw={600} size="sm">
            LINE statistics ({r.line.unit})
          </Text>
          <Text size="sm">
            Unique impressions {r.line.display.uniqueImpressions} · unique clicks {r.line.display.uniqueClicks}
          </Text>
          <Text size="xs" c="dimmed">
            LINE hides numbers under 20 people (“&lt; 20”). {r.line.lastError ? `Last import error: ${r.line.lastError}` : ''}
          </Text>
        </Paper>
      )}
    </Stack>
  );
}
