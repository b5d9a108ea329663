import { AppShell, Burger, Button, Group, NavLink, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { PageLoader } from '../components/PageLoader';
import {
  IconAward,
  IconBook,
  IconChecklist,
  IconEdit,
  IconExternal,
  IconFlag,
  IconFolder,
  IconHierarchy,
  IconHistory,
  IconHome,
  IconInbox,
  IconLeaf,
  IconLogin,
  IconUsers,
} from '../components/icons';
import { PasswordChangeGate } from '../features/auth/PasswordChangeGate';
import { useSession } from '../features/auth/session';
import { canManageUsers, canReadAudit } from '../features/auth/types';
import { UserMenu } from '../features/auth/UserMenu';
import { IconChart, IconTarget } from '../features/dashboard/icons';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { useInbox } from '../features/recognition/useInboxCount';
import { ErrorBoundary } from './ErrorBoundary';
import classes from './Layout.module.css';
import { loginPath, paths, unitValuesPath } from './paths';

interface NavItem {
  to: string;
  label: string;
  icon: ReactNode;
  /** A count beside the label (work waiting), with its words for screen readers. */
  badge?: { count: number; label: string };
}

export function Layout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const session = useSession();
  const me = session.data;
  const inbox = useInbox(!!me);
  // Coming back here after logging in, unless we are on the login page already.
  const loginTarget =
    location.pathname === paths.login
      ? location.pathname + location.search
      : loginPath(location.pathname + location.search);

  const items: NavItem[] = [
    { to: paths.home, label: t('nav.home'), icon: <IconHome /> },
    { to: paths.units, label: t('nav.units'), icon: <IconHierarchy /> },
    { to: paths.criteria, label: t('nav.criteria'), icon: <IconChecklist /> },
    { to: paths.dashboard, label: t('dashboard.nav'), icon: <IconChart /> },
    { to: paths.targets, label: t('targets.nav'), icon: <IconTarget /> },
  ];
  if (me) {
    const waiting = inbox.data?.counts.total ?? 0;
    items.push(
      {
        to: paths.inbox,
        label: t('recognition.nav.inbox'),
        icon: <IconInbox />,
        badge:
          waiting > 0
            ? { count: waiting, label: t('recognition.nav.inboxCount', { count: waiting }) }
            : undefined,
      },
      { to: paths.dossiers, label: t('recognition.nav.dossiers'), icon: <IconFolder /> },
      { to: paths.feedbackOffice, label: t('feedback.nav.office'), icon: <IconFlag /> },
      { to: paths.surveys, label: t('surveys.nav'), icon: <IconChecklist /> },
      { to: paths.ocop, label: t('ocop.home.title'), icon: <IconAward /> },
    );
  }
  items.push({ to: paths.recognitions, label: t('recognition.nav.register'), icon: <IconAward /> });
  items.push({ to: paths.feedbackNew, label: t('feedback.nav.report'), icon: <IconFlag /> });
  items.push({ to: paths.ocopCatalogue, label: t('ocop.nav'), icon: <IconLeaf /> });
  // A commune officer's own commune: straight to its data.
  const communes = (me?.roles ?? []).filter(
    (assignment) => assignment.role === 'commune' && assignment.unit?.level === 'commune',
  );
  for (const assignment of communes.slice(0, 3)) {
    const unit = assignment.unit!;
    items.push({
      to: unitValuesPath(unit.code),
      label:
        communes.length > 1
          ? `${t('values.entry.myCommune')}: ${unit.name}`
          : t('values.entry.myCommune'),
      icon: <IconEdit />,
    });
  }
  if (canManageUsers(me)) {
    items.push({ to: paths.users, label: t('nav.users'), icon: <IconUsers /> });
  }
  if (canReadAudit(me)) {
    items.push({ to: paths.audit, label: t('nav.audit'), icon: <IconHistory /> });
  }
  if (me === null) {
    items.push({ to: loginTarget, label: t('nav.login'), icon: <IconLogin /> });
  }

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 264, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>

      <AppShell.Header className={classes.header}>
        <Group
          h="100%"
          px={{ base: 'xs', sm: 'md' }}
          justify="space-between"
          wrap="nowrap"
          gap="xs"
        >
          <Group gap={4} wrap="nowrap" miw={0}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              className={classes.burger}
              aria-label={opened ? t('nav.closeMenu') : t('nav.openMenu')}
              aria-expanded={opened}
              aria-controls="main-navigation"
            />
            <UnstyledButton
              component={Link}
              to={paths.home}
              onClick={close}
              className={classes.brand}
              data-compact={me ? true : undefined}
            >
              <span className={classes.brandMark}>
                <IconLeaf size={22} />
              </span>
              <Text component="span" className={classes.brandName}>
                {t('app.name')}
              </Text>
            </UnstyledButton>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitch />
            {me && <NotificationBell />}
            {me && <UserMenu me={me} />}
            {me === null && (
              <Button
                component={Link}
                to={loginTarget}
                variant="outline"
                visibleFrom="sm"
                leftSection={<IconLogin size={18} />}
              >
                {t('nav.login')}
              </Button>
            )}
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar
        id="main-navigation"
        component="nav"
        aria-label={t('nav.label')}
        p="sm"
        className={classes.navbar}
      >
        {items.map((item) => (
          <NavLink
            key={item.to}
            component={RouterNavLink}
            to={item.to}
            end={item.to === paths.home}
            label={item.label}
            leftSection={item.icon}
            rightSection={
              item.badge && (
                <span className={classes.navCount} data-testid="inbox-count">
                  <span aria-hidden="true">{item.badge.count > 99 ? '99+' : item.badge.count}</span>
                  <span className="visually-hidden">{item.badge.label}</span>
                </span>
              )
            }
            onClick={close}
            className={classes.navLink}
            active={
              item.to === paths.home
                ? location.pathname === paths.home
                : location.pathname.startsWith(item.to.split('?')[0] ?? item.to)
            }
          />
        ))}
        <NavLink
          component="a"
          href={paths.apiDocs}
          target="_blank"
          rel="noopener"
          label={
            <>
              {t('nav.apiDocs')}
              <span className="visually-hidden"> {t('nav.newTab')}</span>
            </>
          }
          leftSection={<IconBook />}
          rightSection={<IconExternal size={16} />}
          className={classes.navLink}
        />
      </AppShell.Navbar>

      <AppShell.Main id="main" tabIndex={-1} className={classes.main}>
        <ErrorBoundary inline key={location.pathname}>
          <Suspense fallback={<PageLoader />}>
            <PasswordChangeGate>
              <Outlet />
            </PasswordChangeGate>
          </Suspense>
        </ErrorBoundary>
      </AppShell.Main>
    </AppShell>
  );
}
