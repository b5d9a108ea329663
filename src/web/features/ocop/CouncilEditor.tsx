import { Button, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError } from '../recognition/Badges';
import { COUNCIL_POSITIONS } from './types';
import type { CouncilMember, CouncilPosition, RoundDetail } from './types';
import { useSetCouncil, useUserSearch } from './useOcop';

/** The round's council: members picked from the accounts, each with a position; saved at once. */
export function CouncilEditor({ round }: { round: RoundDetail }) {
  const { t } = useTranslation();
  const save = useSetCouncil(round);
  const [members, setMembers] = useState<CouncilMember[]>(round.council);
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const users = useUserSearch(debounced);
  const [position, setPosition] = useState<CouncilPosition>('member');
  const options = (users.data?.items ?? [])
    .filter((user) => !members.some((member) => member.userId === user.id))
    .map((user) => ({ value: user.id, label: `${user.displayName} (${user.username})` }));
  const add = (userId: string | null) => {
    const user = users.data?.items.find((item) => item.id === userId);
    if (!user) return;
    setMembers((current) => [
      ...current,
      { userId: user.id, displayName: user.displayName, position },
    ]);
    setSearch('');
  };
  return (
    <Stack gap="sm" data-testid="council-editor">
      {members.length === 0 ? (
        <Text c="dimmed">{t('ocop.council.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={0}>
          <Table data-testid="council-table">
            <Table.Tbody>
              {members.map((member) => (
                <Table.Tr key={member.userId} data-testid="council-member">
                  <Table.Td>{member.displayName ?? member.userId}</Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={t('ocop.council.position')}
                      data={COUNCIL_POSITIONS.map((item) => ({
                        value: item,
                        label: t(`ocop.position.${item}`),
                      }))}
                      value={member.position}
                      allowDeselect={false}
                      onChange={(value) =>
                        value &&
                        setMembers((current) =>
                          current.map((item) =>
                            item.userId === member.userId ? { ...item, position: value } : item,
                          ),
                        )
                      }
                      w={160}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Button
                      variant="subtle"
                      color="red"
                      mih={44}
                      onClick={() =>
                        setMembers((current) =>
                          current.filter((item) => item.userId !== member.userId),
                        )
                      }
                    >
                      {t('ocop.council.remove')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('ocop.council.add')}
          placeholder={t('ocop.council.searchHint')}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          data={options}
          value={null}
          onChange={add}
          filter={({ options: all }) => all}
          nothingFoundMessage={debounced.length >= 2 ? t('ocop.council.noUser') : undefined}
          w={320}
          data-testid="council-search"
        />
        <Select
          label={t('ocop.council.position')}
          data={COUNCIL_POSITIONS.map((item) => ({
            value: item,
            label: t(`ocop.position.${item}`),
          }))}
          value={position}
          onChange={(value) => value && setPosition(value)}
          allowDeselect={false}
          w={160}
        />
      </Group>
      <ActionError error={save.error} />
      <Group>
        <Button
          mih={48}
          loading={save.isPending}
          onClick={() =>
            save.mutate(
              members.map((member) => ({ userId: member.userId, position: member.position })),
            )
          }
          data-testid="council-save"
        >
          {t('ocop.council.save')}
        </Button>
        {save.isSuccess && (
          <Text size="sm" c="green.8" data-testid="council-saved">
            {t('ocop.council.saved')}
          </Text>
        )}
      </Group>
    </Stack>
  );
}
