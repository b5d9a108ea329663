import { Icon, type IconProps } from '../../components/icons';

/** Line icons of the dashboards, drawn with the shared frame of components/icons.tsx. Decorative. */
export { IconCross, IconFile, IconMissing } from '../../components/icons';

/** Bars: the dashboards. */
export const IconChart = (p: IconProps) => (
  <Icon {...p}>
    <path d="M4 20h16" />
    <path d="M7 16v-5M12 16V6M17 16v-8" />
  </Icon>
);

/** A target: the programme targets. */
export const IconTarget = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="12" cy="12" r="8.5" />
    <circle cx="12" cy="12" r="4.5" />
    <circle cx="12" cy="12" r="0.75" />
  </Icon>
);

/** Behind schedule: a clock with an exclamation. */
export const IconSlow = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v5.5M12 16v.01" />
  </Icon>
);

/** On track: an arrow going up and right. */
export const IconTrend = (p: IconProps) => (
  <Icon {...p}>
    <path d="M4 17l6-6 4 4 6-7" />
    <path d="M15 8h5v5" />
  </Icon>
);

export const IconDownload = (p: IconProps) => (
  <Icon {...p}>
    <path d="M12 4v11M7 10l5 5 5-5" />
    <path d="M5 20h14" />
  </Icon>
);

export const IconPrinter = (p: IconProps) => (
  <Icon {...p}>
    <path d="M7 9V4h10v5" />
    <rect x="4" y="9" width="16" height="7" rx="1.5" />
    <path d="M7 14h10v6H7z" />
  </Icon>
);

export const IconTable = (p: IconProps) => (
  <Icon {...p}>
    <rect x="3.5" y="5" width="17" height="14" rx="1.5" />
    <path d="M3.5 10h17M3.5 14.5h17M9.5 10v9" />
  </Icon>
);

/** Sort order of a table column. */
export const IconSort = ({ sorting, ...p }: IconProps & { sorting: 'asc' | 'desc' | null }) => (
  <Icon {...p}>
    {sorting !== 'desc' && <path d="M8 10l4-4 4 4" opacity={sorting === null ? 0.45 : 1} />}
    {sorting !== 'asc' && <path d="M8 14l4 4 4-4" opacity={sorting === null ? 0.45 : 1} />}
  </Icon>
);
