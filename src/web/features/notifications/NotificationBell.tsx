import { Menu, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { IconCheck } from '../../components/icons';
import { currentLanguage } from '../../i18n';
import { IconBell } from './IconBell';
import { notificationTime } from './time';
import { useMarkRead, useNotifications } from './useNotifications';
import type { NotificationItem } from './useNotifications';
import classes from './NotificationBell.module.css';

/**
 * The bell in the header: how many notifications are unread (asked every minute and when the
 * window comes back into focus), opening the latest ones. Choosing one marks it read and opens
 * its page.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const notifications = useNotifications(true);
  const markRead = useMarkRead();
  const unread = notifications.data?.unread ?? 0;
  const items = notifications.data?.items ?? [];
  const language = currentLanguage();

  const open = (item: NotificationItem) => {
    if (item.readAt === null) markRead.mutate(item.id);
    if (item.link) void navigate(item.link);
  };

  return (
    <Menu position="bottom-end" width={340} shadow="md" withinPortal>
      <Menu.Target>
        <UnstyledButton
          className={classes.target}
          aria-label={
            unread > 0
              ? t('notifications.button', { count: unread })
              : t('notifications.buttonNone')
          }
          data-testid="notification-bell"
        >
          <IconBell />
          {unread > 0 && (
            <span className={classes.count} aria-hidden="true" data-testid="notification-count">
              {unread > 99 ? '99+' : unread}
            </span>
          )}
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown className={classes.dropdown}>
        <Menu.Label className={classes.header}>{t('notifications.label')}</Menu.Label>
        {notifications.isError && (
          <Text size="sm" c="red.9" px="sm" py={4} role="alert">
            {t('notifications.error')}
          </Text>
        )}
        {notifications.isSuccess && items.length === 0 && (
          <Text size="sm" c="dimmed" px="sm" py="xs">
            {t('notifications.empty')}
          </Text>
        )}
        {items.map((item) => (
          <Menu.Item
            key={item.id}
            onClick={() => open(item)}
            className={classes.item}
            data-unread={item.readAt === null || undefined}
            data-testid="notification"
          >
            <span className={classes.message}>
              {item.readAt === null && (
                <span className="visually-hidden">{t('notifications.unread')}: </span>
              )}
              {item.message}
            </span>
            <span className={classes.time}>
              <time dateTime={item.createdAt}>
                {notificationTime(item.createdAt, language, t('notifications.justNow'))}
              </time>
            </span>
          </Menu.Item>
        ))}
        {unread > 0 && (
          <>
            <Menu.Divider />
            <Menu.Item
              leftSection={<IconCheck size={18} />}
              onClick={() => markRead.mutate('all')}
              className={classes.markAll}
            >
              {t('notifications.markAll')}
            </Menu.Item>
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
