import { Button, Group, Input, SegmentedControl, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { dashboardYears, reportUrl } from './params';
import { IconDownload, IconPrinter } from './icons';
import type { MapMode, StatsScope } from './types';
import classes from './DashboardControls.module.css';

interface DashboardControlsProps {
  year: number;
  map: MapMode;
  onYear: (year: number) => void;
  onMap: (map: MapMode) => void;
}

/** Year picker (2022 to this year) and the map the communes are counted on. */
export function DashboardControls({ year, map, onYear, onMap }: DashboardControlsProps) {
  const { t } = useTranslation();
  const years = dashboardYears(new Date().getFullYear());
  if (!years.includes(year)) years.push(year);
  return (
    <div className={classes.controls} data-testid="dashboard-controls">
      <Select
        label={t('dashboard.controls.year')}
        data={years.map((item) => ({ value: String(item), label: String(item) }))}
        value={String(year)}
        onChange={(value) => value && onYear(Number(value))}
        allowDeselect={false}
        className={classes.year}
        data-testid="year-select"
      />
      <Input.Wrapper label={t('dashboard.controls.map')} className={classes.map} id="map-mode">
        <SegmentedControl
          fullWidth
          value={map}
          onChange={(value) => onMap(value)}
          aria-labelledby="map-mode-label"
          classNames={{ label: classes.mapLabel, root: classes.mapRoot }}
          data={[
            { value: 'year', label: t('dashboard.map.year') },
            { value: 'current', label: t('dashboard.map.current') },
          ]}
        />
      </Input.Wrapper>
    </div>
  );
}

/** Downloads of the report of exactly what is shown (same query), and printing. */
export function ExportButtons({ scope }: { scope: StatsScope }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" className={classes.exports} data-testid="dashboard-exports">
      <Button
        component="a"
        href={reportUrl(scope, 'xlsx')}
        download
        variant="default"
        leftSection={<IconDownload size={18} />}
      >
        {t('dashboard.export.excel')}
      </Button>
      <Button
        component="a"
        href={reportUrl(scope, 'pdf')}
        download
        variant="default"
        leftSection={<IconDownload size={18} />}
      >
        {t('dashboard.export.pdf')}
      </Button>
      <Button
        variant="default"
        leftSection={<IconPrinter size={18} />}
        onClick={() => window.print()}
      >
        {t('dashboard.export.print')}
      </Button>
    </Group>
  );
}
