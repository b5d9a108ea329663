import { Alert, Anchor, Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { surveyPath } from '../app/paths';
import { IconAlert, IconPlus, IconRefresh } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { RequireAuth } from '../features/auth/RequireAuth';
import { useSession } from '../features/auth/session';
import { hasRole } from '../features/auth/types';
import { manageableUnits } from '../features/surveys/labels';
import { CampaignStateBadge, PassBadge } from '../features/surveys/Badges';
import { CreateCampaignModal } from '../features/surveys/CreateCampaignModal';
import { CAMPAIGN_STATES } from '../features/surveys/types';
import type { CampaignState } from '../features/surveys/types';
import { useCampaigns } from '../features/surveys/useSurveys';
import { formatDate, formatNumber } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import classes from './DossiersPage.module.css';

function Campaigns() {
  const { t } = useTranslation();
  const session = useSession();
  const [search, setSearch] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const stateText = search.get('trang-thai');
  const state = CAMPAIGN_STATES.includes(stateText as CampaignState)
    ? (stateText as CampaignState)
    : undefined;
  const unitNumber = Number(search.get('don-vi'));
  const unit = Number.isInteger(unitNumber) && unitNumber > 0 ? unitNumber : undefined;
  const campaigns = useCampaigns({ state, unit });
  // Units to filter by: those of the campaigns seen (the list is scoped by the server).
  const [seenUnits] = useState(() => new Map<number, string>());
  for (const item of campaigns.data?.items ?? []) seenUnits.set(item.unit.id, item.unit.name);
  const me = session.data;
  const canCreate = hasRole(me, 'front', 'commune', 'district', 'province', 'admin');
  const units = manageableUnits(me);

  const setFilter = (key: string, value: string | null) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next, { replace: true });
  };

  return (
    <Stack gap="md">
      <Group gap="md" align="flex-end" wrap="wrap">
        <Select
          label={t('surveys.common.stateLabel')}
          data={[
            { value: '', label: t('surveys.common.all') },
            ...CAMPAIGN_STATES.map((item) => ({ value: item, label: t(`surveys.state.${item}`) })),
          ]}
          value={state ?? ''}
          onChange={(value) => setFilter('trang-thai', value)}
          allowDeselect={false}
          w={220}
          data-testid="filter-state"
        />
        <Select
          label={t('surveys.common.unit')}
          data={[
            { value: '', label: t('surveys.common.all') },
            ...[...seenUnits].map(([id, name]) => ({ value: String(id), label: name })),
          ]}
          value={unit ? String(unit) : ''}
          onChange={(value) => setFilter('don-vi', value)}
          allowDeselect={false}
          searchable
          w={260}
          data-testid="filter-unit"
        />
        {canCreate && (
          <Button
            leftSection={<IconPlus size={18} />}
            onClick={() => setCreating(true)}
            mih={44}
            data-testid="create-campaign"
          >
            {t('surveys.list.create')}
          </Button>
        )}
      </Group>

      {campaigns.isPending ? (
        <PageLoader />
      ) : campaigns.isError ? (
        <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
          <Stack gap="sm" align="flex-start">
            <Text size="sm">{campaigns.error.message}</Text>
            <Button
              size="sm"
              variant="default"
              leftSection={<IconRefresh size={16} />}
              onClick={() => void campaigns.refetch()}
            >
              {t('common.retry')}
            </Button>
          </Stack>
        </Alert>
      ) : campaigns.data.items.length === 0 ? (
        <Text c="dimmed">{t('surveys.list.empty')}</Text>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {t('surveys.list.total', { count: campaigns.data.total })}
          </Text>
          <Table.ScrollContainer minWidth={0}>
            <Table
              striped
              highlightOnHover
              stickyHeader
              className={classes.table}
              data-testid="campaign-table"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('surveys.common.reference')}</Table.Th>
                  <Table.Th>{t('surveys.common.unit')}</Table.Th>
                  <Table.Th>{t('surveys.common.purpose')}</Table.Th>
                  <Table.Th>{t('surveys.common.stateLabel')}</Table.Th>
                  <Table.Th>{t('surveys.common.dates')}</Table.Th>
                  <Table.Th>{t('surveys.common.answered')}</Table.Th>
                  <Table.Th>{t('surveys.common.result')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {campaigns.data.items.map((campaign) => (
                  <Table.Tr key={campaign.id} data-testid="campaign-row">
                    <Table.Td>
                      <Anchor component={Link} to={surveyPath(campaign.id)} fw={700}>
                        {campaign.reference}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {campaign.title}
                      </Text>
                    </Table.Td>
                    <Table.Td data-label={t('surveys.common.unit')}>{campaign.unit.name}</Table.Td>
                    <Table.Td data-label={t('surveys.common.purpose')}>
                      {t(`surveys.purpose.${campaign.purpose}`)}
                    </Table.Td>
                    <Table.Td>
                      <CampaignStateBadge state={campaign.state} />
                    </Table.Td>
                    <Table.Td data-label={t('surveys.common.dates')}>
                      {formatDate(campaign.opensOn)} – {formatDate(campaign.closesOn)}
                    </Table.Td>
                    <Table.Td data-label={t('surveys.common.answered')}>
                      {formatNumber(campaign.answered)}/{formatNumber(campaign.households)}
                    </Table.Td>
                    <Table.Td>
                      <PassBadge passed={campaign.passed} testId="campaign-passed" />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
      {creating && <CreateCampaignModal units={units} onClose={() => setCreating(false)} />}
    </Stack>
  );
}

/** Satisfaction survey campaigns in the user's scope: /khao-sat-y-kien?trang-thai=… */
export default function SurveysPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('surveys.list.title'));
  return (
    <Stack gap="lg" data-testid="surveys-page">
      <Stack gap={6}>
        <Title order={1}>{t('surveys.list.title')}</Title>
        <Text c="dimmed">{t('surveys.list.lead')}</Text>
      </Stack>
      <RequireAuth>
        <Campaigns />
      </RequireAuth>
    </Stack>
  );
}
