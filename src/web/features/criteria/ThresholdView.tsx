import { Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { opSymbol } from '../../../domain/criteria/format';
import { IconInfo } from '../../components/icons';
import { formatNumber } from '../../lib/format';
import { thresholdTable, type ThresholdCell, type ThresholdColumn } from './thresholdTable';
import type { CriteriaSet, Indicator } from './types';
import classes from './ThresholdView.module.css';

interface ThresholdViewProps {
  indicator: Indicator;
  set: Pick<CriteriaSet, 'classes' | 'classInfo' | 'classification'>;
}

/** A threshold in words: "≥ 80%", "≤ 16,5%", "≥ 45 triệu đồng/người/năm", "Đạt". */
function CellText({
  cell,
  unit,
  short = false,
}: {
  cell: ThresholdCell;
  unit: string | null;
  /** In a table: a short word, explained by a note under the table. */
  short?: boolean;
}) {
  const { t } = useTranslation();
  if (cell.kind === 'judgement') {
    return (
      <span className={classes.judgement}>
        <IconInfo size={14} className={classes.judgementIcon} />
        <span>{short ? t('criteria.threshold.judged') : t('criteria.threshold.judgement')}</span>
        <span className="visually-hidden"> ({t('criteria.unverified')})</span>
      </span>
    );
  }
  if (cell.kind === 'none') {
    return <span className={classes.none}>{t('criteria.threshold.none')}</span>;
  }
  let text: string;
  if (typeof cell.value === 'boolean') {
    text = cell.value ? t('criteria.threshold.met') : t('criteria.threshold.notMet');
  } else {
    const number = formatNumber(cell.value, 3);
    const quantity = !unit ? number : unit === '%' ? `${number}%` : `${number} ${unit}`;
    text = `${opSymbol(cell.op)} ${quantity}`;
  }
  return (
    <span className={classes.value}>
      {text}
      {cell.fromDefault && (
        <Text span size="xs" c="dimmed" className={classes.fromDefault}>
          {' '}
          ({t('criteria.threshold.default')})
        </Text>
      )}
    </span>
  );
}

function ColumnHeader({ column }: { column: ThresholdColumn }) {
  if (!column.name) return <>{column.label}</>;
  return (
    <abbr title={column.name} className={classes.abbr}>
      {column.label}
    </abbr>
  );
}

/**
 * The thresholds of one indicator as the decision's annex shows them: regions (or commune
 * groups) in columns and years in rows. On a phone the table turns: one row per region.
 */
export function ThresholdView({ indicator, set }: ThresholdViewProps) {
  const { t } = useTranslation();
  const narrow = useMediaQuery('(max-width: 40em)') ?? false;
  const table = thresholdTable(indicator, set);
  const unit = indicator.type === 'boolean' ? null : indicator.unit;
  const caption = t('criteria.threshold.caption', { code: indicator.code });

  if (table.kind === 'uniform') {
    const scope =
      set.classification === 'none' ? '' : t(`criteria.threshold.every.${set.classification}`);
    return (
      <div className={classes.uniform} data-testid="threshold">
        <CellText cell={table.cell} unit={unit} />
        {scope && table.cell.kind === 'value' && (
          <Text span size="sm" c="dimmed">
            {' '}
            · {scope}
          </Text>
        )}
      </div>
    );
  }

  const classWord = t(`criteria.threshold.classWord.${set.classification}`);
  const yearly = table.rows.some((row) => row.year !== null);
  const single = table.columns.length === 1 && table.columns[0]?.key === null;

  let head: ReactNode;
  let body: ReactNode;
  if (narrow && !single) {
    // Transposed: one row per class, one column per year (or one "threshold" column).
    head = (
      <Table.Tr>
        <Table.Th scope="col">{classWord}</Table.Th>
        {table.rows.map((row) => (
          <Table.Th scope="col" key={row.year ?? 'all'}>
            {row.year ?? t('criteria.threshold.value')}
          </Table.Th>
        ))}
      </Table.Tr>
    );
    body = table.columns.map((column, columnIndex) => (
      <Table.Tr key={column.key ?? 'all'}>
        <Table.Th scope="row">
          <ColumnHeader column={column} />
        </Table.Th>
        {table.rows.map((row) => (
          <Table.Td key={row.year ?? 'all'}>
            <CellText cell={row.cells[columnIndex]!} unit={unit} short />
          </Table.Td>
        ))}
      </Table.Tr>
    ));
  } else {
    head = (
      <Table.Tr>
        {yearly && <Table.Th scope="col">{t('criteria.threshold.year')}</Table.Th>}
        {table.columns.map((column) => (
          <Table.Th scope="col" key={column.key ?? 'all'}>
            {single ? t('criteria.threshold.value') : <ColumnHeader column={column} />}
          </Table.Th>
        ))}
      </Table.Tr>
    );
    body = table.rows.map((row) => (
      <Table.Tr key={row.year ?? 'all'}>
        {yearly && <Table.Th scope="row">{row.year}</Table.Th>}
        {row.cells.map((cell, index) => (
          <Table.Td key={table.columns[index]?.key ?? 'all'}>
            <CellText cell={cell} unit={unit} short />
          </Table.Td>
        ))}
      </Table.Tr>
    ));
  }

  const judged = table.rows.some((row) => row.cells.some((cell) => cell.kind === 'judgement'));
  return (
    <div className={classes.tableWrap} data-testid="threshold">
      <Table
        withTableBorder
        withColumnBorders
        verticalSpacing={6}
        horizontalSpacing="sm"
        className={classes.table}
      >
        <caption className="visually-hidden">{caption}</caption>
        <Table.Thead>{head}</Table.Thead>
        <Table.Tbody>{body}</Table.Tbody>
      </Table>
      {judged && (
        <Text size="xs" c="dimmed" mt={4} className={classes.footnote}>
          {t('criteria.threshold.judgedNote')}
        </Text>
      )}
    </div>
  );
}
