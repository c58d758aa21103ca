import { Alert, Anchor, Loader, Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { errorMessage, get } from '../api/client.ts';
import { qk } from '../api/keys.ts';
import type { WorkspaceOverview } from '../api/types.ts';
import { useWorkspace } from '../app/session.tsx';
import { StateBadge } from '../campaigns/StateBadge.tsx';
import { fmt, pct, percent } from './format.ts';

/** The workspace's recently launched campaigns side by side: reach, clicks and blocks, each linking to its report. */
export function OverviewPage() {
  const { ws, workspace } = useWorkspace();
  const overview = useQuery({
    queryKey: qk.overview(ws),
    queryFn: ({ signal }) => get<WorkspaceOverview>(`/api/v1/workspaces/${ws}/reports/overview?limit=20`, signal),
    refetchInterval: 15_000,
  });
  const items = overview.data?.items ?? [];
  // oldest first, so the chart reads left to right in time
  const chart = [...items].reverse().map((c) => ({
    name: c.name.length > 18 ? `${c.name.slice(0, 17)}…` : c.name,
    'Click rate %': c.clickRate == null ? null : percent(c.clickRate),
    'Block rate %': c.blockRate == null ? null : percent(c.blockRate),
  }));

  return (
    <>
      <Title order={2}>Overview</Title>
      <Text c="dimmed" size="sm" mb="md">
        {workspace?.name}: the last 20 launched campaigns (test sends excluded)
      </Text>
      {overview.error && <Alert color="red">{errorMessage(overview.error)}</Alert>}
      {overview.isPending ? (
        <Loader />
      ) : items.length === 0 ? (
        <Text c="dimmed" py="xl" ta="center">
          No campaign has been launched in this workspace yet.
        </Text>
      ) : (
        <>
          <Paper withBorder p="sm" mb="md" data-testid="overview-chart">
            <div style={{ width: '100%', height: 220 }}>
              <ResponsiveContainer>
                <BarChart data={chart}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="name" fontSize={11} />
                  <YAxis unit="%" fontSize={11} />
                  <Tooltip />
                  <Legend />
                  <Bar dataKey="Click rate %" fill="#2f9e44" />
                  <Bar dataKey="Block rate %" fill="#e03131" />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </Paper>
          <Table.ScrollContainer minWidth={800}>
            <Table highlightOnHover verticalSpacing="sm" data-testid="overview-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Campaign</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th>Launched</Table.Th>
                  <Table.Th ta="right">Audience</Table.Th>
                  <Table.Th ta="right">Accepted</Table.Th>
                  <Table.Th ta="right">Failed</Table.Th>
                  <Table.Th ta="right">Unique clicks</Table.Th>
                  <Table.Th ta="right">Click rate</Table.Th>
                  <Table.Th ta="right">Blocks</Table.Th>
                  <Table.Th ta="right">Block rate</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((c) => (
                  <Table.Tr key={c.campaignId}>
                    <Table.Td>
                      <Anchor component={Link} to={`/w/${ws}/campaigns/${c.campaignId}/report`}>
                        {c.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td style={{ minWidth: 120 }}>
                      <StateBadge state={c.state} />
                    </Table.Td>
                    <Table.Td>{c.launchedAt ? new Date(c.launchedAt).toLocaleString() : '—'}</Table.Td>
                    <Table.Td ta="right">{fmt(c.audience)}</Table.Td>
                    <Table.Td ta="right" data-testid="overview-accepted">
                      {fmt(c.accepted)}
                    </Table.Td>
                    <Table.Td ta="right">{fmt(c.failed)}</Table.Td>
                    <Table.Td ta="right" title={c.uniqueClicks == null ? 'multicast links are shared: no per-recipient clicks' : undefined}>
                      {fmt(c.uniqueClicks)}
                    </Table.Td>
                    <Table.Td ta="right">{pct(c.clickRate)}</Table.Td>
                    <Table.Td ta="right">{fmt(c.blocks)}</Table.Td>
                    <Table.Td ta="right">{pct(c.blockRate)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </>
  );
}
