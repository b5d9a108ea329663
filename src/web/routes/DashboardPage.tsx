import { Alert, Anchor, Breadcrumbs, Button, Group, Stack, Text, Title } from '@mantine/core';
import { Suspense, lazy, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { IconAlert, IconInfo, IconRefresh } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { ChildrenTable } from '../features/dashboard/ChildrenTable';
import { useSession } from '../features/auth/session';
import { CommunesModal } from '../features/dashboard/CommunesModal';
import { DashboardCharts } from '../features/dashboard/DashboardCharts';
import { DashboardControls, ExportButtons } from '../features/dashboard/DashboardControls';
import { FigureCards } from '../features/dashboard/FigureCards';
import {
  dashboardPath,
  FIRST_YEAR,
  readDashboardParams,
  scorecardPath,
} from '../features/dashboard/params';
import type { DashboardParams } from '../features/dashboard/params';
import { childRows, trendPoints } from '../features/dashboard/stats';
import type { ChildRow } from '../features/dashboard/stats';
import type { MapMode, StatsScope, StatsSummary } from '../features/dashboard/types';
import { useLatestYear, useStatsSummary, useTrendSummaries } from '../features/dashboard/useStats';
import { isOcopOffice } from '../features/ocop/roles';
import { TargetsSection } from '../features/targets/TargetsSection';
import { REFORM_DATE } from '../features/units/display';
import { useUnit } from '../features/units/useUnits';
import { ApiError } from '../lib/api';
import { formatClock, formatDate, formatNumber } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import classes from './DashboardPage.module.css';

/** OCOP's figures for offices, in their own chunk (not every reader of the dashboard needs it). */
const OcopStatsCard = lazy(() => import('../features/ocop/OcopStatsCard'));

/**
 * The NTM dashboard of the country or a unit for a year: figures that each open the communes behind
 * them, charts with table views, the units below (drill-down to a commune's scorecard), targets,
 * report downloads and a printable A4 layout. Address: /bang-dieu-khien?don-vi=15&nam=2025.
 */
export default function DashboardPage() {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const params = readDashboardParams(search);
  const latest = useLatestYear(params.unit, params.map, params.set, params.year === undefined);
  useDocumentTitle(t('dashboard.title'));
  const year = params.year ?? latest.data;
  if (year === undefined) {
    if (latest.isError) {
      return (
        <Stack gap="md" maw={720}>
          <Title order={1}>{t('dashboard.title')}</Title>
          <LoadError error={latest.error} onRetry={() => void latest.refetch()} />
        </Stack>
      );
    }
    return <PageLoader />;
  }
  return <DashboardView params={{ ...params, year }} />;
}

type ResolvedParams = DashboardParams & { year: number };

function LoadError({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{error.message}</Text>
        <Button
          size="sm"
          variant="default"
          leftSection={<IconRefresh size={16} />}
          onClick={onRetry}
        >
          {t('common.retry')}
        </Button>
      </Stack>
    </Alert>
  );
}

/** The trend is read on today's map when the page is (or when the year is after the reform). */
function trendMap(params: ResolvedParams): MapMode {
  return params.map === 'current' || params.year >= Number(REFORM_DATE.slice(0, 4))
    ? 'current'
    : 'year';
}

function DashboardView({ params }: { params: ResolvedParams }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const scope: StatsScope = {
    unit: params.unit,
    year: params.year,
    map: params.map,
    set: params.set,
  };
  const summary = useStatsSummary(scope);
  const base = { unit: params.unit, year: params.year, map: params.map, set: params.set };
  const listHref = (filter: string) => dashboardPath({ ...base, list: filter });
  const go = (changes: Partial<DashboardParams>, replace = false) =>
    void navigate(dashboardPath({ ...base, ...changes }), { replace });
  const session = useSession();

  return (
    <Stack gap="lg" className={classes.page} data-testid="dashboard">
      <Stack gap={6}>
        <Title order={1}>{t('dashboard.title')}</Title>
        {summary.data && <DashboardBreadcrumbs summary={summary.data} params={params} />}
      </Stack>
      <Group justify="space-between" align="flex-end" gap="sm" className={classes.toolbar}>
        <DashboardControls
          year={params.year}
          map={params.map}
          onYear={(year) => go({ year })}
          onMap={(map) => go({ map })}
        />
        <ExportButtons scope={scope} />
      </Group>
      {isOcopOffice(session.data) && (
        <Suspense fallback={null}>
          <OcopStatsCard withLink />
        </Suspense>
      )}
      {summary.isPending ? (
        <PageLoader />
      ) : summary.isError ? (
        <SummaryError
          error={summary.error}
          params={params}
          onRetry={() => void summary.refetch()}
        />
      ) : (
        <DashboardBody
          summary={summary.data}
          params={params}
          scope={scope}
          stale={summary.isPlaceholderData}
          listHref={listHref}
          onNavigate={(href) => void navigate(href)}
          onCloseList={() => go({ list: undefined }, true)}
          onListPage={(page) => go({ list: params.list, page }, true)}
        />
      )}
    </Stack>
  );
}

function SummaryError({
  error,
  params,
  onRetry,
}: {
  error: Error;
  params: ResolvedParams;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  const notFound = error instanceof ApiError && error.status === 404 && params.unit !== undefined;
  if (!notFound) return <LoadError error={error} onRetry={onRetry} />;
  // The code names no unit on that year's map (a district after the reform, a merged commune).
  return (
    <Alert color="orange" variant="light" icon={<IconAlert />} role="alert">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{error.message}</Text>
        <Group gap="sm">
          <Button
            component={Link}
            to={dashboardPath({ year: params.year, map: params.map })}
            variant="default"
          >
            {t('dashboard.country')}
          </Button>
          {params.map === 'year' && (
            <Button
              component={Link}
              to={dashboardPath({ unit: params.unit, year: params.year, map: 'current' })}
              variant="default"
            >
              {t('dashboard.map.current')}
            </Button>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}

function DashboardBreadcrumbs({
  summary,
  params,
}: {
  summary: StatsSummary;
  params: ResolvedParams;
}) {
  const { t } = useTranslation();
  const unit = useUnit(params.unit ?? '', params.unit ? summary.reportingDate : undefined);
  const at = (code?: string) =>
    dashboardPath({ unit: code, year: params.year, map: params.map, set: params.set });
  const crumbs = [
    <Anchor key="country" component={Link} to={at()} className={classes.crumb}>
      {t('dashboard.country')}
    </Anchor>,
  ];
  if (summary.unit) {
    for (const ancestor of unit.data?.ancestors ?? []) {
      crumbs.push(
        <Anchor
          key={ancestor.code}
          component={Link}
          to={at(ancestor.code)}
          className={classes.crumb}
        >
          {ancestor.name}
        </Anchor>,
      );
    }
    crumbs.push(
      <Text key="here" span aria-current="page" className={classes.crumb}>
        {summary.unit.name}
      </Text>,
    );
  }
  return (
    <nav aria-label={t('dashboard.breadcrumb')}>
      <Breadcrumbs separator="›" separatorMargin={6} className={classes.breadcrumbs}>
        {crumbs}
      </Breadcrumbs>
    </nav>
  );
}

interface DashboardBodyProps {
  summary: StatsSummary;
  params: ResolvedParams;
  scope: StatsScope;
  stale: boolean;
  listHref: (filter: string) => string;
  onNavigate: (href: string) => void;
  onCloseList: () => void;
  onListPage: (page: number) => void;
}

function DashboardBody({
  summary,
  params,
  scope,
  stale,
  listHref,
  onNavigate,
  onCloseList,
  onListPage,
}: DashboardBodyProps) {
  const { t } = useTranslation();
  const scopeName = summary.unit?.name ?? t('dashboard.country');
  const { rows, hidden } = useMemo(() => childRows(summary.children), [summary.children]);
  const communesBelow = rows.length > 0 && rows.every((row) => row.level === 'commune');
  const childMode = communesBelow && params.map === 'year' ? 'criteria' : 'share';
  const childHref = (row: ChildRow) =>
    row.level === 'commune' && params.map === 'year'
      ? scorecardPath(row.code, params.year, summary.set.code)
      : dashboardPath({ unit: row.code, year: params.year, map: params.map, set: params.set });

  const map = trendMap(params);
  const years = useMemo(() => {
    const list: number[] = [];
    for (let year = FIRST_YEAR; year <= params.year; year++) list.push(year);
    return list;
  }, [params.year]);
  const trend = useTrendSummaries({ unit: params.unit, map, set: undefined }, years);
  const points = useMemo(() => trendPoints(trend.summaries), [trend.summaries]);

  const childLevel = rows[0]?.level ?? 'commune';
  const showTargets =
    summary.unit === null ||
    (summary.unit.level === 'province' && summary.reportingDate >= REFORM_DATE);

  return (
    <Stack gap="lg" data-stale={stale || undefined} className={classes.body}>
      <Stack gap={4} data-testid="dashboard-heading">
        <Text size="lg" fw={700} data-testid="dashboard-scope">
          {t('dashboard.scopeYear', { scope: scopeName, year: summary.year })}
        </Text>
        <Text size="sm" c="dimmed">
          {summary.set.name} ·{' '}
          {t(summary.map === 'current' ? 'dashboard.map.current' : 'dashboard.map.year')}
          {' · '}
          {t('dashboard.reportingDate', { date: formatDate(summary.reportingDate) })}
        </Text>
        <Text size="sm" data-testid="report-date">
          {t('dashboard.madeOn', { date: formatDate(new Date(summary.generatedAt)) })}
          {' · '}
          {t('dashboard.updatedAt', { time: formatClock(new Date(summary.generatedAt)) })}
        </Text>
      </Stack>

      {summary.approvedOnly && (
        <Alert
          color="blue"
          variant="light"
          icon={<IconInfo />}
          title={t('dashboard.approvedOnly')}
          data-testid="approved-only"
          className={classes.notice}
        >
          {t('dashboard.approvedOnlyHint')}
        </Alert>
      )}

      <FigureCards summary={summary} listHref={listHref} />
      {summary.totals.unmapped > 0 && (
        <Text size="sm" c="dimmed">
          {t('dashboard.unmapped', { n: formatNumber(summary.totals.unmapped) })}
        </Text>
      )}

      <section aria-labelledby="charts-title">
        <Title order={2} id="charts-title" mb="xs">
          {t('dashboard.charts.title')}
        </Title>
        <DashboardCharts
          summary={summary}
          rows={rows}
          childMode={childMode}
          trend={{ points, pending: trend.pending, map }}
          listHref={listHref}
          childHref={childHref}
          onNavigate={onNavigate}
        />
      </section>

      {(rows.length > 0 || hidden > 0) && (
        <section aria-labelledby="children-title" className={classes.children}>
          <Title order={2} id="children-title" mb={4}>
            {t(
              `dashboard.children.title.${childLevel === 'province' ? 'province' : childLevel === 'district' ? 'district' : 'commune'}`,
              {
                scope: scopeName,
              },
            )}
          </Title>
          <Text size="sm" c="dimmed" mb="xs">
            {childMode === 'criteria'
              ? t('dashboard.children.hintCommunes')
              : t('dashboard.children.hint')}
            {hidden > 0 && ` ${t('dashboard.children.hidden', { n: hidden })}`}
          </Text>
          <ChildrenTable
            rows={rows}
            criteriaTotal={summary.set.criteriaTotal}
            caption={scopeName}
            childHref={childHref}
          />
        </section>
      )}

      {showTargets && <TargetsSection unit={summary.unit?.code} year={summary.year} />}

      {params.list && (
        <CommunesModal
          scope={scope}
          summary={summary}
          filter={params.list}
          page={params.page}
          scopeName={scopeName}
          onPage={onListPage}
          onClose={onCloseList}
          communeHref={(commune) => scorecardPath(commune.code, params.year, summary.set.code)}
        />
      )}
    </Stack>
  );
}
