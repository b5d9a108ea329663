import { useTranslation } from 'react-i18next';
import { IconCheck, IconClock, IconCross, IconLock } from '../../components/icons';
import { StatusBadge } from '../../components/StatusBadge';
import type { StatusTone } from '../../components/StatusBadge';
import type { ApplicationState } from './types';

const STATE_TONE: Record<ApplicationState, StatusTone> = {
  draft: 'neutral',
  submitted: 'info',
  preassessed: 'info',
  forwarded: 'info',
  scoring: 'warning',
  scored: 'info',
  decided: 'success',
  returned: 'warning',
  rejected: 'danger',
  withdrawn: 'neutral',
};

/** An application's state in words, icon and colour. */
export function ApplicationStateBadge({ state }: { state: ApplicationState }) {
  const { t } = useTranslation();
  const icon =
    state === 'decided' ? (
      <IconCheck size={16} />
    ) : state === 'rejected' || state === 'withdrawn' ? (
      <IconCross size={16} />
    ) : state === 'scored' ? (
      <IconLock size={16} />
    ) : (
      <IconClock size={16} />
    );
  return (
    <StatusBadge tone={STATE_TONE[state] ?? 'neutral'} icon={icon} data-testid="application-state">
      {t(`ocop.state.${state}`)}
    </StatusBadge>
  );
}

/** Stars as ★ with their number in words for screen readers. */
export function StarsText({
  stars,
  testId,
}: {
  stars: number | null | undefined;
  testId?: string;
}) {
  const { t } = useTranslation();
  if (!stars) return null;
  return (
    <span
      data-testid={testId ?? 'stars'}
      data-stars={stars}
      style={{ color: '#a15c00', fontWeight: 700 }}
    >
      <span aria-hidden="true">{'★'.repeat(stars)}</span>
      <span className="visually-hidden">{t('ocop.common.starsCount', { count: stars })}</span>
    </span>
  );
}
