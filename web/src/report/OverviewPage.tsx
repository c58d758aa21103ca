import { Alert, Anchor, Loader, Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import { reportsApi } from '../api/reports.ts';
import { useFormat } from '../i18n/format.ts';
import { useErrorText } from '../i18n/useErrorText.ts';
import { truncateText } from '../preview/graphemes.ts';
import { qk } from '../api/keys.ts';
import { useWorkspace } from '../app/session.tsx';
import { ChartLegend } from './ChartLegend.tsx';
import { StateBadge } from '../campaigns/StateBadge.tsx';
import { percent } from './format.ts';

/** The workspace's recently launched campaigns side by side: reach, clicks and blocks, each linking to its report. */
export function OverviewPage() {
  const { ws, workspace } = useWorkspace();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const f = useFormat(workspace?.timeZone);
  const fmt = f.number;
  const pct = f.percent;
  const clickRate = t('overview.chartClickRate');
  const blockRate = t('overview.chartBlockRate');
  const overview = useQuery({
    queryKey: qk.overview(ws),
    queryFn: ({ signal }) => reportsApi.overview(ws, 20, signal),
    refetchInterval: 15_000,
  });
  const items = overview.data?.items ?? [];
  // oldest first, so the chart reads left to right in time
  const chart = [...items].reverse().map((c) => ({
    name: truncateText(c.name, 18),
    [clickRate]: c.clickRate == null ? null : percent(c.clickRate),
    [blockRate]: c.blockRate == null ? null : percent(c.blockRate),
  }));

  return (
    <>
      <Title order={2}>{t('overview.title')}</Title>
      <Text c="dimmed" size="sm" mb="md">
        {t('overview.subtitle', { workspace: workspace?.name ?? '', zone: f.zoneName() })}
      </Text>
      {overview.error && <Alert color="red">{errorText(overview.error)}</Alert>}
      {overview.isPending ? (
        <Loader />
      ) : items.length === 0 ? (
        <Text c="dimmed" py="xl" ta="center">
          {t('overview.empty')}
        </Text>
      ) : (
        <>
          <Paper withBorder p="sm" mb="md" data-testid="overview-chart">
            <div style={{ width: '100%', height: 220 }}>
              <ResponsiveContainer>
                <BarChart data={chart}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="name" fontSize={11} />
                  <YAxis unit="%" fontSize={11} tickFormatter={(v: number) => f.number(v)} />
                  <Tooltip formatter={(v) => f.percent(Number(v) / 100)} />
                  <Legend content={(props) => <ChartLegend payload={props.payload} />} />
                  <Bar dataKey={clickRate} fill="#2f9e44" />
                  <Bar dataKey={blockRate} fill="#e03131" />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </Paper>
          <Table.ScrollContainer minWidth={800}>
            <Table highlightOnHover verticalSpacing="sm" data-testid="overview-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('overview.campaign')}</Table.Th>
                  <Table.Th>{t('campaigns.state')}</Table.Th>
                  <Table.Th>{t('overview.launched')}</Table.Th>
                  <Table.Th ta="right">{t('report.audience')}</Table.Th>
                  <Table.Th ta="right">{t('report.accepted')}</Table.Th>
                  <Table.Th ta="right">{t('report.failed')}</Table.Th>
                  <Table.Th ta="right">{t('overview.uniqueClicks')}</Table.Th>
                  <Table.Th ta="right">{t('overview.clickRate')}</Table.Th>
                  <Table.Th ta="right">{t('report.blocks')}</Table.Th>
                  <Table.Th ta="right">{t('overview.blockRate')}</Table.Th>
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
                    <Table.Td>{f.dateTime(c.launchedAt)}</Table.Td>
                    <Table.Td ta="right">{fmt(c.audience)}</Table.Td>
                    <Table.Td ta="right" data-testid="overview-accepted">
                      {fmt(c.accepted)}
                    </Table.Td>
                    <Table.Td ta="right">{fmt(c.failed)}</Table.Td>
                    <Table.Td ta="right" title={c.uniqueClicks == null ? t('overview.multicastShared') : undefined}>
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
