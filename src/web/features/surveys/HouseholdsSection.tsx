import {
  Alert,
  Anchor,
  Button,
  FileInput,
  Group,
  List,
  Pagination,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  IconCheck,
  IconDownloadFile,
  IconPlus,
  IconSearch,
  IconTrash,
} from '../../components/icons';
import { StatusBadge } from '../../components/StatusBadge';
import { ApiError } from '../../lib/api';
import { formatNumber } from '../../lib/format';
import { ActionError } from '../recognition/Badges';
import type { CampaignDetail } from './types';
import {
  rollTemplateUrl,
  useAddHouseholds,
  useHouseholds,
  useImportRoll,
  useRemoveHousehold,
} from './useSurveys';

const PAGE_SIZE = 20;

export function VillagesTable({ campaign }: { campaign: CampaignDetail }) {
  const { t } = useTranslation();
  const total = campaign.villages.reduce(
    (sum, village) => ({
      households: sum.households + village.households,
      answered: sum.answered + village.answered,
      activeCodes: sum.activeCodes + village.activeCodes,
    }),
    { households: 0, answered: 0, activeCodes: 0 },
  );
  if (campaign.villages.length === 0) {
    return <Text c="dimmed">{t('surveys.households.noRoll')}</Text>;
  }
  return (
    <Table.ScrollContainer minWidth={0}>
      <Table withTableBorder striped data-testid="villages-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('surveys.households.village')}</Table.Th>
            <Table.Th>{t('surveys.households.households')}</Table.Th>
            <Table.Th>{t('surveys.households.answered')}</Table.Th>
            <Table.Th>{t('surveys.households.activeCodes')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {campaign.villages.map((village) => (
            <Table.Tr key={`${village.communeUnitId}-${village.village}`} data-testid="village-row">
              <Table.Td>{village.village}</Table.Td>
              <Table.Td>{formatNumber(village.households)}</Table.Td>
              <Table.Td>{formatNumber(village.answered)}</Table.Td>
              <Table.Td>{formatNumber(village.activeCodes)}</Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr fw={700}>
            <Table.Td>{t('surveys.common.total')}</Table.Td>
            <Table.Td>{formatNumber(total.households)}</Table.Td>
            <Table.Td>{formatNumber(total.answered)}</Table.Td>
            <Table.Td>{formatNumber(total.activeCodes)}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The rows and columns a refused roll names, each in Vietnamese (the body's `errors`). */
export function rollErrors(
  error: unknown,
): { row: number | null; column: string | null; message: string }[] {
  if (!(error instanceof ApiError) || typeof error.body !== 'object' || error.body === null)
    return [];
  const list = (error.body as { errors?: unknown }).errors;
  if (!Array.isArray(list)) return [];
  return list
    .filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
    .map((item) => ({
      row: typeof item.row === 'number' ? item.row : null,
      column: typeof item.column === 'string' ? item.column : null,
      message: typeof item.message === 'string' ? item.message : '',
    }))
    .filter((item) => item.message !== '');
}

function RollImport({ campaign }: { campaign: CampaignDetail }) {
  const { t } = useTranslation();
  const importRoll = useImportRoll(campaign);
  const [file, setFile] = useState<File | null>(null);
  const abort = useRef<AbortController | null>(null);
  const errors = rollErrors(importRoll.error);
  const submit = () => {
    if (!file) return;
    abort.current = new AbortController();
    importRoll.mutate({ file, signal: abort.current.signal });
  };
  return (
    <Stack gap="sm" data-testid="roll-import">
      <Title order={3} size="h4">
        {t('surveys.households.importTitle')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('surveys.households.importLead')}
      </Text>
      <Anchor href={rollTemplateUrl(campaign.id)} download data-testid="roll-template">
        <Group gap={6} component="span" wrap="nowrap">
          <IconDownloadFile size={18} />
          {t('surveys.households.template')}
        </Group>
      </Anchor>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <FileInput
          label={t('surveys.households.file')}
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          value={file}
          onChange={setFile}
          clearable
          w={320}
          maw="100%"
          data-testid="roll-file"
        />
        <Button
          onClick={submit}
          disabled={!file}
          loading={importRoll.isPending}
          mih={44}
          data-testid="roll-upload"
        >
          {t('surveys.households.upload')}
        </Button>
      </Group>
      {importRoll.data && !importRoll.isPending && (
        <Alert color="green" variant="light" icon={<IconCheck />} data-testid="roll-imported">
          {t('surveys.households.imported', {
            households: formatNumber(importRoll.data.households),
            villages: formatNumber(importRoll.data.villages),
          })}
        </Alert>
      )}
      <ActionError error={importRoll.error} />
      {errors.length > 0 && (
        <List size="sm" data-testid="roll-errors">
          {errors.map((item, index) => (
            <List.Item key={`${item.row}-${item.column}-${index}`}>{item.message}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

function AddHousehold({ campaign }: { campaign: CampaignDetail }) {
  const { t } = useTranslation();
  const add = useAddHouseholds(campaign);
  const [village, setVillage] = useState('');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [tried, setTried] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!village.trim() || !code.trim() || !name.trim()) return;
    add.mutate(
      [
        {
          village: village.trim(),
          householdCode: code.trim(),
          headName: name.trim(),
          ...(address.trim() ? { address: address.trim() } : {}),
        },
      ],
      {
        onSuccess: () => {
          setCode('');
          setName('');
          setAddress('');
          setTried(false);
        },
      },
    );
  };
  const required = (value: string) =>
    tried && !value.trim() ? t('surveys.common.required') : null;
  return (
    <form onSubmit={submit} noValidate data-testid="add-household">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('surveys.households.addTitle')}
        </Title>
        <Group gap="sm" align="flex-start" wrap="wrap">
          <TextInput
            label={t('surveys.households.village')}
            value={village}
            onChange={(event) => setVillage(event.currentTarget.value)}
            error={required(village)}
            required
            list="survey-villages"
          />
          <datalist id="survey-villages">
            {campaign.villages.map((item) => (
              <option key={item.village} value={item.village} />
            ))}
          </datalist>
          <TextInput
            label={t('surveys.households.code')}
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            error={required(code)}
            required
          />
          <TextInput
            label={t('surveys.households.head')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={required(name)}
            required
          />
          <TextInput
            label={t('surveys.households.address')}
            value={address}
            onChange={(event) => setAddress(event.currentTarget.value)}
          />
        </Group>
        <ActionError error={add.error} />
        <Group>
          <Button
            type="submit"
            leftSection={<IconPlus size={18} />}
            loading={add.isPending}
            mih={44}
            data-testid="add-household-submit"
          >
            {t('surveys.households.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function HouseholdsSection({ campaign }: { campaign: CampaignDetail }) {
  const { t } = useTranslation();
  const [village, setVillage] = useState<string | null>(null);
  const [answered, setAnswered] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 300);
  const [page, setPage] = useState(1);
  const households = useHouseholds(campaign.id, {
    village: village ?? undefined,
    q: q || undefined,
    answered: answered === 'yes' || answered === 'no' ? answered : undefined,
    page,
    pageSize: PAGE_SIZE,
  });
  const remove = useRemoveHousehold(campaign);
  const planned = campaign.state === 'planned' && campaign.canManage;
  const pages = households.data ? Math.max(1, Math.ceil(households.data.total / PAGE_SIZE)) : 1;

  return (
    <Stack gap="lg" data-testid="households-section">
      <VillagesTable campaign={campaign} />
      {planned && <RollImport campaign={campaign} />}
      {planned && <AddHousehold campaign={campaign} />}
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('surveys.households.listTitle')}
        </Title>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            type="search"
            label={t('surveys.households.search')}
            value={text}
            onChange={(event) => {
              setText(event.currentTarget.value);
              setPage(1);
            }}
            leftSection={<IconSearch size={18} />}
            w={260}
            maw="100%"
            data-testid="household-search"
          />
          <Select
            label={t('surveys.households.village')}
            data={[
              { value: '', label: t('surveys.common.all') },
              ...campaign.villages.map((item) => ({ value: item.village, label: item.village })),
            ]}
            value={village ?? ''}
            onChange={(value) => {
              setVillage(value || null);
              setPage(1);
            }}
            allowDeselect={false}
            w={200}
          />
          <Select
            label={t('surveys.households.answered')}
            data={[
              { value: '', label: t('surveys.common.all') },
              { value: 'yes', label: t('surveys.households.answeredYes') },
              { value: 'no', label: t('surveys.households.answeredNo') },
            ]}
            value={answered ?? ''}
            onChange={(value) => {
              setAnswered(value || null);
              setPage(1);
            }}
            allowDeselect={false}
            w={200}
          />
        </Group>
        <ActionError error={households.error ?? remove.error} />
        {households.data && (
          <>
            <Text size="sm" c="dimmed" aria-live="polite">
              {t('surveys.households.total', { count: households.data.total })}
            </Text>
            <Table.ScrollContainer minWidth={0}>
              <Table striped stickyHeader data-testid="household-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('surveys.households.code')}</Table.Th>
                    <Table.Th>{t('surveys.households.head')}</Table.Th>
                    <Table.Th>{t('surveys.households.village')}</Table.Th>
                    <Table.Th>{t('surveys.households.address')}</Table.Th>
                    <Table.Th>{t('surveys.households.answered')}</Table.Th>
                    <Table.Th>{t('surveys.households.code2')}</Table.Th>
                    {planned && <Table.Th />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {households.data.items.map((household) => (
                    <Table.Tr key={household.id} data-testid="household-row">
                      <Table.Td>{household.householdCode}</Table.Td>
                      <Table.Td>{household.headName}</Table.Td>
                      <Table.Td>{household.village}</Table.Td>
                      <Table.Td>{household.address ?? ''}</Table.Td>
                      <Table.Td>
                        {household.answered ? (
                          <StatusBadge tone="success" icon={<IconCheck size={16} />}>
                            {t('surveys.households.answeredYes')}
                            {household.channel && ` (${t(`surveys.channel.${household.channel}`)})`}
                          </StatusBadge>
                        ) : (
                          <Text size="sm">{t('surveys.households.answeredNo')}</Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {household.activeCode
                          ? t('surveys.households.codeActive')
                          : t('surveys.households.codeNone')}
                      </Table.Td>
                      {planned && (
                        <Table.Td>
                          <Button
                            variant="subtle"
                            color="red"
                            size="compact-sm"
                            leftSection={<IconTrash size={16} />}
                            onClick={() => remove.mutate(household.id)}
                            aria-label={t('surveys.households.remove', {
                              name: household.headName,
                            })}
                          >
                            {t('surveys.households.removeShort')}
                          </Button>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {pages > 1 && (
              <Pagination
                total={pages}
                value={page}
                onChange={setPage}
                getControlProps={(control) => ({
                  'aria-label': t(`pagination.${control}`),
                })}
              />
            )}
          </>
        )}
      </Stack>
    </Stack>
  );
}
