import { Card, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate, formatNumber, formatPercent } from '../../lib/format';
import { paths } from '../../app/paths';
import { metShare, missingShare, unevaluatedCount, yearChange } from './stats';
import type { YearChange } from './stats';
import type { StatsSummary } from './types';
import classes from './FigureCards.module.css';

interface FigureProps {
  id: string;
  to: string;
  label: string;
  value: ReactNode;
  /** The raw figure, for tests and tools reading the page. */
  raw: number | null;
  detail: ReactNode;
  extra?: ReactNode;
}

function Figure({ id, to, label, value, raw, detail, extra }: FigureProps) {
  const { t } = useTranslation();
  return (
    <Card
      component={Link}
      to={to}
      withBorder
      radius="md"
      padding="md"
      className={classes.figure}
      data-testid={`figure-${id}`}
      data-value={raw ?? ''}
    >
      <Text className={classes.label}>{label}</Text>
      <Text className={classes.value} data-testid="figure-value">
        {value}
      </Text>
      <Text size="sm" className={classes.detail}>
        {detail}
      </Text>
      {extra}
      <Text size="sm" className={classes.open}>
        {t('dashboard.figures.openList')}
        <span aria-hidden="true"> ›</span>
      </Text>
    </Card>
  );
}

/** "▲ 8,9 điểm so với năm 2024": the arrow and the word, never the colour alone. */
export function ChangeLine({ change }: { change: YearChange | null }) {
  const { t } = useTranslation();
  if (!change) return null;
  const points = Math.round(change.points * 10) / 10;
  const direction = points > 0 ? 'up' : points < 0 ? 'down' : 'same';
  const arrow = direction === 'up' ? '▲' : direction === 'down' ? '▼' : '=';
  return (
    <Text
      size="sm"
      className={classes.change}
      data-direction={direction}
      data-testid="figure-change"
    >
      <span aria-hidden="true">{arrow} </span>
      {t(`dashboard.figures.change.${direction}`, {
        points: formatNumber(Math.abs(points), 1),
        year: change.previousYear,
      })}
    </Text>
  );
}

/** The header figures of a dashboard; each opens the list of communes behind it. */
export function FigureCards({
  summary,
  listHref,
}: {
  summary: StatsSummary;
  listHref: (filter: string) => string;
}) {
  const { t } = useTranslation();
  const totals = summary.totals;
  const share = metShare(totals);
  const missing = missingShare(totals);
  const unevaluated = unevaluatedCount(totals);
  const change = yearChange(summary);
  const previous = summary.previousYear;
  return (
    <section aria-labelledby="figures-title" className={classes.section}>
      <h2 id="figures-title" className="visually-hidden">
        {t('dashboard.figures.title')}
      </h2>
      <div className={classes.grid}>
        <Figure
          id="met"
          to={listHref('met')}
          label={t('dashboard.figures.met', { total: summary.set.criteriaTotal })}
          value={formatNumber(totals.met)}
          raw={totals.met}
          detail={t('dashboard.figures.metDetail', {
            share: share === null ? '—' : formatPercent(share),
            communes: formatNumber(totals.communes),
          })}
          extra={
            change ? (
              <ChangeLine change={change} />
            ) : previous ? (
              <Text size="sm" c="dimmed">
                {t('dashboard.figures.noPrevious', { year: previous.year })}
              </Text>
            ) : null
          }
        />
        {summary.recognised ? (
          <Figure
            id="recognised"
            to={
              summary.unit?.level === 'province'
                ? `${paths.recognitions}?tinh=${summary.unit.code}&nam=${summary.year}`
                : paths.recognitions
            }
            label={t('dashboard.figures.recognised')}
            value={formatNumber(summary.recognised.count)}
            raw={summary.recognised.count}
            detail={t('dashboard.figures.recognisedDetail', {
              date: formatDate(summary.recognised.asOf),
            })}
          />
        ) : null}
        <Figure
          id="average"
          to={listHref('all')}
          label={t('dashboard.figures.average')}
          value={
            totals.averageCriteriaMet === null ? (
              '—'
            ) : (
              <>
                {formatNumber(totals.averageCriteriaMet, 1)}
                <span className={classes.of}>/{summary.set.criteriaTotal}</span>
              </>
            )
          }
          raw={totals.averageCriteriaMet}
          detail={t('dashboard.figures.averageDetail', {
            evaluated: formatNumber(totals.evaluated),
          })}
        />
        <Figure
          id="missing"
          to={listHref('missing')}
          label={t('dashboard.figures.missing')}
          value={missing === null ? '—' : formatPercent(missing)}
          raw={totals.withMissing}
          detail={t('dashboard.figures.missingDetail', {
            communes: formatNumber(totals.withMissing),
            cells: formatNumber(totals.missingCells),
          })}
          extra={
            <Text size="sm" c="dimmed" data-testid="figure-outcomes">
              {t('dashboard.figures.outcomes', {
                notMet: formatNumber(totals.notMet),
                incomplete: formatNumber(totals.incomplete),
              })}
            </Text>
          }
        />
        <Figure
          id="unevaluated"
          to={listHref('unevaluated')}
          label={t('dashboard.figures.unevaluated')}
          value={formatNumber(unevaluated)}
          raw={unevaluated}
          detail={t(
            summary.approvedOnly
              ? 'dashboard.figures.unevaluatedApproved'
              : 'dashboard.figures.unevaluatedDetail',
            { communes: formatNumber(totals.communes) },
          )}
          extra={
            totals.unclassified > 0 ? (
              <Text size="sm" c="dimmed">
                {t('dashboard.figures.unclassified', { n: formatNumber(totals.unclassified) })}
              </Text>
            ) : null
          }
        />
      </div>
    </section>
  );
}
