import { Alert, Button, Card, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { IconAlert, IconCheck, IconLogin } from '../components/icons';
import { useLogin } from '../features/auth/useLogin';
import { ApiError } from '../lib/api';
import { useDocumentTitle } from '../lib/useDocumentTitle';

export default function LoginPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('login.title'));
  const login = useLogin();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);

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

  return (
    <Stack maw={440} mx="auto" py={{ base: 'sm', sm: 'xl' }} gap="md">
      <Title order={1}>{t('login.title')}</Title>
      <Text c="dimmed">{t('login.intro')}</Text>
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
            {login.isSuccess && (
              <Alert color="green" variant="light" icon={<IconCheck />} role="status">
                {t('login.success')}
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
