import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { IconCalendar } from '../../components/icons';
import { formatDate, parseDisplayDate, todayIso } from '../../lib/format';
import { LAST_DAY_BEFORE_REFORM, REFORM_DATE } from './display';
import classes from './AsOfPicker.module.css';

interface AsOfPickerProps {
  /** ISO date shown. */
  value: string;
  onChange: (iso: string) => void;
}

/**
 * "As of" date: typed as dd/mm/yyyy, or one click to the last day of the old map, the first day
 * of the new one, or today. Both maps can be seen side by side in two tabs.
 */
export function AsOfPicker({ value, onChange }: AsOfPickerProps) {
  // Remounted when the value changes elsewhere (quick buttons, links), so the text follows it.
  return <AsOfForm key={value} value={value} onChange={onChange} />;
}

function AsOfForm({ value, onChange }: AsOfPickerProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(() => formatDate(value));
  const [invalid, setInvalid] = useState(false);
  const today = todayIso();

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const iso = parseDisplayDate(draft);
    setInvalid(iso === null);
    if (iso) onChange(iso);
  };

  const quick: { iso: string; label: string }[] = [
    { iso: LAST_DAY_BEFORE_REFORM, label: t('units.beforeReform') },
    { iso: REFORM_DATE, label: t('units.afterReform') },
    { iso: today, label: t('units.today', { date: formatDate(today) }) },
  ];

  return (
    <Stack gap="xs">
      <form onSubmit={apply} noValidate>
        <Group align="flex-end" gap="sm" wrap="nowrap">
          <TextInput
            label={t('units.asOf')}
            description={t('units.asOfHint')}
            value={draft}
            onChange={(event) => setDraft(event.currentTarget.value)}
            error={invalid ? t('units.asOfInvalid') : undefined}
            inputMode="numeric"
            autoComplete="off"
            placeholder="dd/mm/yyyy"
            maxLength={10}
            leftSection={<IconCalendar size={18} />}
            className={classes.input}
          />
          <Button type="submit" variant="default" className={classes.apply}>
            {t('units.apply')}
          </Button>
        </Group>
      </form>
      <Group gap="xs" role="group" aria-label={t('units.quickDates')}>
        {quick.map((item) => (
          <Button
            key={item.label}
            size="sm"
            variant={item.iso === value ? 'filled' : 'default'}
            aria-pressed={item.iso === value}
            onClick={() => onChange(item.iso)}
            className={classes.quick}
          >
            {item.label}
          </Button>
        ))}
      </Group>
    </Stack>
  );
}
