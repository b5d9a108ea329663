import {
  ActionIcon,
  Alert,
  Button,
  Fieldset,
  Group,
  Modal,
  PasswordInput,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { IconAlert, IconPlus, IconTrash } from '../../components/icons';
import { ApiError } from '../../lib/api';
import type { Role } from '../auth/types';
import { NATIONAL_ROLES } from '../auth/types';
import { UnitPicker } from '../units/UnitPicker';
import type { PickedUnit } from '../units/UnitPicker';
import { useCreateUser, useUpdateUser } from './useUsers';
import type { User } from './useUsers';
import classes from './UserFormModal.module.css';

interface RoleRow {
  key: number;
  role: Role | null;
  unit: PickedUnit | null;
}

interface UserFormModalProps {
  opened: boolean;
  onClose: () => void;
  /** The user to edit (its latest known version); absent: a new user. */
  user?: User;
  grantable: readonly Role[];
  onSaved: (user: User) => void;
}

/** Create or edit an account: identity, contact, unit of work and roles (each with its unit). */
export function UserFormModal({ opened, onClose, user, grantable, onSaved }: UserFormModalProps) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  const [conflict, setConflict] = useState<string | null>(null);

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={user ? t('users.editTitle', { username: user.username }) : t('users.createTitle')}
      size="lg"
      fullScreen={phone}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {conflict && (
        <Alert color="orange" variant="light" icon={<IconAlert />} role="alert" mb="md">
          <Text size="sm">{conflict}</Text>
          <Text size="sm" mt={4}>
            {t('users.conflictReloaded')}
          </Text>
        </Alert>
      )}
      {/* A new version of the user (after a conflict) reloads the form with what is saved now. */}
      <UserForm
        key={user ? `${user.id}:${user.version}` : 'new'}
        user={user}
        grantable={grantable}
        onCancel={onClose}
        onSaved={(saved) => {
          setConflict(null);
          onSaved(saved);
        }}
        onConflict={setConflict}
      />
    </Modal>
  );
}

/** The user was saved by someone else since the form was opened (optimistic locking). */
function isVersionConflict(error: Error): boolean {
  return error instanceof ApiError && error.status === 409 && error.code === 'conflict';
}

let nextRowKey = 1;
function row(role: Role | null, unit: PickedUnit | null): RoleRow {
  nextRowKey += 1;
  return { key: nextRowKey, role, unit };
}

function UserForm({
  user,
  grantable,
  onCancel,
  onSaved,
  onConflict,
}: {
  user?: User;
  grantable: readonly Role[];
  onCancel: () => void;
  onSaved: (user: User) => void;
  onConflict: (message: string) => void;
}) {
  const { t } = useTranslation();
  const create = useCreateUser();
  const update = useUpdateUser();
  const [username, setUsername] = useState(user?.username ?? '');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [phoneNumber, setPhoneNumber] = useState(user?.phone ?? '');
  const [unit, setUnit] = useState<PickedUnit | null>(user?.unit ?? null);
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<RoleRow[]>(() =>
    user && user.roles.length > 0
      ? user.roles.map((assignment) =>
          row(
            assignment.role,
            assignment.unit ? { code: assignment.unit.code, name: assignment.unit.name } : null,
          ),
        )
      : [row(null, null)],
  );
  const [touched, setTouched] = useState(false);
  const mutation = user ? update : create;

  // Roles the manager may not grant stay listed (the server keeps them) but cannot be picked.
  const roleOptions = (current: Role | null) =>
    [...new Set<Role>([...grantable, ...(current ? [current] : [])])].map((role) => ({
      value: role,
      label: t(`roles.${role}`),
      disabled: !grantable.includes(role),
    }));

  const errors = {
    username: touched && !user && username.trim() === '' ? t('users.required') : null,
    displayName: touched && displayName.trim() === '' ? t('users.required') : null,
    password: touched && !user && password === '' ? t('users.required') : null,
    roles: touched && roles.length === 0 ? t('users.roleRequired') : null,
  };
  const roleErrors = roles.map((entry) => ({
    role: touched && !entry.role ? t('users.required') : null,
    unit:
      touched && entry.role && !NATIONAL_ROLES.includes(entry.role) && !entry.unit
        ? t('users.unitRequired')
        : null,
  }));
  const invalid =
    Object.values(errors).some(Boolean) ||
    roleErrors.some((e) => e.role !== null || e.unit !== null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    const rolesValid =
      roles.length > 0 && roles.every((r) => r.role && (NATIONAL_ROLES.includes(r.role) || r.unit));
    if (!rolesValid || displayName.trim() === '') return;
    if (!user && (username.trim() === '' || password === '')) return;
    const assignments = roles.map((r) => ({
      role: r.role as Role,
      ...(r.unit && !NATIONAL_ROLES.includes(r.role as Role) ? { unitCode: r.unit.code } : {}),
    }));
    const contact = {
      displayName: displayName.trim(),
      email: email.trim() === '' ? null : email.trim(),
      phone: phoneNumber.trim() === '' ? null : phoneNumber.trim(),
    };
    if (user) {
      update.mutate(
        { id: user.id, version: user.version, ...contact, roles: assignments },
        {
          onSuccess: onSaved,
          onError: (error) => {
            if (isVersionConflict(error)) onConflict(error.message);
          },
        },
      );
    } else {
      create.mutate(
        {
          username: username.trim(),
          ...contact,
          unitCode: unit?.code ?? null,
          password,
          roles: assignments,
        },
        { onSuccess: onSaved },
      );
    }
  };

  // A stale version (409 on an edit) is told above the form, which reloads; other errors here.
  const serverError =
    mutation.error && !(user && isVersionConflict(mutation.error)) ? mutation.error.message : null;

  return (
    <form onSubmit={submit} noValidate aria-label={t(user ? 'users.editForm' : 'users.createForm')}>
      <Stack gap="md">
        {serverError && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlert />}
            role="alert"
            title={t('users.saveFailed')}
          >
            {serverError}
          </Alert>
        )}
        {touched && invalid && (
          <Text size="sm" c="red.9" role="status">
            {t('users.fixErrors')}
          </Text>
        )}
        <TextInput
          label={t('users.username')}
          description={user ? undefined : t('users.usernameHint')}
          value={username}
          onChange={(event) => setUsername(event.currentTarget.value)}
          disabled={!!user}
          required={!user}
          error={errors.username}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
        />
        <TextInput
          label={t('users.displayName')}
          value={displayName}
          onChange={(event) => setDisplayName(event.currentTarget.value)}
          required
          error={errors.displayName}
          autoComplete="off"
        />
        <div className={classes.pair}>
          <TextInput
            label={t('users.email')}
            type="email"
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            autoComplete="off"
          />
          <TextInput
            label={t('users.phone')}
            type="tel"
            value={phoneNumber}
            onChange={(event) => setPhoneNumber(event.currentTarget.value)}
            autoComplete="off"
          />
        </div>
        {!user && (
          <>
            <UnitPicker
              label={t('users.workUnit')}
              value={unit}
              onChange={setUnit}
              data-testid="work-unit"
            />
            <PasswordInput
              label={t('users.initialPassword')}
              description={t('users.initialPasswordHint')}
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              required
              error={errors.password}
              autoComplete="new-password"
              visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
            />
          </>
        )}

        <Fieldset legend={t('users.roles')} variant="filled">
          <Stack gap="md">
            {errors.roles && (
              <Text size="sm" c="red.9">
                {errors.roles}
              </Text>
            )}
            {roles.map((entry, index) => {
              const national = entry.role !== null && NATIONAL_ROLES.includes(entry.role);
              return (
                <Stack key={entry.key} gap="xs" data-testid={`role-row-${index}`}>
                  <Group align="flex-end" gap="xs" wrap="nowrap">
                    <Select
                      label={t('users.roleN', { n: index + 1 })}
                      data={roleOptions(entry.role)}
                      value={entry.role}
                      onChange={(value) =>
                        setRoles((rows) =>
                          rows.map((r) =>
                            r.key === entry.key ? { ...r, role: value ?? null } : r,
                          ),
                        )
                      }
                      required
                      error={roleErrors[index]?.role}
                      allowDeselect={false}
                      comboboxProps={{ withinPortal: true }}
                      style={{ flex: 1 }}
                    />
                    <ActionIcon
                      variant="default"
                      size={44}
                      aria-label={t('users.removeRole', { n: index + 1 })}
                      onClick={() => setRoles((rows) => rows.filter((r) => r.key !== entry.key))}
                      disabled={roles.length === 1}
                    >
                      <IconTrash size={18} />
                    </ActionIcon>
                  </Group>
                  {national ? (
                    <Text size="sm" c="dimmed">
                      {t('users.nationalRole')}
                    </Text>
                  ) : (
                    <UnitPicker
                      label={t('users.roleUnit', { n: index + 1 })}
                      value={entry.unit}
                      onChange={(picked) =>
                        setRoles((rows) =>
                          rows.map((r) => (r.key === entry.key ? { ...r, unit: picked } : r)),
                        )
                      }
                      required
                      error={roleErrors[index]?.unit}
                    />
                  )}
                </Stack>
              );
            })}
            <div>
              <Button
                variant="default"
                leftSection={<IconPlus size={18} />}
                onClick={() => setRoles((rows) => [...rows, row(null, null)])}
              >
                {t('users.addRole')}
              </Button>
            </div>
          </Stack>
        </Fieldset>

        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {user ? t('common.save') : t('users.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
