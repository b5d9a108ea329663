import { Group } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconCheck, IconClock, IconKey, IconLock } from '../../components/icons';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDateTime } from '../../lib/format';
import type { User } from './useUsers';

/** Active / deactivated / locked until …, and whether a password change is pending: in words. */
export function UserStatus({ user }: { user: User }) {
  const { t } = useTranslation();
  // When the list was shown: a lock that ends while it is open ends at the next refresh.
  const [shownAt] = useState(() => Date.now());
  const locked = user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > shownAt;
  return (
    <Group gap={6}>
      {user.active ? (
        <StatusBadge tone="success" icon={<IconCheck size={16} />}>
          {t('users.active')}
        </StatusBadge>
      ) : (
        <StatusBadge tone="neutral" icon={<IconLock size={16} />}>
          {t('users.inactive')}
        </StatusBadge>
      )}
      {locked && (
        <StatusBadge tone="warning" icon={<IconClock size={16} />}>
          {t('users.lockedUntil', { time: formatDateTime(user.lockedUntil) })}
        </StatusBadge>
      )}
      {user.mustChangePassword && (
        <StatusBadge tone="info" icon={<IconKey size={16} />}>
          {t('users.mustChangePassword')}
        </StatusBadge>
      )}
    </Group>
  );
}
