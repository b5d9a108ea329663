import { Alert, Loader, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { unitPath } from '../../app/paths';
import { IconAlert, IconSearch } from '../../components/icons';
import { formatDate, formatNumber } from '../../lib/format';
import { ancestorsText } from './display';
import classes from './UnitSearch.module.css';
import { useUnitSearch } from './useUnits';

/** Search box of the unit browser: accent-insensitive, debounced, best match first. */
export function UnitSearch({ asOf }: { asOf: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text.trim(), 300);
  const search = useUnitSearch(debounced, asOf);
  const active = debounced.length >= 2;

  return (
    <Stack gap="xs" role="search" aria-label={t('units.searchLabel')}>
      <TextInput
        type="search"
        label={t('units.searchLabel')}
        description={t('units.searchHint')}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        leftSection={<IconSearch size={18} />}
        rightSection={search.isFetching && active ? <Loader size="xs" aria-hidden /> : null}
        autoComplete="off"
        spellCheck={false}
      />
      {active && search.isError && (
        <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
          {search.error.message}
        </Alert>
      )}
      {active && search.data && (
        <>
          <Text size="sm" c="dimmed" aria-live="polite" data-testid="search-summary">
            {search.data.total === 0
              ? t('units.searchNone', { q: debounced })
              : t('units.searchCount', {
                  shown: formatNumber(search.data.items.length),
                  total: formatNumber(search.data.total),
                })}
          </Text>
          {search.data.items.length > 0 && (
            <ul className={classes.results} aria-label={t('units.searchResults')}>
              {search.data.items.map((unit) => (
                <li key={`${unit.code}-${unit.validFrom}`}>
                  <Link className={classes.result} to={unitPath(unit.code, asOf)}>
                    <span className={classes.name}>
                      {unit.name}
                      {unit.validTo && (
                        <span className={classes.meta}>
                          {' '}
                          ({t('units.until', { date: formatDate(unit.validTo) })})
                        </span>
                      )}
                    </span>
                    <span className={classes.where}>
                      {unit.ancestors.length > 0
                        ? ancestorsText(unit.ancestors)
                        : t(`unitLevel.${unit.level}`)}
                    </span>
                    <span className={classes.code}>
                      <span className="visually-hidden">{t('units.codeLabel')} </span>
                      {unit.code}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Stack>
  );
}
