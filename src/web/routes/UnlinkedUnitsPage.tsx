import {
  Alert,
  Anchor,
  Pagination,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { UnlinkedUnitsResponse } from '../../server/modules/units/api';
import { unitPath } from '../app/paths';
import { IconAlert } from '../components/icons';
import { ancestorsText } from '../features/units/display';
import type { UnitLevel } from '../features/units/types';
import { api } from '../lib/api';
import { formatDate, formatNumber } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import classes from './UnlinkedUnitsPage.module.css';

const PAGE_SIZE = 50;
const LEVELS: UnitLevel[] = ['commune', 'district', 'province'];

/** Old units that ended with no recorded successor: where an administrator completes the lineage. */
export default function UnlinkedUnitsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('unlinked.title'));
  const [level, setLevel] = useState<UnitLevel>('commune');
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['units', 'unlinked', level, page],
    queryFn: ({ signal }) =>
      api<UnlinkedUnitsResponse>('/api/v1/units/unlinked', {
        query: { level, page, pageSize: PAGE_SIZE },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <Stack gap="md" maw={960}>
      <Stack gap={4}>
        <Title order={1}>{t('unlinked.title')}</Title>
        <Text c="dimmed">{t('unlinked.description')}</Text>
      </Stack>
      <SegmentedControl
        aria-label={t('unit.level')}
        value={level}
        onChange={(value) => {
          setLevel(value);
          setPage(1);
        }}
        data={LEVELS.map((value) => ({ value, label: t(`unitLevel.${value}`) }))}
        className={classes.levels}
      />
      {list.isError && (
        <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
          {list.error.message}
        </Alert>
      )}
      {list.isPending ? (
        <Stack gap="xs" role="status" aria-label={t('common.loading')}>
          <Skeleton height={44} />
          <Skeleton height={44} />
        </Stack>
      ) : (
        list.data && (
          <>
            <Text size="sm" c="dimmed" aria-live="polite" data-testid="unlinked-total">
              {t('unlinked.total', { total: formatNumber(total) })}
            </Text>
            {list.data.items.length > 0 && (
              <ul className={classes.list} aria-label={t('unlinked.title')}>
                {list.data.items.map((unit) => (
                  <li key={`${unit.code}-${unit.validFrom}`}>
                    <Anchor
                      component={Link}
                      to={unitPath(unit.code, unit.validTo ?? unit.validFrom)}
                      className={classes.link}
                    >
                      {unit.name}
                    </Anchor>
                    {unit.validTo && (
                      <Text span size="sm" c="dimmed">
                        {' '}
                        ({t('units.until', { date: formatDate(unit.validTo) })})
                      </Text>
                    )}
                    <Text size="sm" c="dimmed">
                      {[ancestorsText(unit.ancestors), `${t('units.codeLabel')} ${unit.code}`]
                        .filter(Boolean)
                        .join(' · ')}
                    </Text>
                  </li>
                ))}
              </ul>
            )}
            {pages > 1 && (
              <Pagination
                total={pages}
                value={page}
                onChange={setPage}
                getControlProps={(control) => ({ 'aria-label': t(`pagination.${control}`) })}
                getItemProps={(n) => ({ 'aria-label': t('pagination.page', { n }) })}
              />
            )}
          </>
        )
      )}
    </Stack>
  );
}
