import { Menu, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { paths } from '../../app/paths';
import { IconChevronDown, IconKey, IconLogout, IconPower, IconUser } from '../../components/icons';
import { useLogout, useLogoutEverywhere } from './session';
import type { Me } from './types';
import classes from './UserMenu.module.css';

/** The signed-in user's name in the header, opening: change password, sign out (here, everywhere). */
export function UserMenu({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const logout = useLogout();
  const logoutEverywhere = useLogoutEverywhere();

  const signOut = () => {
    logout.mutate(undefined, { onSuccess: () => void navigate(paths.login) });
  };
  const signOutEverywhere = () => {
    logoutEverywhere.mutate(undefined, { onSuccess: () => void navigate(paths.login) });
  };
  const failure = logout.error ?? logoutEverywhere.error;

  return (
    <Menu position="bottom-end" width={280} shadow="md" withinPortal>
      <Menu.Target>
        <UnstyledButton
          className={classes.target}
          aria-label={t('account.menuLabel', { name: me.displayName })}
          data-testid="user-menu"
        >
          <span className={classes.avatar} aria-hidden="true">
            <IconUser size={18} />
          </span>
          <span className={classes.name}>{me.displayName}</span>
          <IconChevronDown size={16} className={classes.chevron} />
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <div className={classes.who}>
          <Text fw={700} size="sm">
            {me.displayName}
          </Text>
          <Text size="sm" c="dimmed">
            {me.username}
            {me.unit ? ` · ${me.unit.name}` : ''}
          </Text>
        </div>
        <Menu.Divider />
        <Menu.Item
          component={Link}
          to={paths.changePassword}
          leftSection={<IconKey size={18} />}
          className={classes.item}
        >
          {t('account.changePassword')}
        </Menu.Item>
        <Menu.Item
          leftSection={<IconLogout size={18} />}
          onClick={signOut}
          className={classes.item}
        >
          {t('account.logout')}
        </Menu.Item>
        <Menu.Item
          leftSection={<IconPower size={18} />}
          onClick={signOutEverywhere}
          className={classes.item}
        >
          {t('account.logoutEverywhere')}
        </Menu.Item>
        {failure && (
          <Text size="sm" c="red.9" px="sm" py={4} role="alert">
            {failure.message}
          </Text>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
