import { useTranslation } from 'react-i18next';
import { IconCheck, IconClock, IconInfo, IconLock } from '../../components/icons';
import { StatusBadge } from '../../components/StatusBadge';
import type { StatusTone } from '../../components/StatusBadge';
import { IconCross, IconMissing } from './icons';
import type { CriterionVerdict, IndicatorVerdict } from './scorecard';
import type { StatsCommune } from './types';

/** A commune's result: Đạt chuẩn / Chưa đạt chuẩn / Chưa xếp vùng / Chưa có kết quả. */
export function CommuneResult({ status }: { status: StatsCommune['status'] }) {
  const { t } = useTranslation();
  switch (status) {
    case 'met':
      return (
        <StatusBadge tone="success" icon={<IconCheck size={16} />}>
          {t('dashboard.result.met')}
        </StatusBadge>
      );
    case 'not_met':
      return (
        <StatusBadge tone="danger" icon={<IconCross size={16} />}>
          {t('dashboard.result.notMet')}
        </StatusBadge>
      );
    case 'unclassified':
      return (
        <StatusBadge tone="warning" icon={<IconInfo size={16} />}>
          {t('dashboard.result.unclassified')}
        </StatusBadge>
      );
    default:
      return (
        <StatusBadge tone="neutral" icon={<IconMissing size={16} />}>
          {t('dashboard.result.none')}
        </StatusBadge>
      );
  }
}

const SUBMISSION_TONE: Record<string, StatusTone> = {
  draft: 'neutral',
  submitted: 'info',
  approved: 'success',
  returned: 'warning',
};

/** Where the commune's data stands: Đang nhập / Đã gửi / Đã duyệt / Trả lại. */
export function SubmissionWord({ status }: { status: string | null }) {
  const { t } = useTranslation();
  if (!status || !(status in SUBMISSION_TONE)) {
    return <span>{t('dashboard.submission.none')}</span>;
  }
  const key = status as 'draft' | 'submitted' | 'approved' | 'returned';
  const icon =
    key === 'approved' ? (
      <IconLock size={16} />
    ) : key === 'submitted' ? (
      <IconCheck size={16} />
    ) : key === 'returned' ? (
      <IconInfo size={16} />
    ) : (
      <IconClock size={16} />
    );
  return (
    <StatusBadge tone={SUBMISSION_TONE[key] ?? 'neutral'} icon={icon} data-testid="submission">
      {t(`dashboard.submission.${key}`)}
    </StatusBadge>
  );
}

/** A criterion's or an indicator's verdict (UX.md): Đạt / Không đạt / Thiếu dữ liệu. */
export function Verdict({
  status,
  size = 16,
}: {
  status: CriterionVerdict | IndicatorVerdict;
  size?: number;
}) {
  const { t } = useTranslation();
  switch (status) {
    case 'met':
      return (
        <StatusBadge tone="success" icon={<IconCheck size={size} />} data-testid="verdict">
          {t('dashboard.verdict.met')}
        </StatusBadge>
      );
    case 'not_met':
    case 'no_rule':
      return (
        <StatusBadge tone="danger" icon={<IconCross size={size} />} data-testid="verdict">
          {t('dashboard.verdict.notMet')}
        </StatusBadge>
      );
    case 'missing':
      return (
        <StatusBadge tone="neutral" icon={<IconMissing size={size} />} data-testid="verdict">
          {t('dashboard.verdict.missing')}
        </StatusBadge>
      );
    default:
      return (
        <StatusBadge tone="warning" icon={<IconInfo size={size} />} data-testid="verdict">
          {t('dashboard.verdict.unjudged')}
        </StatusBadge>
      );
  }
}
