import { Alert, Button, Card, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { changePasswordPath, NEXT_PARAM, safeNext } from '../app/paths';
import { IconAlert, IconInfo, IconLogin } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { useLogin, useSession } from '../features/auth/session';
import { clearLoginNotice, peekLoginNotice } from '../features/auth/notice';
import { ApiError } from '../lib/api';
import { formatNumber } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';

export default function LoginPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('login.title'));
  const session = useSession();
  const login = useLogin();
  const [searchParams] = useSearchParams();
  const next = safeNext(searchParams.get(NEXT_PARAM));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);
  // Told once: after a sign-out, until the next login attempt or page.
  const [notice] = useState(peekLoginNotice);
  useEffect(() => clearLoginNotice(), []);

  // Signed in (now, or already): go where the user was heading; a password to change comes first.
  const me = session.data;
  if (me) {
    return <Navigate to={me.mustChangePassword ? changePasswordPath(next) : next} replace />;
  }
  if (session.isPending) return <PageLoader />;

  const usernameError = touched && username.trim() === '' ? t('login.requiredUsername') : null;
  const passwordError = touched && password === '' ? t('login.requiredPassword') : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (username.trim() === '' || password === '') return;
    login.mutate({ username: username.trim(), password });
  };

  let failure: string | null = null;
  if (login.error) {
    failure =
      login.error instanceof ApiError && login.error.isNotFound
        ? t('login.notAvailable')
        : login.error.message;
  }

  let noticeText: string | null = null;
  if (notice?.kind === 'loggedOut' && !login.error) noticeText = t('login.loggedOut');
  if (notice?.kind === 'loggedOutEverywhere' && !login.error) {
    noticeText = t('login.loggedOutEverywhere', { count: formatNumber(notice.revoked) });
  }
  const askedFor = searchParams.get(NEXT_PARAM) !== null && !notice;

  return (
    <Stack maw={440} mx="auto" py={{ base: 'sm', sm: 'xl' }} gap="md">
      <Title order={1}>{t('login.title')}</Title>
      <Text c="dimmed">{t('login.intro')}</Text>
      {noticeText && (
        <Alert color="blue" variant="light" icon={<IconInfo />} role="status">
          {noticeText}
        </Alert>
      )}
      {askedFor && (
        <Alert color="blue" variant="light" icon={<IconInfo />} role="status">
          {t('login.required')}
        </Alert>
      )}
      <Card withBorder radius="md" padding="lg">
        <form onSubmit={submit} noValidate aria-labelledby="login-title">
          <Stack gap="md">
            <span id="login-title" className="visually-hidden">
              {t('login.title')}
            </span>
            {failure && (
              <Alert
                color="red"
                variant="light"
                icon={<IconAlert />}
                title={t('login.failed')}
                role="alert"
              >
                {failure}
              </Alert>
            )}
            <TextInput
              label={t('login.username')}
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              withAsterisk={false}
              value={username}
              onChange={(event) => setUsername(event.currentTarget.value)}
              error={usernameError}
            />
            <PasswordInput
              label={t('login.password')}
              name="password"
              autoComplete="current-password"
              required
              withAsterisk={false}
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              error={passwordError}
              visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
            />
            <Button
              type="submit"
              fullWidth
              loading={login.isPending}
              leftSection={<IconLogin size={18} />}
            >
              {t('login.submit')}
            </Button>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
