import {
  Alert,
  Button,
  Card,
  Group,
  Modal,
  Pagination,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  IconAlert,
  IconCheck,
  IconEdit,
  IconKey,
  IconPlus,
  IconPower,
  IconSearch,
} from '../components/icons';
import { RequireAuth } from '../features/auth/RequireAuth';
import { useSession } from '../features/auth/session';
import { canManageUsers, grantableRoles } from '../features/auth/types';
import { UnitPicker } from '../features/units/UnitPicker';
import type { PickedUnit } from '../features/units/UnitPicker';
import { ResetPasswordModal } from '../features/users/ResetPasswordModal';
import { roleText } from '../features/users/roleText';
import { UserFormModal } from '../features/users/UserFormModal';
import { UserStatus } from '../features/users/UserStatus';
import { useUpdateUser, useUserList } from '../features/users/useUsers';
import type { User } from '../features/users/useUsers';
import { ApiError } from '../lib/api';
import { formatNumber } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import classes from './UsersPage.module.css';

const PAGE_SIZE = 20;

export default function UsersPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('users.title'));
  return (
    <RequireAuth allow={canManageUsers}>
      <UsersView />
    </RequireAuth>
  );
}

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; id: string; fallback: User }
  | { kind: 'reset'; user: User }
  | { kind: 'toggle'; user: User };

function UsersView() {
  const { t } = useTranslation();
  const session = useSession();
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [page, setPage] = useState(1);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const users = useUserList({ q: debouncedQ, unit: unit?.code, page, pageSize: PAGE_SIZE });
  const grantable = grantableRoles(session.data);

  const items = users.data?.items ?? [];
  const total = users.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  // The edited user as the list now has it: after a conflict, the version that won.
  const editing =
    dialog?.kind === 'edit'
      ? (items.find((u) => u.id === dialog.id) ?? dialog.fallback)
      : undefined;

  const actions = {
    edit: (user: User) => setDialog({ kind: 'edit', id: user.id, fallback: user }),
    reset: (user: User) => setDialog({ kind: 'reset', user }),
    toggle: (user: User) => setDialog({ kind: 'toggle', user }),
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Stack gap={4}>
          <Title order={1}>{t('users.title')}</Title>
          <Text c="dimmed">{t('users.description')}</Text>
        </Stack>
        <Button
          leftSection={<IconPlus size={18} />}
          onClick={() => {
            setNotice(null);
            setDialog({ kind: 'create' });
          }}
        >
          {t('users.createButton')}
        </Button>
      </Group>

      {notice && (
        <Alert
          color="green"
          variant="light"
          icon={<IconCheck />}
          role="status"
          withCloseButton
          closeButtonLabel={t('common.close')}
          onClose={() => setNotice(null)}
        >
          {notice}
        </Alert>
      )}

      <div className={classes.filters} role="search" aria-label={t('users.filters')}>
        <TextInput
          type="search"
          label={t('users.search')}
          description={t('users.searchHint')}
          value={q}
          onChange={(event) => {
            setQ(event.currentTarget.value);
            setPage(1);
          }}
          leftSection={<IconSearch size={18} />}
          autoComplete="off"
        />
        <UnitPicker
          label={t('users.unitFilter')}
          description={t('users.unitFilterHint')}
          value={unit}
          onChange={(picked) => {
            setUnit(picked);
            setPage(1);
          }}
        />
      </div>

      {users.isError && (
        <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
          {users.error.message}
        </Alert>
      )}

      {users.isPending ? (
        <Stack gap="xs" role="status" aria-label={t('common.loading')}>
          <Skeleton height={44} />
          <Skeleton height={44} />
          <Skeleton height={44} />
        </Stack>
      ) : (
        users.data && (
          <>
            <Text size="sm" c="dimmed" aria-live="polite" data-testid="users-total">
              {t('users.total', { total: formatNumber(total) })}
            </Text>
            {items.length === 0 ? (
              <Text>{t('users.none')}</Text>
            ) : (
              <>
                <UsersTable users={items} actions={actions} />
                <UsersCards users={items} actions={actions} />
              </>
            )}
            {pages > 1 && (
              <Pagination
                total={pages}
                value={page}
                onChange={setPage}
                getControlProps={(control) => ({
                  'aria-label': t(`pagination.${control}`),
                })}
                getItemProps={(n) => ({ 'aria-label': t('pagination.page', { n }) })}
              />
            )}
          </>
        )
      )}

      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && (
        <UserFormModal
          key={dialog.kind === 'edit' ? dialog.id : 'create'}
          opened
          onClose={() => setDialog(null)}
          user={editing}
          grantable={grantable}
          onSaved={(saved) => {
            setDialog(null);
            setNotice(
              t(dialog.kind === 'create' ? 'users.created' : 'users.saved', {
                username: saved.username,
              }),
            );
          }}
        />
      )}
      {dialog?.kind === 'reset' && (
        <ResetPasswordModal
          user={dialog.user}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            setNotice(t('users.resetDone', { username: dialog.user.username }));
          }}
        />
      )}
      {dialog?.kind === 'toggle' && (
        <ToggleActiveModal
          user={items.find((u) => u.id === dialog.user.id) ?? dialog.user}
          onClose={() => setDialog(null)}
          onDone={(user) => {
            setDialog(null);
            setNotice(
              t(user.active ? 'users.activated' : 'users.deactivated', {
                username: user.username,
              }),
            );
          }}
        />
      )}
    </Stack>
  );
}

interface Actions {
  edit: (user: User) => void;
  reset: (user: User) => void;
  toggle: (user: User) => void;
}

function UserActions({
  user,
  actions,
  compact,
}: {
  user: User;
  actions: Actions;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const size = compact ? 'sm' : 'md';
  return (
    <Group gap={6} wrap="wrap">
      <Button
        size={size}
        variant="default"
        leftSection={<IconEdit size={16} />}
        onClick={() => actions.edit(user)}
        aria-label={t('users.editUser', { username: user.username })}
      >
        {t('common.edit')}
      </Button>
      <Button
        size={size}
        variant="default"
        leftSection={<IconKey size={16} />}
        onClick={() => actions.reset(user)}
        aria-label={t('users.resetUser', { username: user.username })}
      >
        {t('users.reset')}
      </Button>
      <Button
        size={size}
        variant="default"
        color={user.active ? 'red' : undefined}
        leftSection={<IconPower size={16} />}
        onClick={() => actions.toggle(user)}
        aria-label={t(user.active ? 'users.deactivateUser' : 'users.activateUser', {
          username: user.username,
        })}
      >
        {user.active ? t('users.deactivate') : t('users.activate')}
      </Button>
    </Group>
  );
}

function RoleList({ user }: { user: User }) {
  const { t } = useTranslation();
  return (
    <ul className={classes.roles}>
      {user.roles.map((assignment) => (
        <li key={`${assignment.role}-${assignment.unit?.code ?? ''}`}>{roleText(t, assignment)}</li>
      ))}
    </ul>
  );
}

function UsersTable({ users, actions }: { users: User[]; actions: Actions }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={960} visibleFrom="md" className={classes.table}>
      <Table
        stickyHeader
        striped
        highlightOnHover
        verticalSpacing="sm"
        aria-label={t('users.title')}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('users.user')}</Table.Th>
            <Table.Th scope="col">{t('users.workUnit')}</Table.Th>
            <Table.Th scope="col">{t('users.roles')}</Table.Th>
            <Table.Th scope="col">{t('users.status')}</Table.Th>
            <Table.Th scope="col">{t('users.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => (
            <Table.Tr key={user.id} data-testid={`user-row-${user.username}`}>
              <Table.Td>
                <Text fw={500}>{user.displayName}</Text>
                <Text size="sm" className={classes.username}>
                  {user.username}
                </Text>
                {(user.email || user.phone) && (
                  <Text size="sm" c="dimmed">
                    {[user.email, user.phone].filter(Boolean).join(' · ')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{user.unit?.name ?? '—'}</Table.Td>
              <Table.Td>
                <RoleList user={user} />
              </Table.Td>
              <Table.Td>
                <UserStatus user={user} />
              </Table.Td>
              <Table.Td>
                <UserActions user={user} actions={actions} compact />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function UsersCards({ users, actions }: { users: User[]; actions: Actions }) {
  const { t } = useTranslation();
  return (
    <Stack
      gap="sm"
      hiddenFrom="md"
      component="ul"
      className={classes.cards}
      aria-label={t('users.title')}
    >
      {users.map((user) => (
        <Card key={user.id} withBorder radius="md" padding="md" component="li">
          <Stack gap="xs">
            <div>
              <Text fw={700}>{user.displayName}</Text>
              <Text size="sm" c="dimmed" className={classes.username}>
                {user.username}
                {user.unit ? ` · ${user.unit.name}` : ''}
              </Text>
            </div>
            <RoleList user={user} />
            <UserStatus user={user} />
            <UserActions user={user} actions={actions} />
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}

function ToggleActiveModal({
  user,
  onClose,
  onDone,
}: {
  user: User;
  onClose: () => void;
  onDone: (user: User) => void;
}) {
  const { t } = useTranslation();
  const update = useUpdateUser();
  const conflict = update.error instanceof ApiError && update.error.status === 409;
  return (
    <Modal
      opened
      onClose={onClose}
      title={t(user.active ? 'users.deactivateTitle' : 'users.activateTitle', {
        username: user.username,
      })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack gap="md">
        <Text size="sm">
          {t(user.active ? 'users.deactivateIntro' : 'users.activateIntro', {
            name: user.displayName,
          })}
        </Text>
        {update.error && (
          <Alert
            color={conflict ? 'orange' : 'red'}
            variant="light"
            icon={<IconAlert />}
            role="alert"
          >
            <Text size="sm">{update.error.message}</Text>
            {conflict && (
              <Text size="sm" mt={4}>
                {t('users.conflictReloaded')}
              </Text>
            )}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            color={user.active ? 'red' : undefined}
            loading={update.isPending}
            leftSection={<IconPower size={18} />}
            onClick={() =>
              update.mutate(
                { id: user.id, version: user.version, active: !user.active },
                { onSuccess: onDone },
              )
            }
          >
            {user.active ? t('users.deactivate') : t('users.activate')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
