import { Alert, Button, Card, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { NEXT_PARAM, safeNext } from '../app/paths';
import { IconAlert, IconCheck, IconKey, IconLock } from '../components/icons';
import { RequireAuth } from '../features/auth/RequireAuth';
import { useChangePassword, useSession } from '../features/auth/session';
import { useDocumentTitle } from '../lib/useDocumentTitle';

export default function ChangePasswordPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('password.title'));
  return (
    <RequireAuth>
      <ChangePasswordForm />
    </RequireAuth>
  );
}

function ChangePasswordForm() {
  const { t } = useTranslation();
  const session = useSession();
  const change = useChangePassword();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [touched, setTouched] = useState(false);
  const forced = session.data?.mustChangePassword ?? false;
  const returnTo = searchParams.get(NEXT_PARAM);

  const currentError = touched && current === '' ? t('password.requiredCurrent') : null;
  const nextError = touched && next === '' ? t('password.requiredNew') : null;
  const repeatError = touched && repeat !== next ? t('password.mismatch') : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (current === '' || next === '' || repeat !== next) return;
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          setRepeat('');
          setTouched(false);
          if (forced || returnTo) void navigate(safeNext(returnTo), { replace: true });
        },
      },
    );
  };

  return (
    <Stack maw={480} mx="auto" py={{ base: 'sm', sm: 'xl' }} gap="md">
      <Title order={1}>{t('password.title')}</Title>
      {forced ? (
        <Alert color="orange" variant="light" icon={<IconLock />} role="status">
          {t('password.forced')}
        </Alert>
      ) : (
        <Text c="dimmed">{t('password.intro')}</Text>
      )}
      <Card withBorder radius="md" padding="lg">
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {change.error && (
              <Alert
                color="red"
                variant="light"
                icon={<IconAlert />}
                title={t('password.failed')}
                role="alert"
              >
                {change.error.message}
              </Alert>
            )}
            {change.isSuccess && (
              <Alert color="green" variant="light" icon={<IconCheck />} role="status">
                {t('password.changed')}
              </Alert>
            )}
            {/* Lets password managers tie the new password to the account. */}
            <input
              type="text"
              name="username"
              autoComplete="username"
              value={session.data?.username ?? ''}
              readOnly
              hidden
            />
            <PasswordInput
              label={t('password.current')}
              name="current-password"
              autoComplete="current-password"
              required
              withAsterisk={false}
              value={current}
              onChange={(event) => setCurrent(event.currentTarget.value)}
              error={currentError}
              visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
            />
            <PasswordInput
              label={t('password.new')}
              description={t('password.policy')}
              name="new-password"
              autoComplete="new-password"
              required
              withAsterisk={false}
              value={next}
              onChange={(event) => setNext(event.currentTarget.value)}
              error={nextError}
              visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
            />
            <PasswordInput
              label={t('password.repeat')}
              name="repeat-password"
              autoComplete="new-password"
              required
              withAsterisk={false}
              value={repeat}
              onChange={(event) => setRepeat(event.currentTarget.value)}
              error={repeatError}
              visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
            />
            <Button
              type="submit"
              fullWidth
              loading={change.isPending}
              leftSection={<IconKey size={18} />}
            >
              {t('password.submit')}
            </Button>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
