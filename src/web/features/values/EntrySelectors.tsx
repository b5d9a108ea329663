import { Group, NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { valuesPath } from '../../app/paths';
import { setsForYear, yearsCovered } from './sets';
import { useCommuneSets } from './useValues';
import classes from './EntrySelectors.module.css';

/**
 * The year and the criteria set of the values shown: the published commune-level sets whose
 * validity covers the year (national ones, and the unit's province's own).
 */
export function EntrySelectors({
  unitCode,
  year,
  setCode,
  setName,
  province,
}: {
  unitCode: string;
  year: number;
  setCode: string;
  setName: string;
  province: string | null;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const sets = useCommuneSets();
  const items = sets.data?.items ?? [];
  const thisYear = new Date().getFullYear();
  const years = yearsCovered(items, province, Math.max(thisYear, year), year);
  const forYear = setsForYear(items, year, province);
  const setOptions = forYear.some((set) => set.code === setCode)
    ? forYear
    : [{ code: setCode, name: setName }, ...forYear];

  const changeYear = (next: number) => {
    const candidates = setsForYear(items, next, province);
    const keep = candidates.find((set) => set.code === setCode) ?? candidates[0];
    void navigate(valuesPath(unitCode, next, keep?.code ?? setCode));
  };

  return (
    <Group gap="sm" align="flex-end" wrap="wrap" className={classes.root}>
      <NativeSelect
        label={t('values.yearLabel')}
        value={String(year)}
        onChange={(event) => changeYear(Number(event.currentTarget.value))}
        data={years.map((value) => ({ value: String(value), label: String(value) }))}
        size="md"
        className={classes.year}
        data-testid="year-select"
      />
      <NativeSelect
        label={t('values.setLabel')}
        value={setCode}
        onChange={(event) => void navigate(valuesPath(unitCode, year, event.currentTarget.value))}
        data={setOptions.map((set) => ({ value: set.code, label: set.name }))}
        size="md"
        className={classes.set}
        data-testid="set-select"
      />
    </Group>
  );
}
