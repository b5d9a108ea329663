import { useTranslation } from 'react-i18next';
import { IconCheck, IconClock, IconEdit, IconRefresh } from '../../components/icons';
import { StatusBadge } from '../../components/StatusBadge';
import type { StatusTone } from '../../components/StatusBadge';
import { IconSend } from './icons';
import type { SubmissionStatus } from './types';

const LOOK: Record<SubmissionStatus, { tone: StatusTone; icon: typeof IconCheck }> = {
  draft: { tone: 'neutral', icon: IconEdit },
  submitted: { tone: 'info', icon: IconSend },
  approved: { tone: 'success', icon: IconCheck },
  returned: { tone: 'warning', icon: IconRefresh },
};

/** Đang nhập (grey) / Đã gửi (blue) / Đã duyệt (green) / Trả lại (orange): word, icon, colour. */
export function SubmissionBadge({ status }: { status: SubmissionStatus }) {
  const { t } = useTranslation();
  const { tone, icon: Icon } = LOOK[status] ?? { tone: 'neutral', icon: IconClock };
  return (
    <StatusBadge tone={tone} icon={<Icon size={16} />} data-testid="submission-status">
      {t(`values.submissionStatus.${status}`)}
    </StatusBadge>
  );
}
