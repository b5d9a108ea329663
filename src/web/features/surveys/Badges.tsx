import { useTranslation } from 'react-i18next';
import { IconCheck, IconClock, IconCross, IconInfo, IconLock } from '../../components/icons';
import { StatusBadge } from '../../components/StatusBadge';
import type { StatusTone } from '../../components/StatusBadge';
import type { CampaignState } from './types';

const STATE_TONE: Record<CampaignState, StatusTone> = {
  planned: 'neutral',
  open: 'info',
  closed: 'warning',
  tallied: 'info',
  posted: 'info',
  reported: 'success',
  void: 'neutral',
};

/** The campaign's state in words, icon and colour. */
export function CampaignStateBadge({ state }: { state: CampaignState }) {
  const { t } = useTranslation();
  const icon =
    state === 'reported' ? (
      <IconCheck size={16} />
    ) : state === 'void' ? (
      <IconCross size={16} />
    ) : state === 'closed' || state === 'tallied' || state === 'posted' ? (
      <IconLock size={16} />
    ) : (
      <IconClock size={16} />
    );
  return (
    <StatusBadge tone={STATE_TONE[state]} icon={icon} data-testid="campaign-state">
      {t(`surveys.state.${state}`)}
    </StatusBadge>
  );
}

/** Đạt / Không đạt, or nothing yet. */
export function PassBadge({ passed, testId }: { passed: boolean | null; testId?: string }) {
  const { t } = useTranslation();
  if (passed === null) {
    return (
      <StatusBadge tone="neutral" icon={<IconClock size={16} />} data-testid={testId}>
        {t('surveys.result.pending')}
      </StatusBadge>
    );
  }
  return (
    <StatusBadge
      tone={passed ? 'success' : 'danger'}
      icon={passed ? <IconCheck size={16} /> : <IconCross size={16} />}
      data-testid={testId}
    >
      {passed ? t('surveys.result.passed') : t('surveys.result.failed')}
    </StatusBadge>
  );
}

/** Amber "Chưa xác minh" beside a rule or figure the reference does not confirm. */
export function UnverifiedBadge() {
  const { t } = useTranslation();
  return (
    <StatusBadge tone="warning" icon={<IconInfo size={16} />} data-testid="unverified">
      {t('surveys.common.unverified')}
    </StatusBadge>
  );
}
