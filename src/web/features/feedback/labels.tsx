import { useTranslation } from 'react-i18next';
import { IconAlert, IconCheck, IconClock, IconCross, IconInbox } from '../../components/icons';
import { StatusBadge, type StatusTone } from '../../components/StatusBadge';
import type { ReportStatus } from './types';

const tones: Record<ReportStatus, StatusTone> = {
  received: 'info',
  in_progress: 'warning',
  answered: 'info',
  resolved: 'success',
  closed: 'neutral',
  rejected: 'danger',
};

/** The 19 criteria of the commune set (QĐ 318/QĐ-TTg), for the category "about a criterion". */
export const CRITERIA = Array.from({ length: 19 }, (_, index) => String(index + 1));

export function ReportStatusBadge({ status }: { status: ReportStatus }) {
  const { t } = useTranslation();
  const icon =
    status === 'resolved' || status === 'closed' ? (
      <IconCheck size={16} />
    ) : status === 'rejected' ? (
      <IconCross size={16} />
    ) : status === 'received' ? (
      <IconInbox size={16} />
    ) : (
      <IconClock size={16} />
    );
  return (
    <StatusBadge tone={tones[status]} icon={icon} data-testid="report-status">
      {t(`feedback.status.${status}`)}
    </StatusBadge>
  );
}

export function OverdueBadge() {
  const { t } = useTranslation();
  return (
    <StatusBadge tone="danger" icon={<IconAlert size={16} />}>
      {t('feedback.overdue')}
    </StatusBadge>
  );
}
