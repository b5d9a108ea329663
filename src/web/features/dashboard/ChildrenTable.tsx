import { Anchor, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatNumber, formatPercent } from '../../lib/format';
import { SortHeader } from './SortHeader';
import { nextSort, sortRows } from './stats';
import type { ChildRow, SortState } from './stats';
import classes from './ChildrenTable.module.css';

type ChildKey =
  'name' | 'communes' | 'evaluated' | 'met' | 'metShare' | 'averageCriteriaMet' | 'withMissing';

/**
 * The units below the scope, dense and sortable, header kept in view while scrolling. A row opens
 * the unit's dashboard, or a commune's scorecard.
 */
export function ChildrenTable({
  rows,
  criteriaTotal,
  caption,
  childHref,
}: {
  rows: readonly ChildRow[];
  criteriaTotal: number;
  caption: string;
  childHref: (row: ChildRow) => string;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [sort, setSort] = useState<SortState<ChildKey>>({ key: 'name', direction: 'asc' });
  const sorted = sortRows(rows, sort);
  const onSort = (key: ChildKey) => setSort((current) => nextSort(current, key, key === 'name'));
  const header = (key: ChildKey, label: string) => (
    <SortHeader column={key} label={label} sort={sort} onSort={onSort} numeric={key !== 'name'} />
  );
  return (
    <div className={classes.box}>
      <Table highlightOnHover striped className={classes.table} data-testid="children-table">
        <caption className="visually-hidden">{caption}</caption>
        <Table.Thead>
          <Table.Tr>
            {header('name', t('dashboard.columns.unit'))}
            {header('communes', t('dashboard.columns.communes'))}
            {header('evaluated', t('dashboard.columns.evaluated'))}
            {header('met', t('dashboard.columns.met'))}
            {header('metShare', t('dashboard.columns.metShare'))}
            {header('averageCriteriaMet', t('dashboard.columns.average'))}
            {header('withMissing', t('dashboard.columns.withMissing'))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((row) => {
            const href = childHref(row);
            return (
              <Table.Tr
                key={row.code}
                className={classes.row}
                data-code={row.code}
                onClick={(event) => {
                  // The name is a link already; a click elsewhere in the row follows it too.
                  if ((event.target as HTMLElement).closest('a')) return;
                  void navigate(href);
                }}
              >
                <Table.Td>
                  <Anchor component={Link} to={href} className={classes.name}>
                    {row.name}
                  </Anchor>
                </Table.Td>
                <Table.Td data-numeric>{formatNumber(row.communes)}</Table.Td>
                <Table.Td data-numeric>{formatNumber(row.evaluated)}</Table.Td>
                <Table.Td data-numeric>{formatNumber(row.met)}</Table.Td>
                <Table.Td data-numeric>
                  {row.metShare === null || row.evaluated === 0 ? '—' : formatPercent(row.metShare)}
                </Table.Td>
                <Table.Td data-numeric>
                  {row.averageCriteriaMet === null
                    ? '—'
                    : `${formatNumber(row.averageCriteriaMet, 1)}/${criteriaTotal}`}
                </Table.Td>
                <Table.Td data-numeric>{formatNumber(row.withMissing)}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {sorted.length === 0 && (
        <Text size="sm" c="dimmed" p="md">
          {t('dashboard.children.none')}
        </Text>
      )}
    </div>
  );
}
