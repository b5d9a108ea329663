import { Alert, Button, Group, Loader, Stack, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { IconAlert, IconChevronRight, IconRefresh } from '../../components/icons';
import { formatDate, formatNumber } from '../../lib/format';
import type { Unit } from './types';
import classes from './UnitTree.module.css';
import { useUnits } from './useUnits';
import type { UnitsQuery } from './useUnits';

/** Lowest level of the hierarchy: its units have nothing under them. */
const LEAF_LEVEL = 'village';

interface UnitTreeProps {
  asOf: string;
  /** Shown instead of the tree when the server has no units at all. */
  empty: ReactNode;
}

/**
 * Provinces first; expanding a unit loads the units under it (`?parent=CODE`). A disclosure list:
 * every row is a button with aria-expanded, reachable with Tab, at least 44 px high.
 */
export function UnitTree({ asOf, empty }: UnitTreeProps) {
  return <UnitLevel query={{ level: 'province', asOf }} depth={0} empty={empty} />;
}

function UnitLevel({
  query,
  depth,
  empty,
}: {
  query: UnitsQuery;
  depth: number;
  empty?: ReactNode;
}) {
  const { t } = useTranslation();
  const units = useUnits(query);

  if (units.isPending) {
    return (
      <Group gap="xs" py="xs" pl={indent(depth)} role="status" aria-live="polite">
        <Loader size="xs" aria-hidden="true" />
        <Text size="sm" c="dimmed">
          {t('common.loading')}
        </Text>
      </Group>
    );
  }

  if (units.isError) {
    return (
      <Alert
        color="red"
        variant="light"
        icon={<IconAlert />}
        title={t('units.loadError')}
        role="alert"
        ml={depth > 0 ? indent(depth) : 0}
        my="xs"
      >
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{units.error.message}</Text>
          <Button
            size="sm"
            variant="default"
            leftSection={<IconRefresh size={16} />}
            onClick={() => void units.refetch()}
            loading={units.isFetching}
          >
            {t('common.retry')}
          </Button>
        </Stack>
      </Alert>
    );
  }

  const { items, total } = units.data;
  if (items.length === 0) {
    if (depth === 0 && empty) return <>{empty}</>;
    return (
      <Text size="sm" c="dimmed" py="xs" pl={indent(depth)}>
        {t('units.noChildren')}
      </Text>
    );
  }

  return (
    <>
      {depth === 0 && (
        <Text size="sm" c="dimmed" mb="xs">
          {total > items.length
            ? t('units.partial', { shown: formatNumber(items.length), total: formatNumber(total) })
            : t('units.total', { total: formatNumber(total) })}
        </Text>
      )}
      <ul
        className={classes.list}
        aria-label={depth === 0 ? t('units.treeLabel') : undefined}
        data-depth={depth}
      >
        {items.map((unit) => (
          <UnitNode key={unit.code} unit={unit} asOf={query.asOf} depth={depth} />
        ))}
      </ul>
      {depth > 0 && total > items.length && (
        <Text size="sm" c="dimmed" py={4} pl={indent(depth)}>
          {t('units.partial', { shown: formatNumber(items.length), total: formatNumber(total) })}
        </Text>
      )}
    </>
  );
}

function UnitNode({ unit, asOf, depth }: { unit: Unit; asOf: string; depth: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const expandable = unit.level !== LEAF_LEVEL;
  const label = (
    <>
      <span className={classes.label}>
        <span className={classes.name}>{unit.name}</span>
        {unit.validTo && (
          <span className={classes.meta}>
            ({t('units.until', { date: formatDate(unit.validTo) })})
          </span>
        )}
      </span>
      <span className={classes.code}>
        <span className="visually-hidden">{t('units.codeLabel')} </span>
        {unit.code}
      </span>
    </>
  );

  return (
    <li className={classes.item}>
      {expandable ? (
        <UnstyledButton
          className={classes.row}
          style={{ paddingLeft: indent(depth) }}
          aria-expanded={open}
          onClick={() => setOpen((value) => !value)}
        >
          <IconChevronRight size={18} className={classes.chevron} data-open={open || undefined} />
          {label}
        </UnstyledButton>
      ) : (
        <div className={classes.row} style={{ paddingLeft: indent(depth) }}>
          <span className={classes.chevronSpace} />
          {label}
        </div>
      )}
      {open && <UnitLevel query={{ parent: unit.code, asOf }} depth={depth + 1} />}
    </li>
  );
}

function indent(depth: number): string {
  return `calc(${depth} * 1.25rem + 0.5rem)`;
}
