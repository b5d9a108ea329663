import { Alert, Anchor, Button, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { paths } from '../app/paths';
import { IconAlert, IconRefresh } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { RequireAuth } from '../features/auth/RequireAuth';
import { AnswerEntry } from '../features/surveys/AnswerEntry';
import { CampaignStateBadge, PassBadge, UnverifiedBadge } from '../features/surveys/Badges';
import { CampaignActions } from '../features/surveys/CampaignActions';
import { CodesSection } from '../features/surveys/CodesSection';
import { GuidanceRules } from '../features/surveys/CreateCampaignModal';
import { HouseholdsSection } from '../features/surveys/HouseholdsSection';
import { TallySection } from '../features/surveys/TallySection';
import type { CampaignDetail } from '../features/surveys/types';
import { useCampaign } from '../features/surveys/useSurveys';
import { formatDate, formatDateTime, formatNumber } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';

const TABS = ['ho', 'phieu', 'nhap', 'ket-qua'] as const;
type Tab = (typeof TABS)[number];

function Header({ campaign }: { campaign: CampaignDetail }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" data-testid="campaign-header">
      <Group gap="sm" wrap="wrap">
        <Title order={1} data-testid="campaign-reference">
          {campaign.reference}
        </Title>
        <CampaignStateBadge state={campaign.state} />
        {campaign.passed !== null && (
          <PassBadge passed={campaign.passed} testId="campaign-passed" />
        )}
      </Group>
      <Text fw={600}>{campaign.title}</Text>
      <Text size="sm">
        {t('surveys.common.unit')}: <strong>{campaign.unit.name}</strong> ·{' '}
        {t(`surveys.purpose.${campaign.purpose}`)}
        {campaign.dossierId && (
          <>
            {' · '}
            <Anchor component={Link} to={paths.dossier(campaign.dossierId)}>
              {t('surveys.detail.dossier')}
            </Anchor>
          </>
        )}
      </Text>
      <Text size="sm" data-testid="campaign-dates">
        {t('surveys.detail.dates', {
          from: formatDate(campaign.opensOn),
          to: formatDate(campaign.closesOn),
          days: formatNumber(campaign.workingDays),
        })}
      </Text>
      <Text size="sm">
        {t('surveys.detail.coverage', {
          answered: formatNumber(campaign.answered),
          households: formatNumber(campaign.households),
        })}
      </Text>
      {campaign.postedOn && (
        <Text size="sm">
          {t('surveys.detail.posted', {
            from: formatDate(campaign.postedOn),
            to: formatDate(campaign.postedUntil),
          })}
        </Text>
      )}
      {campaign.reportedAt && (
        <Text size="sm">
          {t('surveys.detail.reported', { at: formatDateTime(campaign.reportedAt) })}
        </Text>
      )}
      {campaign.state === 'void' && campaign.voidReason && (
        <Alert color="gray" variant="light" icon={<IconAlert />}>
          {t('surveys.detail.voided', { reason: campaign.voidReason })}
        </Alert>
      )}
      <Group gap="xs" wrap="wrap">
        <Text size="sm" c="dimmed">
          {t('surveys.detail.questionnaire', { name: campaign.questionnaire.name })}
        </Text>
        {!campaign.questionnaire.verified && <UnverifiedBadge />}
      </Group>
    </Stack>
  );
}

function Campaign({ id }: { id: string }) {
  const { t } = useTranslation();
  const campaign = useCampaign(id);
  const [search, setSearch] = useSearchParams();
  useDocumentTitle(campaign.data?.reference ?? t('surveys.list.title'));
  if (campaign.isPending) return <PageLoader />;
  if (campaign.isError) {
    return (
      <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{campaign.error.message}</Text>
          <Button
            size="sm"
            variant="default"
            leftSection={<IconRefresh size={16} />}
            onClick={() => void campaign.refetch()}
          >
            {t('common.retry')}
          </Button>
        </Stack>
      </Alert>
    );
  }
  const data = campaign.data;
  const tabText = search.get('muc');
  const fallback: Tab = data.state === 'open' && data.canEnterAnswers ? 'nhap' : 'ho';
  const tab: Tab = TABS.includes(tabText as Tab) ? (tabText as Tab) : fallback;
  const rules = data.guidance;

  return (
    <Stack gap="lg" data-testid="campaign-page">
      <Anchor component={Link} to={paths.surveys} size="sm">
        ← {t('surveys.list.title')}
      </Anchor>
      <Header campaign={data} />
      <CampaignActions campaign={data} />
      <Tabs
        value={tab}
        onChange={(value) => {
          const next = new URLSearchParams(search);
          if (value) next.set('muc', value);
          setSearch(next, { replace: true });
        }}
        keepMounted={false}
        variant="outline"
      >
        <Tabs.List>
          <Tabs.Tab value="ho" mih={44} data-testid="tab-households">
            {t('surveys.tabs.households')}
          </Tabs.Tab>
          <Tabs.Tab value="phieu" mih={44} data-testid="tab-codes">
            {t('surveys.tabs.codes')}
          </Tabs.Tab>
          <Tabs.Tab value="nhap" mih={44} data-testid="tab-entry">
            {t('surveys.tabs.entry')}
          </Tabs.Tab>
          <Tabs.Tab value="ket-qua" mih={44} data-testid="tab-result">
            {t('surveys.tabs.result')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="ho" pt="md">
          <HouseholdsSection campaign={data} />
        </Tabs.Panel>
        <Tabs.Panel value="phieu" pt="md">
          <CodesSection campaign={data} />
        </Tabs.Panel>
        <Tabs.Panel value="nhap" pt="md">
          <AnswerEntry campaign={data} />
        </Tabs.Panel>
        <Tabs.Panel value="ket-qua" pt="md">
          <Stack gap="lg">
            <TallySection campaign={data} />
            <GuidanceRules
              guidance={{
                ...rules,
                levels: {
                  [data.level]: { questionnaire: data.questionnaire.code, rules: data.rules },
                },
              }}
              level={data.level}
            />
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** One satisfaction survey campaign: /khao-sat-y-kien/:id?muc=ho|phieu|nhap|ket-qua */
export default function SurveyCampaignPage() {
  const { id = '' } = useParams();
  return (
    <RequireAuth>
      <Campaign id={id} />
    </RequireAuth>
  );
}
