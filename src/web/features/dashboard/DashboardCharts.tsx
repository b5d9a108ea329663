import { Anchor, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber, formatPercent } from '../../lib/format';
import { ChartCard, FigureTable } from './ChartCard';
import { EChart } from './charts/EChart';
import {
  bandsOption,
  childrenOption,
  criteriaOption,
  horizontalChartHeight,
  trendOption,
} from './charts/options';
import { bandSegments, criterionShares } from './stats';
import type { BandSegment, ChildRow, CriterionShare, TrendPoint } from './stats';
import type { StatsSummary } from './types';
import classes from './DashboardCharts.module.css';

const percent = (value: number | null) => (value === null ? '—' : formatPercent(value));

interface DashboardChartsProps {
  summary: StatsSummary;
  rows: readonly ChildRow[];
  childMode: 'share' | 'criteria';
  trend: { points: TrendPoint[]; pending: boolean; map: 'year' | 'current' };
  /** Address of the list of communes behind a filter. */
  listHref: (filter: string) => string;
  /** Address a child opens (its dashboard, or a commune's scorecard). */
  childHref: (row: ChildRow) => string;
  onNavigate: (href: string) => void;
}

/** The four charts of a dashboard, each with its table view. */
export function DashboardCharts({
  summary,
  rows,
  childMode,
  trend,
  listHref,
  childHref,
  onNavigate,
}: DashboardChartsProps) {
  // A phone leaves little room beside long names: shorter labels, legends on more lines.
  const compact = useMediaQuery('(max-width: 40em)') ?? false;
  return (
    <div className={classes.grid}>
      <TrendChart trend={trend} />
      <BandsChart summary={summary} listHref={listHref} onNavigate={onNavigate} compact={compact} />
      <CriteriaChart
        summary={summary}
        listHref={listHref}
        onNavigate={onNavigate}
        compact={compact}
      />
      {rows.length > 0 && (
        <ChildrenChart
          compact={compact}
          rows={rows}
          mode={childMode}
          criteriaTotal={summary.set.criteriaTotal}
          childHref={childHref}
          onNavigate={onNavigate}
        />
      )}
    </div>
  );
}

function TrendChart({ trend }: { trend: DashboardChartsProps['trend'] }) {
  const { t } = useTranslation();
  const series = t('dashboard.charts.trend.series');
  const option = useMemo(() => trendOption(trend.points, series), [trend.points, series]);
  const withData = trend.points.filter((point) => point.share !== null);
  const description = t(trend.map === 'current' ? 'dashboard.map.current' : 'dashboard.map.year');
  return (
    <ChartCard
      id="trend"
      title={t('dashboard.charts.trend.title')}
      description={description}
      chart={
        trend.pending && trend.points.length === 0 ? (
          <Text size="sm" c="dimmed" py="lg">
            {t('common.loading')}
          </Text>
        ) : withData.length === 0 ? (
          <Text size="sm" c="dimmed" py="lg">
            {t('dashboard.charts.noData')}
          </Text>
        ) : (
          <EChart
            option={option}
            height={260}
            label={t('dashboard.charts.trend.label', {
              values: withData.map((point) => `${point.year}: ${percent(point.share)}`).join('; '),
            })}
          />
        )
      }
      table={
        trend.pending ? (
          <Text size="sm" c="dimmed" py="lg">
            {t('common.loading')}
          </Text>
        ) : (
          <FigureTable<TrendPoint>
            caption={t('dashboard.charts.trend.title')}
            rows={trend.points}
            rowKey={(point) => String(point.year)}
            columns={[
              { key: 'year', header: t('dashboard.columns.year'), cell: (p) => p.year },
              {
                key: 'communes',
                header: t('dashboard.columns.communes'),
                numeric: true,
                cell: (p) => formatNumber(p.communes),
              },
              {
                key: 'evaluated',
                header: t('dashboard.columns.evaluated'),
                numeric: true,
                cell: (p) => formatNumber(p.evaluated),
              },
              {
                key: 'met',
                header: t('dashboard.columns.met'),
                numeric: true,
                cell: (p) => formatNumber(p.met),
              },
              {
                key: 'share',
                header: t('dashboard.columns.metShare'),
                numeric: true,
                cell: (p) => percent(p.share),
              },
            ]}
          />
        )
      }
    />
  );
}

function BandsChart({
  summary,
  listHref,
  onNavigate,
  compact,
}: {
  summary: StatsSummary;
  listHref: DashboardChartsProps['listHref'];
  onNavigate: DashboardChartsProps['onNavigate'];
  compact: boolean;
}) {
  const { t } = useTranslation();
  const current = useMemo(() => bandSegments(summary, summary.totals), [summary]);
  const previous = useMemo(() => {
    const before = summary.previousYear;
    if (!before || before.set !== summary.set.code || before.totals.evaluated === 0) return null;
    return { year: before.year, segments: bandSegments(summary, before.totals) };
  }, [summary]);
  const names = useMemo(() => {
    const entries = current.map((segment) => [
      segment.key,
      segment.key === 'none' ? t('dashboard.charts.bands.none') : segment.label,
    ]);
    return Object.fromEntries(entries) as Record<BandSegment['key'], string>;
  }, [current, t]);
  const option = useMemo(() => {
    const rows = [{ label: String(summary.year), segments: current }];
    if (previous) rows.push({ label: String(previous.year), segments: previous.segments });
    return bandsOption(rows, names, compact);
  }, [summary.year, current, previous, names, compact]);
  const describe = (segments: readonly BandSegment[]) =>
    segments
      .map((s) => `${names[s.key]}: ${formatNumber(s.count)} (${percent(s.share)})`)
      .join('; ');
  return (
    <ChartCard
      id="bands"
      title={t('dashboard.charts.bands.title')}
      description={t('dashboard.charts.bands.description')}
      chart={
        <EChart
          option={option}
          height={(previous ? 220 : 170) + (compact ? 40 : 0)}
          label={t('dashboard.charts.bands.label', {
            year: summary.year,
            values: describe(current),
          })}
          onItemClick={(data) => {
            // Only this year's bar leads to a list (the lists are of the year shown).
            if (typeof data.filter === 'string') onNavigate(listHref(data.filter));
          }}
        />
      }
      table={
        <FigureTable<BandSegment>
          caption={t('dashboard.charts.bands.title')}
          rows={current}
          rowKey={(segment) => segment.key}
          columns={[
            {
              key: 'band',
              header: t('dashboard.columns.band'),
              cell: (segment) => names[segment.key],
            },
            {
              key: 'count',
              header: t('dashboard.columns.communesIn', { year: summary.year }),
              numeric: true,
              cell: (segment) =>
                segment.count > 0 ? (
                  <Anchor component={Link} to={listHref(segment.filter)}>
                    {formatNumber(segment.count)}
                  </Anchor>
                ) : (
                  '0'
                ),
            },
            {
              key: 'share',
              header: t('dashboard.columns.share'),
              numeric: true,
              cell: (segment) => percent(segment.share),
            },
            ...(previous
              ? [
                  {
                    key: 'previous',
                    header: t('dashboard.columns.communesIn', { year: previous.year }),
                    numeric: true,
                    cell: (segment: BandSegment) => {
                      const before = previous.segments.find((item) => item.key === segment.key);
                      return before
                        ? `${formatNumber(before.count)} (${percent(before.share)})`
                        : '—';
                    },
                  },
                ]
              : []),
          ]}
        />
      }
    />
  );
}

function CriteriaChart({
  summary,
  listHref,
  onNavigate,
  compact,
}: {
  summary: StatsSummary;
  listHref: DashboardChartsProps['listHref'];
  onNavigate: DashboardChartsProps['onNavigate'];
  compact: boolean;
}) {
  const { t } = useTranslation();
  const shares = useMemo(() => criterionShares(summary), [summary]);
  const series = t('dashboard.charts.criteria.series');
  const option = useMemo(() => criteriaOption(shares, series, compact), [shares, series, compact]);
  const judged = shares.some((item) => item.share !== null);
  return (
    <ChartCard
      id="criteria"
      wide
      title={t('dashboard.charts.criteria.title')}
      description={t('dashboard.charts.criteria.description')}
      chart={
        judged ? (
          <EChart
            option={option}
            height={horizontalChartHeight(shares.length)}
            label={t('dashboard.charts.criteria.label', {
              values: shares
                .slice(0, 5)
                .map((item) => `${item.code}. ${item.name}: ${percent(item.share)}`)
                .join('; '),
            })}
            onItemClick={(data) => {
              if (typeof data.code === 'string') {
                onNavigate(listHref(`criterion:${data.code}:not_met`));
              }
            }}
          />
        ) : (
          <Text size="sm" c="dimmed" py="lg">
            {t('dashboard.charts.noData')}
          </Text>
        )
      }
      table={
        <FigureTable<CriterionShare>
          caption={t('dashboard.charts.criteria.title')}
          rows={shares}
          rowKey={(item) => item.code}
          columns={[
            {
              key: 'criterion',
              header: t('dashboard.columns.criterion'),
              cell: (item) => `${item.code}. ${item.name}`,
            },
            {
              key: 'met',
              header: t('dashboard.columns.criterionMet'),
              numeric: true,
              cell: (item) =>
                item.met > 0 ? (
                  <Anchor component={Link} to={listHref(`criterion:${item.code}:met`)}>
                    {formatNumber(item.met)}
                  </Anchor>
                ) : (
                  '0'
                ),
            },
            {
              key: 'notMet',
              header: t('dashboard.columns.criterionNotMet'),
              numeric: true,
              cell: (item) =>
                item.notMet > 0 ? (
                  <Anchor component={Link} to={listHref(`criterion:${item.code}:not_met`)}>
                    {formatNumber(item.notMet)}
                  </Anchor>
                ) : (
                  '0'
                ),
            },
            {
              key: 'missing',
              header: t('dashboard.columns.criterionMissing'),
              numeric: true,
              cell: (item) =>
                item.missing > 0 ? (
                  <Anchor component={Link} to={listHref(`criterion:${item.code}:incomplete`)}>
                    {formatNumber(item.missing)}
                  </Anchor>
                ) : (
                  '0'
                ),
            },
            {
              key: 'share',
              header: t('dashboard.columns.share'),
              numeric: true,
              cell: (item) => percent(item.share),
            },
          ]}
        />
      }
    />
  );
}

function ChildrenChart({
  rows,
  mode,
  criteriaTotal,
  childHref,
  onNavigate,
  compact,
}: {
  compact: boolean;
  rows: readonly ChildRow[];
  mode: 'share' | 'criteria';
  criteriaTotal: number;
  childHref: DashboardChartsProps['childHref'];
  onNavigate: DashboardChartsProps['onNavigate'];
}) {
  const { t } = useTranslation();
  const series =
    mode === 'share'
      ? t('dashboard.charts.children.seriesShare')
      : t('dashboard.charts.children.seriesCriteria');
  const option = useMemo(
    () => childrenOption(rows, mode, criteriaTotal, series, compact),
    [rows, mode, criteriaTotal, series, compact],
  );
  const byCode = useMemo(() => new Map(rows.map((row) => [row.code, row])), [rows]);
  const value = (row: ChildRow) =>
    mode === 'share'
      ? percent(row.metShare)
      : row.averageCriteriaMet === null
        ? '—'
        : `${formatNumber(row.averageCriteriaMet, 1)}/${criteriaTotal}`;
  return (
    <ChartCard
      id="children"
      wide
      title={
        mode === 'share'
          ? t('dashboard.charts.children.titleShare')
          : t('dashboard.charts.children.titleCriteria')
      }
      description={t('dashboard.charts.children.description')}
      chart={
        <div className={classes.scrollChart}>
          <EChart
            option={option}
            height={horizontalChartHeight(rows.length)}
            label={series}
            onItemClick={(data) => {
              const row = typeof data.code === 'string' ? byCode.get(data.code) : undefined;
              if (row) onNavigate(childHref(row));
            }}
          />
        </div>
      }
      table={
        <FigureTable<ChildRow>
          caption={series}
          rows={rows}
          rowKey={(row) => row.code}
          columns={[
            {
              key: 'name',
              header: t('dashboard.columns.unit'),
              cell: (row) => (
                <Anchor component={Link} to={childHref(row)}>
                  {row.name}
                </Anchor>
              ),
            },
            {
              key: 'value',
              header:
                mode === 'share'
                  ? t('dashboard.columns.metShare')
                  : t('dashboard.columns.criteriaMet'),
              numeric: true,
              cell: value,
            },
          ]}
        />
      }
    />
  );
}
