import { Paper, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CampaignReport } from '../api/types.ts';

type Props = { report: Pick<CampaignReport, 'links' | 'clicksByUrl' | 'clicksByPlace'>; number(n: number | null): string };

/**
 * Clicks by destination URL, by message and carousel card, and per link (a URL at one place). Messages and cards are
 * counted from 1, as the composer shows them; links recorded before places were have none.
 */
export function ReportLinks({ report, number }: Props) {
  const { t } = useTranslation();
  if (report.links.length === 0) return null;
  const place = (message: number | null, bubble: number | null) =>
    message === null
      ? t('reportLinks.unplaced')
      : bubble === null
        ? t('reportLinks.message', { n: message + 1 })
        : t('reportLinks.messageCard', { n: message + 1, card: bubble + 1 });
  const head = (...cells: string[]) => (
    <Table.Thead>
      <Table.Tr>
        {cells.map((c) => (
          <Table.Th key={c}>{c}</Table.Th>
        ))}
      </Table.Tr>
    </Table.Thead>
  );
  return (
    <Paper withBorder p="sm">
      <Stack gap="sm">
        <Text fw={600}>{t('reportLinks.byUrl')}</Text>
        <Table data-testid="report-links-by-url">
          {head(t('reportLinks.url'), t('reportLinks.places'), t('reportLinks.clicks'), t('reportLinks.people'))}
          <Table.Tbody>
            {report.clicksByUrl.map((u) => (
              <Table.Tr key={u.url}>
                <Table.Td style={{ wordBreak: 'break-all' }}>{u.url}</Table.Td>
                <Table.Td>{number(u.links)}</Table.Td>
                <Table.Td>{number(u.clicks)}</Table.Td>
                <Table.Td>{number(u.uniqueClickers)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text fw={600}>{t('reportLinks.byPlace')}</Text>
        <Table data-testid="report-links-by-place">
          {head(t('reportLinks.place'), t('reportLinks.links'), t('reportLinks.clicks'), t('reportLinks.people'))}
          <Table.Tbody>
            {report.clicksByPlace.map((p) => (
              <Table.Tr key={`${p.message}-${p.bubble}`}>
                <Table.Td>{place(p.message, p.bubble)}</Table.Td>
                <Table.Td>{number(p.links)}</Table.Td>
                <Table.Td>{number(p.clicks)}</Table.Td>
                <Table.Td>{number(p.uniqueClickers)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text fw={600}>{t('reportLinks.perLink')}</Text>
        <Table data-testid="report-links">
          {head(t('reportLinks.url'), t('reportLinks.place'), t('reportLinks.clicks'), t('reportLinks.people'))}
          <Table.Tbody>
            {report.links.map((l) => (
              <Table.Tr key={l.linkId}>
                <Table.Td style={{ wordBreak: 'break-all' }}>{l.url}</Table.Td>
                <Table.Td>{place(l.message, l.bubble)}</Table.Td>
                <Table.Td>{number(l.clicks)}</Table.Td>
                <Table.Td>{number(l.uniqueClickers)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}
