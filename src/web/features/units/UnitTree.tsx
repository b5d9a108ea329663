import { Alert, Button, Group, Loader, Stack, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { unitPath } from '../../app/paths';
import { IconAlert, IconChevronRight, IconRefresh } from '../../components/icons';
import { formatDate, formatNumber } from '../../lib/format';
import type { Unit } from './types';
import classes from './UnitTree.module.css';
import { useUnitList } from './useUnits';
import type { UnitsQuery } from './useUnits';

/** Lowest level of the hierarchy: its units have nothing under them. */
const LEAF_LEVEL = 'commune';

interface UnitTreeProps {
  asOf: string;
  /** Shown instead of the tree when the server has no units at all on that date. */
  empty: ReactNode;
}

/**
 * Provinces first; expanding a unit loads the units under it (`?parent=CODE`) as of the same date:
 * provinces → districts → communes before 01/07/2025, provinces → communes after. A disclosure
 * list: each row has a toggle button (aria-expanded) and a link to the unit's page, both ≥ 44 px.
 */
export function UnitTree({ asOf, empty }: UnitTreeProps) {
  return <UnitLevel query={{ level: 'province', asOf }} depth={0} empty={empty} />;
}

/** The units directly under `parent` as of the date, expandable further down. */
export function UnitChildren({
  parent,
  asOf,
  label,
}: {
  parent: string;
  asOf: string;
  label: string;
}) {
  return <UnitLevel query={{ parent, asOf }} depth={0} label={label} />;
}

function UnitLevel({
  query,
  depth,
  empty,
  label,
}: {
  query: UnitsQuery;
  depth: number;
  empty?: ReactNode;
  label?: string;
}) {
  const { t } = useTranslation();
  const units = useUnitList(query);

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

  const items = units.data.pages.flatMap((page) => page.items);
  const total = units.data.pages[0]?.total ?? 0;
  if (items.length === 0) {
    if (depth === 0 && empty) return <>{empty}</>;
    return (
      <Text size="sm" c="dimmed" py="xs" pl={indent(depth)}>
        {t('units.noChildren')}
      </Text>
    );
  }

  const shown =
    total > items.length
      ? t('units.partial', { shown: formatNumber(items.length), total: formatNumber(total) })
      : t('units.total', { total: formatNumber(total) });

  return (
    <>
      {depth === 0 && (
        <Text size="sm" c="dimmed" mb="xs" data-testid="units-total">
          {shown}
        </Text>
      )}
      <ul className={classes.list} aria-label={label ?? t('units.treeLabel')} data-depth={depth}>
        {items.map((unit) => (
          <UnitNode key={unit.code} unit={unit} asOf={query.asOf} depth={depth} />
        ))}
      </ul>
      {units.hasNextPage && (
        <Group gap="sm" py={4} pl={indent(depth)}>
          <Text size="sm" c="dimmed">
            {shown}
          </Text>
          <Button
            size="sm"
            variant="default"
            loading={units.isFetchingNextPage}
            onClick={() => void units.fetchNextPage()}
          >
            {t('units.loadMore')}
          </Button>
        </Group>
      )}
    </>
  );
}

function UnitNode({ unit, asOf, depth }: { unit: Unit; asOf: string; depth: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const expandable = unit.level !== LEAF_LEVEL;

  return (
    <li className={classes.item}>
      <div className={classes.row} style={{ paddingLeft: indent(depth) }}>
        {expandable ? (
          <UnstyledButton
            className={classes.toggle}
            aria-expanded={open}
            aria-label={t(open ? 'units.collapse' : 'units.expand', { name: unit.name })}
            onClick={() => setOpen((value) => !value)}
          >
            <IconChevronRight size={18} className={classes.chevron} data-open={open || undefined} />
          </UnstyledButton>
        ) : (
          <span className={classes.chevronSpace} />
        )}
        <Link className={classes.link} to={unitPath(unit.code, asOf)}>
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
        </Link>
      </div>
      {open && (
        <UnitLevel
          query={{ parent: unit.code, asOf }}
          depth={depth + 1}
          label={t('units.childrenOf', { name: unit.name })}
        />
      )}
    </li>
  );
}

function indent(depth: number): string {
  return `calc(${depth} * 1.25rem + 0.25rem)`;
}
