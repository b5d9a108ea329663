import { useTranslation } from 'react-i18next';
import { IconCheck } from '../../components/icons';
import { StatusBadge } from '../../components/StatusBadge';
import { IconMissing, IconSlow, IconTrend } from '../dashboard/icons';
import { STATUS_TONE } from './display';
import type { TargetStatus } from './types';

const ICONS: Record<TargetStatus, typeof IconCheck> = {
  met: IconCheck,
  on_track: IconTrend,
  behind: IconSlow,
  no_data: IconMissing,
  no_source: IconMissing,
};

/** Đạt / Đúng tiến độ / Chậm / Chưa có số liệu / Chưa có nguồn số liệu: word, icon and colour. */
export function TargetStatusBadge({ status }: { status: TargetStatus }) {
  const { t } = useTranslation();
  const Icon = ICONS[status];
  return (
    <StatusBadge tone={STATUS_TONE[status]} icon={<Icon size={16} />} data-testid="target-status">
      {t(`targets.status.${status}`)}
    </StatusBadge>
  );
}
