import { Table, UnstyledButton } from '@mantine/core';
import { IconSort } from './icons';
import type { SortState } from './stats';
import classes from './SortHeader.module.css';

/** A column header that sorts the table (aria-sort tells screen readers the order). */
export function SortHeader<K extends string>({
  column,
  label,
  sort,
  onSort,
  numeric,
}: {
  column: K;
  label: string;
  sort: SortState<K>;
  onSort: (column: K) => void;
  numeric?: boolean;
}) {
  const active = sort.key === column;
  const direction = active ? sort.direction : null;
  return (
    <Table.Th
      scope="col"
      aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'}
      data-numeric={numeric || undefined}
      className={classes.th}
    >
      <UnstyledButton
        className={classes.button}
        onClick={() => onSort(column)}
        data-numeric={numeric || undefined}
      >
        <span>{label}</span>
        <IconSort sorting={direction} size={16} className={classes.icon} />
      </UnstyledButton>
    </Table.Th>
  );
}
