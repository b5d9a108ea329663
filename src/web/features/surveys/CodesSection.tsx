import { Alert, Anchor, Button, Checkbox, Group, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconAlert, IconCheck, IconDownloadFile } from '../../components/icons';
import { IconPrinter } from '../dashboard/icons';
import { formatNumber } from '../../lib/format';
import { ActionError } from '../recognition/Badges';
import type { CampaignDetail } from './types';
import { useIssueCodes } from './useSurveys';

/** "In phiếu": the slips with one-time codes and QR codes, per village or all, as a PDF. */
export function CodesSection({ campaign }: { campaign: CampaignDetail }) {
  const { t } = useTranslation();
  const issue = useIssueCodes(campaign);
  const [reissue, setReissue] = useState(false);
  const [pdf, setPdf] = useState<{ url: string; name: string } | null>(null);
  useEffect(
    () => () => {
      if (pdf) URL.revokeObjectURL(pdf.url);
    },
    [pdf],
  );
  const allowed = campaign.canManage && (campaign.state === 'planned' || campaign.state === 'open');

  const print = (village?: string) => {
    issue.mutate(
      { village, reissue },
      {
        onSuccess: (blob) => {
          const url = URL.createObjectURL(blob);
          const name = `phieu-ma-ho-${campaign.reference.replace(/[^\w-]+/g, '-')}${
            village ? `-${village.replace(/\s+/g, '-')}` : ''
          }.pdf`;
          setPdf({ url, name });
          window.open(url, '_blank', 'noopener');
        },
      },
    );
  };

  return (
    <Stack gap="md" data-testid="codes-section">
      <Text size="sm" c="dimmed">
        {t('surveys.codes.lead', { url: campaign.publicUrl })}
      </Text>
      {!allowed && <Text c="dimmed">{t('surveys.codes.notNow')}</Text>}
      {allowed && (
        <>
          <Checkbox
            label={t('surveys.codes.reissue')}
            checked={reissue}
            onChange={(event) => setReissue(event.currentTarget.checked)}
            data-testid="codes-reissue"
          />
          {reissue && (
            <Alert color="orange" variant="light" icon={<IconAlert />} role="alert">
              {t('surveys.codes.reissueWarning')}
            </Alert>
          )}
          <Table.ScrollContainer minWidth={0}>
            <Table withTableBorder data-testid="codes-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('surveys.households.village')}</Table.Th>
                  <Table.Th>{t('surveys.households.households')}</Table.Th>
                  <Table.Th>{t('surveys.households.activeCodes')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {campaign.villages.map((village) => (
                  <Table.Tr key={`${village.communeUnitId}-${village.village}`}>
                    <Table.Td>{village.village}</Table.Td>
                    <Table.Td>{formatNumber(village.households)}</Table.Td>
                    <Table.Td>{formatNumber(village.activeCodes)}</Table.Td>
                    <Table.Td>
                      <Button
                        variant="default"
                        leftSection={<IconPrinter size={18} />}
                        onClick={() => print(village.village)}
                        loading={issue.isPending && issue.variables?.village === village.village}
                        mih={44}
                        aria-label={t('surveys.codes.printVillage', { village: village.village })}
                      >
                        {t('surveys.codes.print')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group>
            <Button
              leftSection={<IconPrinter size={18} />}
              onClick={() => print()}
              loading={issue.isPending && issue.variables?.village === undefined}
              disabled={campaign.villages.length === 0}
              mih={44}
              data-testid="codes-print-all"
            >
              {t('surveys.codes.printAll')}
            </Button>
          </Group>
        </>
      )}
      {pdf && (
        <Alert color="green" variant="light" icon={<IconCheck />} data-testid="codes-ready">
          <Anchor href={pdf.url} download={pdf.name}>
            <Group gap={6} component="span" wrap="nowrap">
              <IconDownloadFile size={18} />
              {t('surveys.codes.download')}
            </Group>
          </Anchor>
        </Alert>
      )}
      <ActionError error={issue.error} />
    </Stack>
  );
}
