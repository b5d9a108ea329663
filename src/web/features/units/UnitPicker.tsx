import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ancestorsText } from './display';
import { useUnitSearch } from './useUnits';

export interface PickedUnit {
  code: string;
  name: string;
}

interface UnitPickerProps {
  label: string;
  value: PickedUnit | null;
  onChange: (unit: PickedUnit | null) => void;
  description?: string;
  error?: string | null;
  required?: boolean;
  level?: 'province' | 'district' | 'commune';
  /** Date of the map searched; today when absent. */
  asOf?: string;
  'data-testid'?: string;
}

function optionLabel(name: string, where: string): string {
  return where ? `${name} — ${where}` : name;
}

/**
 * Picks a unit by typing its name (accent-insensitive server search, as of today by default):
 * "lam giang" offers "Xã Lâm Giang — Tỉnh Lào Cai".
 */
export function UnitPicker({
  label,
  value,
  onChange,
  description,
  error,
  required,
  level,
  asOf,
  ...rest
}: UnitPickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(value?.name ?? '');
  const [debounced] = useDebouncedValue(search, 250);
  // Once a unit is picked, the box shows its label: no need to search for that text.
  const results = useUnitSearch(
    value && (debounced === value.name || debounced.startsWith(`${value.name} — `))
      ? ''
      : debounced,
    asOf,
    { level, pageSize: 20 },
  );

  const data: { value: string; label: string }[] = [];
  for (const unit of results.data?.items ?? []) {
    const text = optionLabel(unit.name, ancestorsText(unit.ancestors));
    if (data.some((option) => option.value === unit.code)) continue;
    data.push({ value: unit.code, label: text });
  }
  if (value && !data.some((option) => option.value === value.code)) {
    data.unshift({ value: value.code, label: value.name });
  }

  let nothingFound: string | undefined;
  if (debounced.trim().length < 2) nothingFound = t('unitPicker.typeMore');
  else if (results.isFetching) nothingFound = t('common.loading');
  else nothingFound = t('unitPicker.none');

  return (
    <Select
      label={label}
      description={description ?? t('unitPicker.hint')}
      placeholder={t('unitPicker.placeholder')}
      data={data}
      value={value?.code ?? null}
      onChange={(code, option) => {
        if (!code) {
          onChange(null);
          return;
        }
        const text = option?.label ?? code;
        const name = text.split(' — ')[0] ?? text;
        onChange({ code, name });
      }}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={nothingFound}
      clearable
      required={required}
      withAsterisk={required}
      error={error}
      comboboxProps={{ withinPortal: true }}
      data-testid={rest['data-testid']}
    />
  );
}
