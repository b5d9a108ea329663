import { Button, Card, Group, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { IconChart, IconTable } from './icons';
import classes from './ChartCard.module.css';

interface ChartCardProps {
  id: string;
  title: string;
  description?: ReactNode;
  chart: ReactNode;
  /** The same figures as a table (accessibility, exact numbers, printing). */
  table: ReactNode;
  wide?: boolean;
}

/** A chart with its title and a "Xem dạng bảng" switch to the table of its figures. */
export function ChartCard({ id, title, description, chart, table, wide }: ChartCardProps) {
  const { t } = useTranslation();
  const [asTable, setAsTable] = useState(false);
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby={id}
      className={classes.card}
      data-wide={wide || undefined}
      data-testid={`chart-${id}`}
    >
      <Group justify="space-between" align="flex-start" gap={4} className={classes.head}>
        <Title order={3} id={id} className={classes.title}>
          {title}
        </Title>
        <Button
          variant="subtle"
          size="sm"
          className={classes.toggle}
          leftSection={asTable ? <IconChart size={16} /> : <IconTable size={16} />}
          aria-pressed={asTable}
          onClick={() => setAsTable((value) => !value)}
        >
          {asTable ? t('dashboard.chart.showChart') : t('dashboard.chart.showTable')}
        </Button>
      </Group>
      {description && (
        <Text size="sm" c="dimmed" mb="xs">
          {description}
        </Text>
      )}
      <div className={classes.body}>{asTable ? table : chart}</div>
    </Card>
  );
}

export interface FigureColumn<T> {
  key: string;
  header: string;
  /** Right-aligned numbers. */
  numeric?: boolean;
  cell: (row: T) => ReactNode;
}

/** A plain table of a chart's figures, in a box that scrolls on a phone. */
export function FigureTable<T>({
  caption,
  columns,
  rows,
  rowKey,
}: {
  caption: string;
  columns: readonly FigureColumn<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
}) {
  return (
    <div className={classes.tableBox}>
      <Table striped verticalSpacing={6} className={classes.table}>
        <caption className="visually-hidden">{caption}</caption>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column.key} scope="col" data-numeric={column.numeric || undefined}>
                {column.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={rowKey(row)}>
              {columns.map((column) => (
                <Table.Td key={column.key} data-numeric={column.numeric || undefined}>
                  {column.cell(row)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
