import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Group,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { loginPath, YEAR_PARAM } from '../app/paths';
import { IconAlert, IconCheck, IconEdit, IconInfo, IconLogin } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { StatusBadge } from '../components/StatusBadge';
import { CriterionCard } from '../features/dashboard/CriterionCard';
import { IconCross, IconPrinter } from '../features/dashboard/icons';
import { dashboardPath, entryPath, SET_PARAM } from '../features/dashboard/params';
import { buildScorecard, criteriaByVerdict } from '../features/dashboard/scorecard';
import type { ScorecardCriterion } from '../features/dashboard/scorecard';
import { SubmissionWord } from '../features/dashboard/StatusWords';
import type { CommuneValues } from '../features/dashboard/types';
import { classReasonLabel } from '../features/units/classReason';
import {
  useCommuneValues,
  useDefaultCommuneSet,
  useSetDefinition,
} from '../features/dashboard/useStats';
import { unitAddress } from '../features/units/display';
import { currentLanguage } from '../i18n';
import { ApiError } from '../lib/api';
import { formatDate, formatNumber, todayIso } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import type { CriteriaSet } from '../../domain/criteria/types';
import classes from './DashboardCommunePage.module.css';

function readYear(text: string | null): number {
  const year = Number(text);
  return Number.isInteger(year) && year >= 2000 && year <= 2100
    ? year
    : new Date().getFullYear() - 1;
}

/**
 * A commune's scorecard for a year: its criteria as cards met / not met / missing data, each
 * failure with its reason, the rule's source and the evidence; a link to enter the data for
 * people who may. Address: /bang-dieu-khien/xa/04381?nam=2025&bo=xa-ntm-2021-2025.
 */
export default function DashboardCommunePage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const [search] = useSearchParams();
  const year = readYear(search.get(YEAR_PARAM));
  const setParam = search.get(SET_PARAM) || undefined;
  const defaultSet = useDefaultCommuneSet(year, setParam === undefined);
  const set = setParam ?? defaultSet.data ?? undefined;
  const values = useCommuneValues(code, set, year);
  const definition = useSetDefinition(set);
  useDocumentTitle(values.data ? values.data.unit.name : t('dashboard.scorecard.title'));

  const error = defaultSet.error ?? values.error ?? definition.error;
  if (error) return <ScorecardError error={error} code={code} />;
  if (setParam === undefined && defaultSet.data === null) {
    return (
      <ScorecardError error={new Error(t('dashboard.scorecard.noSet', { year }))} code={code} />
    );
  }
  if (!values.data || !definition.data) return <PageLoader />;
  return <ScorecardView data={values.data} set={definition.data} />;
}

function ScorecardError({ error, code }: { error: Error; code: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  const status = error instanceof ApiError ? error.status : 0;
  return (
    <Stack gap="md" maw={720}>
      <Title order={1}>{t('dashboard.scorecard.title')}</Title>
      {status === 401 ? (
        <Alert color="blue" variant="light" icon={<IconInfo />} role="alert">
          <Stack gap="sm" align="flex-start">
            <Text size="sm">{t('dashboard.scorecard.loginNeeded')}</Text>
            <Button
              component={Link}
              to={loginPath(location.pathname + location.search)}
              leftSection={<IconLogin size={18} />}
            >
              {t('nav.login')}
            </Button>
          </Stack>
        </Alert>
      ) : (
        <Alert
          color={status === 403 ? 'orange' : 'red'}
          variant="light"
          icon={<IconAlert />}
          role="alert"
        >
          {status === 403 ? t('dashboard.scorecard.forbidden', { code }) : error.message}
        </Alert>
      )}
      <div>
        <Button component={Link} to={dashboardPath({})} variant="default">
          {t('dashboard.scorecard.backToDashboard')}
        </Button>
      </div>
    </Stack>
  );
}

type Show = 'all' | 'failing' | 'met';

function ScorecardView({ data, set }: { data: CommuneValues; set: CriteriaSet }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const scorecard = useMemo(() => buildScorecard(set, data, language), [set, data, language]);
  const groups = criteriaByVerdict(scorecard);
  const [show, setShow] = useState<Show>('all');
  const shown = scorecard.criteria.filter((criterion: ScorecardCriterion) =>
    show === 'all'
      ? true
      : show === 'met'
        ? criterion.status === 'met'
        : criterion.status !== 'met',
  );
  const { unit } = data;
  const parent = unit.ancestors[unit.ancestors.length - 1];
  const classInfo = data.unitClass ? set.classInfo[data.unitClass] : undefined;
  const className = data.unitClass ? (classInfo?.name ?? classInfo?.label ?? data.unitClass) : null;
  const at = (code?: string) => dashboardPath({ unit: code, year: data.year });
  const classReason = classReasonLabel(
    data.classReason,
    t,
    (value) => set.classInfo[value]?.label ?? value,
  );

  return (
    <Stack gap="lg" className={classes.page} data-testid="scorecard">
      <nav aria-label={t('dashboard.breadcrumb')}>
        <Breadcrumbs separator="›" separatorMargin={6} className={classes.breadcrumbs}>
          <Anchor component={Link} to={at()} className={classes.crumb}>
            {t('dashboard.country')}
          </Anchor>
          {unit.ancestors.map((ancestor) => (
            <Anchor
              key={ancestor.code}
              component={Link}
              to={at(ancestor.code)}
              className={classes.crumb}
            >
              {ancestor.name}
            </Anchor>
          ))}
          <Text span aria-current="page" className={classes.crumb}>
            {unit.name}
          </Text>
        </Breadcrumbs>
      </nav>

      <Stack gap={6}>
        <Title order={1}>{t('dashboard.scorecard.heading', { name: unit.name })}</Title>
        <Text fw={600} data-testid="scorecard-unit">
          {unitAddress(unit.name, unit.ancestors)}
          {unit.validTo &&
            ` (${t('dashboard.scorecard.until', { date: formatDate(unit.validTo) })})`}
        </Text>
        <Text size="sm" c="dimmed">
          {t('dashboard.scorecard.yearSet', { year: data.year, set: data.set.name })}
          {className && ` · ${t('dashboard.scorecard.class', { name: className })}`}
        </Text>
        {classReason && (
          <Text size="sm" data-testid="scorecard-class-reason">
            {classReason}
          </Text>
        )}
        <Text size="sm">{t('dashboard.madeOn', { date: formatDate(todayIso()) })}</Text>
      </Stack>

      <Group gap="sm" wrap="wrap" data-testid="scorecard-summary">
        {!scorecard.classified ? (
          <StatusBadge tone="warning" icon={<IconInfo size={16} />}>
            {t('dashboard.result.unclassified')}
          </StatusBadge>
        ) : scorecard.criteriaMet === scorecard.criteriaTotal ? (
          <StatusBadge tone="success" icon={<IconCheck size={16} />}>
            {t('dashboard.result.met')}
          </StatusBadge>
        ) : (
          <StatusBadge tone="danger" icon={<IconCross size={16} />}>
            {t('dashboard.result.notMet')}
          </StatusBadge>
        )}
        {scorecard.criteriaMet !== null && (
          <Text fw={700} data-testid="scorecard-score">
            {t('dashboard.scorecard.score', {
              met: scorecard.criteriaMet,
              total: scorecard.criteriaTotal,
            })}
          </Text>
        )}
        <SubmissionWord status={data.submission.status} />
        {scorecard.missing > 0 && (
          <Text size="sm">
            {t('dashboard.scorecard.missing', { n: formatNumber(scorecard.missing) })}
          </Text>
        )}
      </Group>

      {!scorecard.classified && (
        <Alert color="orange" variant="light" icon={<IconInfo />}>
          {t('dashboard.scorecard.unclassifiedHint')}
        </Alert>
      )}
      {scorecard.classified && (groups.not_met.length > 0 || groups.missing.length > 0) && (
        <Text size="sm" data-testid="scorecard-failing">
          {groups.not_met.length > 0 &&
            t('dashboard.scorecard.failingList', { list: groups.not_met.join(', ') })}
          {groups.not_met.length > 0 && groups.missing.length > 0 && ' · '}
          {groups.missing.length > 0 &&
            t('dashboard.scorecard.missingList', { list: groups.missing.join(', ') })}
        </Text>
      )}

      <Group gap="sm" className={classes.actions}>
        {data.permissions.edit && (
          <Button
            component={Link}
            to={entryPath(unit.code, data.year, data.set.code)}
            leftSection={<IconEdit size={18} />}
            data-testid="scorecard-edit"
          >
            {t('dashboard.scorecard.edit')}
          </Button>
        )}
        {parent && (
          <Button component={Link} to={at(parent.code)} variant="default">
            {t('dashboard.scorecard.backTo', { name: parent.name })}
          </Button>
        )}
        <Button
          variant="default"
          leftSection={<IconPrinter size={18} />}
          onClick={() => window.print()}
        >
          {t('dashboard.export.print')}
        </Button>
      </Group>

      <section aria-labelledby="criteria-title">
        <Group justify="space-between" align="flex-end" gap="sm" mb="sm">
          <Title order={2} id="criteria-title">
            {t('dashboard.scorecard.criteriaTitle', { total: scorecard.criteriaTotal })}
          </Title>
          <SegmentedControl
            value={show}
            onChange={(value) => setShow(value)}
            className={classes.filter}
            classNames={{ label: classes.filterLabel }}
            aria-label={t('dashboard.scorecard.show')}
            data={[
              { value: 'all', label: t('dashboard.scorecard.showAll') },
              { value: 'failing', label: t('dashboard.scorecard.showFailing') },
              { value: 'met', label: t('dashboard.scorecard.showMet') },
            ]}
          />
        </Group>
        <ul className={classes.grid}>
          {shown.map((criterion) => (
            <CriterionCard key={criterion.code} criterion={criterion} />
          ))}
        </ul>
        {shown.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('dashboard.scorecard.noneShown')}
          </Text>
        )}
      </section>
      <Text size="sm" c="dimmed">
        {t('dashboard.scorecard.basis', { basis: data.set.basis })}
      </Text>
    </Stack>
  );
}
