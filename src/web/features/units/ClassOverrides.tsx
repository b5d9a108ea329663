import {
  Alert,
  Anchor,
  Button,
  Group,
  List,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ClassOverrideImportResponse,
  ClassOverrideView,
  ClassOverrideWriteResponse,
  ListClassOverridesResponse,
} from '../../../server/modules/units/api';
import {
  IconAlert,
  IconCheck,
  IconEdit,
  IconFile,
  IconPlus,
  IconPower,
} from '../../components/icons';
import { api, ApiError, buildUrl, toApiError } from '../../lib/api';
import { formatDate, parseDisplayDate } from '../../lib/format';
import { uploadWithProgress } from '../../lib/upload';
import type { UnitDetail } from './types';

type Kind = ClassOverrideView['kind'];
const KINDS: Kind[] = ['dbkk', 'atk', 'island', 'commune_group'];

const listKey = (code: string, asOf: string) => ['units', 'class-overrides', code, asOf];

/**
 * "Diện xã đặc biệt khó khăn, an toàn khu, xã đảo, nhóm xã": the statuses recorded for a commune
 * (or every commune of a province), with their basis; the province office adds, edits and ends
 * them in a modal (dates dd/mm/yyyy), and imports a whole province from Excel.
 */
export function ClassOverridesSection({ unit, asOf }: { unit: UnitDetail; asOf: string }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<ClassOverrideView | 'new' | null>(null);
  const [ending, setEnding] = useState<ClassOverrideView | null>(null);
  const list = useQuery({
    queryKey: listKey(unit.code, asOf),
    queryFn: ({ signal }) =>
      api<ListClassOverridesResponse>(
        `/api/v1/units/${encodeURIComponent(unit.code)}/class-overrides`,
        { query: { asOf, pageSize: 500 }, signal },
      ),
    retry: false,
  });
  // Outside the reader's scope (or signed out) the section is not shown at all.
  if (list.error instanceof ApiError && (list.error.status === 401 || list.error.status === 403)) {
    return null;
  }
  const manage = list.data?.permissions.manage ?? false;
  const items = list.data?.items ?? [];
  const isProvince = unit.level === 'province';

  return (
    <section aria-labelledby="class-overrides-title" data-testid="class-overrides">
      <Group justify="space-between" align="center" mb="xs" gap="sm">
        <Title order={2} id="class-overrides-title">
          {t('classOverrides.title')}
        </Title>
        {manage && unit.level === 'commune' && (
          <Button
            variant="default"
            leftSection={<IconPlus size={18} />}
            onClick={() => setEditing('new')}
          >
            {t('classOverrides.add')}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed" mb="xs">
        {t('classOverrides.intro')}
      </Text>
      {list.isError && !(list.error instanceof ApiError && list.error.status < 500) && (
        <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
          {list.error.message}
        </Alert>
      )}
      {list.isSuccess && items.length === 0 && (
        <Text size="sm" data-testid="class-overrides-empty">
          {t('classOverrides.empty')}
        </Text>
      )}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped withTableBorder data-testid="class-overrides-table">
            <Table.Thead>
              <Table.Tr>
                {isProvince && <Table.Th>{t('classOverrides.commune')}</Table.Th>}
                <Table.Th>{t('classOverrides.kind')}</Table.Th>
                <Table.Th>{t('classOverrides.applies')}</Table.Th>
                <Table.Th>{t('classOverrides.basis')}</Table.Th>
                <Table.Th>{t('classOverrides.period')}</Table.Th>
                {manage && <Table.Th>{t('classOverrides.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <Table.Tr key={item.id}>
                  {isProvince && (
                    <Table.Td>
                      {item.unit.name} ({item.unit.code})
                    </Table.Td>
                  )}
                  <Table.Td>{t(`classOverrides.kinds.${item.kind}`)}</Table.Td>
                  <Table.Td>
                    {item.classValue === null
                      ? t('classOverrides.notApplied')
                      : item.kind === 'commune_group'
                        ? t('classOverrides.group', { group: item.classValue })
                        : t('classOverrides.region', { region: item.classValue })}
                  </Table.Td>
                  <Table.Td>{item.basis}</Table.Td>
                  <Table.Td>
                    {formatDate(item.validFrom)} –{' '}
                    {item.validTo ? formatDate(item.validTo) : t('classOverrides.open')}
                  </Table.Td>
                  {manage && (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          leftSection={<IconEdit size={16} />}
                          onClick={() => setEditing(item)}
                          aria-label={t('classOverrides.editOf', { name: item.unit.name })}
                        >
                          {t('classOverrides.edit')}
                        </Button>
                        {item.validTo === null && (
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            color="orange"
                            leftSection={<IconPower size={16} />}
                            onClick={() => setEnding(item)}
                          >
                            {t('classOverrides.end')}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {manage && isProvince && <ProvinceImport unit={unit} asOf={asOf} />}
      {editing && (
        <ClassOverrideModal
          unit={unit}
          asOf={asOf}
          record={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      {ending && (
        <ClassOverrideModal
          unit={unit}
          asOf={asOf}
          record={ending}
          ending
          onClose={() => setEnding(null)}
        />
      )}
    </section>
  );
}

interface FormState {
  kind: Kind;
  group: string;
  basisNumber: string;
  basisDate: string;
  validFrom: string;
  validTo: string;
  note: string;
}

function initialState(record: ClassOverrideView | null, ending: boolean): FormState {
  return {
    kind: record?.kind ?? 'dbkk',
    group: record?.kind === 'commune_group' ? (record.classValue ?? '') : '',
    basisNumber: record?.basisNumber ?? '',
    basisDate: record ? formatDate(record.basisDate) : '',
    validFrom: record ? formatDate(record.validFrom) : '',
    validTo: record?.validTo ? formatDate(record.validTo) : ending ? '' : '',
    note: record?.note ?? '',
  };
}

/** The add / edit / end form in a Mantine modal; dates typed dd/mm/yyyy, checked by the server. */
function ClassOverrideModal({
  unit,
  asOf,
  record,
  ending = false,
  onClose,
}: {
  unit: UnitDetail;
  asOf: string;
  record: ClassOverrideView | null;
  ending?: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  const queryClient = useQueryClient();
  const [form, setForm] = useState<FormState>(() => initialState(record, ending));
  const [dateError, setDateError] = useState<string | null>(null);
  const set = (field: keyof FormState) => (value: string) =>
    setForm((current) => ({ ...current, [field]: value }));

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      record
        ? api<ClassOverrideWriteResponse>(`/api/v1/class-overrides/${record.id}`, {
            method: 'PUT',
            json: { ...body, version: record.version },
          })
        : api<ClassOverrideWriteResponse>(
            `/api/v1/units/${encodeURIComponent(unit.code)}/class-overrides`,
            { method: 'POST', json: body },
          ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: listKey(unit.code, asOf) });
      await queryClient.invalidateQueries({ queryKey: ['values'] });
      onClose();
    },
  });

  /** A typed date as ISO; empty stays empty (the server says what is required). */
  const iso = (text: string): string | null | false => {
    if (text.trim() === '') return null;
    return parseDisplayDate(text.trim()) ?? false;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const dates = {
      basisDate: iso(form.basisDate),
      validFrom: iso(form.validFrom),
      validTo: iso(form.validTo),
    };
    const bad = (['basisDate', 'validFrom', 'validTo'] as const).find(
      (field) => dates[field] === false,
    );
    if (bad) {
      setDateError(t('classOverrides.badDate', { field: t(`classOverrides.fields.${bad}`) }));
      return;
    }
    if (ending && dates.validTo === null) {
      setDateError(t('classOverrides.endRequired'));
      return;
    }
    setDateError(null);
    save.mutate({
      ...(record ? {} : { kind: form.kind }),
      classValue: form.kind === 'commune_group' ? form.group : null,
      basisNumber: form.basisNumber,
      basisDate: dates.basisDate,
      validFrom: dates.validFrom,
      validTo: dates.validTo,
      note: form.note.trim() === '' ? null : form.note,
    });
  };

  const title = ending
    ? t('classOverrides.endTitle', { name: record?.unit.name ?? unit.name })
    : record
      ? t('classOverrides.editTitle', { name: record.unit.name })
      : t('classOverrides.addTitle', { name: unit.name });
  const placeholder = 'dd/mm/yyyy';

  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      size="lg"
      fullScreen={phone}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate data-testid="class-override-form">
        <Stack gap="md">
          {(save.error ?? dateError) && (
            <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
              {dateError ?? save.error?.message}
            </Alert>
          )}
          {!ending && (
            <>
              <Select
                label={t('classOverrides.kind')}
                data={KINDS.map((kind) => ({
                  value: kind,
                  label: t(`classOverrides.kinds.${kind}`),
                }))}
                value={form.kind}
                onChange={(value) => value && set('kind')(value)}
                disabled={record !== null}
                allowDeselect={false}
                description={t(`classOverrides.kindHelp.${form.kind}`)}
              />
              {form.kind === 'commune_group' && (
                <Select
                  label={t('classOverrides.fields.classValue')}
                  data={['1', '2', '3'].map((group) => ({
                    value: group,
                    label: t('classOverrides.group', { group }),
                  }))}
                  value={form.group || null}
                  onChange={(value) => set('group')(value ?? '')}
                  required
                />
              )}
              <TextInput
                label={t('classOverrides.fields.basisNumber')}
                placeholder="123/QĐ-UBND"
                value={form.basisNumber}
                onChange={(event) => set('basisNumber')(event.currentTarget.value)}
                required
              />
              <Group grow align="flex-start">
                <TextInput
                  label={t('classOverrides.fields.basisDate')}
                  placeholder={placeholder}
                  inputMode="numeric"
                  value={form.basisDate}
                  onChange={(event) => set('basisDate')(event.currentTarget.value)}
                  required
                />
                <TextInput
                  label={t('classOverrides.fields.validFrom')}
                  placeholder={placeholder}
                  inputMode="numeric"
                  value={form.validFrom}
                  onChange={(event) => set('validFrom')(event.currentTarget.value)}
                  required
                />
              </Group>
            </>
          )}
          <TextInput
            label={t('classOverrides.fields.validTo')}
            description={ending ? t('classOverrides.endHelp') : t('classOverrides.validToHelp')}
            placeholder={placeholder}
            inputMode="numeric"
            value={form.validTo}
            onChange={(event) => set('validTo')(event.currentTarget.value)}
            required={ending}
          />
          {!ending && (
            <Textarea
              label={t('classOverrides.fields.note')}
              value={form.note}
              onChange={(event) => set('note')(event.currentTarget.value)}
              autosize
              minRows={2}
            />
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} leftSection={<IconCheck size={18} />}>
              {ending ? t('classOverrides.end') : t('classOverrides.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Province offices: the Excel template of the province and the import of a filled file. */
function ProvinceImport({ unit, asOf }: { unit: UnitDetail; asOf: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<
    { ok: ClassOverrideImportResponse } | { error: string; errors: string[] } | null
  >(null);
  const base = `/api/v1/units/${encodeURIComponent(unit.code)}/class-overrides`;

  const upload = async (file: File) => {
    setBusy(true);
    setResult(null);
    try {
      const answer = await uploadWithProgress(buildUrl(`${base}/import`), file, {
        signal: new AbortController().signal,
      });
      if (answer.status === 200) {
        setResult({ ok: answer.body as ClassOverrideImportResponse });
        await queryClient.invalidateQueries({ queryKey: listKey(unit.code, asOf) });
      } else {
        const errors = (answer.body as { errors?: Array<{ message: string }> } | undefined)?.errors;
        setResult({
          error: toApiError(answer.status, answer.body).message,
          errors: (errors ?? []).map((error) => error.message),
        });
      }
    } catch (error) {
      setResult({ error: (error as Error).message, errors: [] });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <Stack gap="xs" mt="md">
      <Group gap="sm">
        <Anchor href={buildUrl(`${base}/template`)} download>
          <Group gap={4} component="span">
            <IconFile size={18} />
            {t('classOverrides.template')}
          </Group>
        </Anchor>
        <Button variant="default" loading={busy} onClick={() => input.current?.click()}>
          {t('classOverrides.import')}
        </Button>
        <input
          ref={input}
          type="file"
          accept=".xlsx,.csv"
          hidden
          aria-label={t('classOverrides.import')}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file) void upload(file);
          }}
        />
      </Group>
      {result && 'ok' in result && (
        <Alert color="green" variant="light" icon={<IconCheck />} role="status">
          {t('classOverrides.imported', {
            count: result.ok.created,
            reevaluated: result.ok.reevaluated,
          })}
        </Alert>
      )}
      {result && 'error' in result && (
        <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
          <Text size="sm">{result.error}</Text>
          {result.errors.length > 0 && (
            <List size="sm" mt="xs">
              {result.errors.map((message) => (
                <List.Item key={message}>{message}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
    </Stack>
  );
}
