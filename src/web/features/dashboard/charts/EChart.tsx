import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EChartsType } from 'echarts/core';
import type { ChartOption } from './types';
import classes from './EChart.module.css';

interface EChartProps {
  option: ChartOption;
  height: number;
  /** What the chart shows, for screen readers (the table view has the figures). */
  label: string;
  /** Called with the data item pressed (its `code` or `filter`). */
  onItemClick?: (data: Record<string, unknown>) => void;
}

/**
 * An ECharts chart, its code loaded on demand the first time a chart is shown. Redraws when the
 * option changes and when its box is resized (phone rotation, navigation bar).
 */
export function EChart({ option, height, label, onItemClick }: EChartProps) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const latest = useRef({ option, onItemClick });
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    latest.current = { option, onItemClick };
  });

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    import('./echarts')
      .then(({ init }) => {
        const element = box.current;
        if (disposed || !element) return;
        const instance = init(element, null, { renderer: 'svg' });
        chart.current = instance;
        instance.setOption(latest.current.option);
        instance.on('click', (params) => {
          const data = params.data;
          if (data && typeof data === 'object') {
            latest.current.onItemClick?.(data as Record<string, unknown>);
          }
        });
        observer = new ResizeObserver(() => instance.resize());
        observer.observe(element);
      })
      .catch(() => {
        if (!disposed) setFailed(true);
      });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  useEffect(() => {
    chart.current?.resize();
  }, [height]);

  if (failed) {
    return (
      <p className={classes.failed} role="status">
        {t('dashboard.chart.failed')}
      </p>
    );
  }
  return (
    <div
      ref={box}
      className={classes.chart}
      style={{ height }}
      role="img"
      aria-label={label}
      data-testid="echart"
    />
  );
}
