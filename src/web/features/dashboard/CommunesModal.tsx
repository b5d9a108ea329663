import { Anchor, Group, Modal, Pagination, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber } from '../../lib/format';
import { PageLoader } from '../../components/PageLoader';
import { SortHeader } from './SortHeader';
import { CommuneResult, SubmissionWord } from './StatusWords';
import { expectedCount, nextSort, sortCommunes } from './stats';
import type { CommuneSortKey, SortState } from './stats';
import { useStatsCommunes } from './useStats';
import type { StatsCommune, StatsScope, StatsSummary } from './types';
import classes from './CommunesModal.module.css';

/** Rows per page of the list. */
export const LIST_PAGE_SIZE = 100;
/** Up to this many communes, the whole list is read at once and sorted in the browser. */
const WHOLE_LIST = 500;

/** What a list is: "Xã đạt chuẩn", "Xã chưa đạt tiêu chí 17. Môi trường", "Xã đạt 15–18 tiêu chí"… */
export function filterTitle(
  filter: string,
  summary: Pick<StatsSummary, 'bands' | 'criteria' | 'indicators'>,
  t: TFunction,
): string {
  switch (filter) {
    case 'all':
    case 'met':
    case 'missing':
    case 'unclassified':
    case 'unevaluated':
      return t(`dashboard.list.filter.${filter}`);
    case 'not_met':
      return t('dashboard.list.filter.notMet');
    case 'incomplete':
      return t('dashboard.list.filter.incomplete');
  }
  const [kind, code = '', status = ''] = filter.split(':');
  if (kind === 'band') {
    const band = summary.bands.find((item) => item.key === code);
    return t('dashboard.list.filter.band', { band: band?.label ?? code });
  }
  if (kind === 'criterion') {
    const name = summary.criteria.find((item) => item.code === code)?.name ?? '';
    const criterion = `${code}. ${name}`;
    if (status === 'incomplete') {
      return t('dashboard.list.filter.criterionMissing', { criterion });
    }
    return status === 'met'
      ? t('dashboard.list.filter.criterionMet', { criterion })
      : t('dashboard.list.filter.criterionNotMet', { criterion });
  }
  const name = summary.indicators.find((item) => item.code === code)?.name ?? '';
  const indicator = `${code}. ${name}`;
  if (status === 'met') return t('dashboard.list.filter.indicatorMet', { indicator });
  if (status === 'missing') return t('dashboard.list.filter.indicatorMissing', { indicator });
  return t('dashboard.list.filter.indicatorNotMet', { indicator });
}

interface CommunesModalProps {
  scope: StatsScope;
  summary: StatsSummary;
  filter: string;
  page: number;
  scopeName: string;
  onPage: (page: number) => void;
  onClose: () => void;
  /** A commune's scorecard. */
  communeHref: (commune: StatsCommune) => string;
}

/**
 * The communes behind a figure (the same scope and filter the figure was counted with), paged,
 * sortable, each opening its scorecard.
 */
export function CommunesModal({
  scope,
  summary,
  filter,
  page,
  scopeName,
  onPage,
  onClose,
  communeHref,
}: CommunesModalProps) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  const [sort, setSort] = useState<SortState<CommuneSortKey>>({ key: 'name', direction: 'asc' });
  const expected = expectedCount(filter, summary);
  // A short list is read whole, then sorted and paged here; a long one page by page from the
  // server (in Vietnamese order), a sort then ordering the page shown.
  const whole = expected !== null && expected <= WHOLE_LIST;
  const communes = useStatsCommunes(scope, {
    filter,
    page: whole ? 1 : page,
    pageSize: whole ? WHOLE_LIST : LIST_PAGE_SIZE,
  });
  const title = filterTitle(filter, summary, t);
  const data = communes.data;
  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / LIST_PAGE_SIZE));
  const current = Math.min(page, pages);
  let shown: StatsCommune[] = [];
  if (data) {
    const sorted =
      sort.key === 'name' && sort.direction === 'asc' ? data.items : sortCommunes(data.items, sort);
    shown = whole ? sorted.slice((current - 1) * LIST_PAGE_SIZE, current * LIST_PAGE_SIZE) : sorted;
  }
  const onSort = (key: CommuneSortKey) =>
    setSort((value) => nextSort(value, key, key === 'name' || key === 'parents'));
  const header = (key: CommuneSortKey, label: string, numeric = false) => (
    <SortHeader column={key} label={label} sort={sort} onSort={onSort} numeric={numeric} />
  );

  return (
    <Modal
      opened
      onClose={onClose}
      size="72rem"
      fullScreen={!!phone}
      title={
        <span className={classes.title}>
          {title}
          <Text span c="dimmed" fw={500} size="sm" className={classes.scope}>
            {t('dashboard.list.scope', { scope: scopeName, year: scope.year })}
          </Text>
        </span>
      }
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack gap="sm" data-testid="communes-list">
        {communes.isPending ? (
          <PageLoader />
        ) : communes.isError ? (
          <Text c="red" role="alert">
            {communes.error.message}
          </Text>
        ) : (
          <>
            <Group justify="space-between" gap="xs">
              <Text fw={600} data-testid="communes-total" data-value={total}>
                {t('dashboard.list.total', { n: formatNumber(total) })}
              </Text>
              {!whole && pages > 1 && (
                <Text size="sm" c="dimmed">
                  {t('dashboard.list.sortPageOnly')}
                </Text>
              )}
            </Group>
            {total === 0 ? (
              <Text c="dimmed">{t('dashboard.list.empty')}</Text>
            ) : (
              <div className={classes.box}>
                <Table striped highlightOnHover className={classes.table}>
                  <caption className="visually-hidden">{title}</caption>
                  <Table.Thead>
                    <Table.Tr>
                      {header('name', t('dashboard.columns.commune'))}
                      {header('parents', t('dashboard.columns.parents'))}
                      <Table.Th scope="col">{t('dashboard.columns.result')}</Table.Th>
                      {header('criteriaMet', t('dashboard.columns.criteriaMet'), true)}
                      {header('indicatorsMissing', t('dashboard.columns.indicatorsMissing'), true)}
                      <Table.Th scope="col">{t('dashboard.columns.submission')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {shown.map((commune) => (
                      <Table.Tr
                        key={commune.code}
                        data-testid="commune-row"
                        data-code={commune.code}
                      >
                        <Table.Td>
                          <Anchor
                            component={Link}
                            to={communeHref(commune)}
                            className={classes.name}
                          >
                            {commune.name}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{commune.parents}</Table.Td>
                        <Table.Td>
                          <CommuneResult status={commune.status} />
                        </Table.Td>
                        <Table.Td data-numeric>
                          {commune.criteriaMet === null
                            ? '—'
                            : `${commune.criteriaMet}/${summary.set.criteriaTotal}`}
                        </Table.Td>
                        <Table.Td data-numeric>
                          {commune.indicatorsMissing === null
                            ? '—'
                            : formatNumber(commune.indicatorsMissing)}
                        </Table.Td>
                        <Table.Td>
                          <SubmissionWord status={commune.submission} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </div>
            )}
            {pages > 1 && (
              <Pagination
                total={pages}
                value={current}
                onChange={onPage}
                getControlProps={(control) => ({ 'aria-label': t(`pagination.${control}`) })}
                getItemProps={(n) => ({ 'aria-label': t('pagination.page', { n }) })}
                aria-label={t('dashboard.list.pages')}
              />
            )}
          </>
        )}
      </Stack>
    </Modal>
  );
}
