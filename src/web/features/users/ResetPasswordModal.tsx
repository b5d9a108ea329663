import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { IconAlert, IconKey } from '../../components/icons';
import { useResetPassword } from './useUsers';
import type { User } from './useUsers';

/** An administrator sets a new password; the user must change it at the next sign-in. */
export function ResetPasswordModal({
  user,
  onClose,
  onDone,
}: {
  user: User;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const reset = useResetPassword();
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (password === '') return;
    reset.mutate({ id: user.id, newPassword: password }, { onSuccess: onDone });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('users.resetTitle', { username: user.username })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">{t('users.resetIntro', { name: user.displayName })}</Text>
          {reset.error && (
            <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
              {reset.error.message}
            </Alert>
          )}
          <PasswordInput
            label={t('users.newPassword')}
            description={t('password.policy')}
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            required
            error={touched && password === '' ? t('users.required') : null}
            autoComplete="new-password"
            visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
            data-autofocus
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={reset.isPending} leftSection={<IconKey size={18} />}>
              {t('users.resetSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
