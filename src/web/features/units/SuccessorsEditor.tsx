import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SetSuccessorsBody } from '../../../server/modules/units/api';
import { IconAlert, IconPlus, IconTrash } from '../../components/icons';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import type { LineageKind, UnitDetail, UnitLineage } from './types';
import { UnitPicker } from './UnitPicker';
import type { PickedUnit } from './UnitPicker';

const KINDS: LineageKind[] = ['merge', 'split', 'rename', 'reparent'];

interface Row {
  key: number;
  unit: PickedUnit | null;
  kind: LineageKind | null;
}

let nextKey = 0;
const row = (unit: PickedUnit | null, kind: LineageKind | null): Row => {
  nextKey += 1;
  return { key: nextKey, unit, kind };
};

/** The day after a unit ended: when its successors start. */
function dayAfter(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/**
 * An administrator's correction of the lineage: the complete list of units an ended unit became
 * (PUT /api/v1/units/{code}/successors). Audited by the server, before and after.
 */
export function SuccessorsEditor({
  unit,
  lineage,
  onClose,
}: {
  unit: UnitDetail;
  lineage: UnitLineage;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  const queryClient = useQueryClient();
  const successorDate = unit.validTo ? dayAfter(unit.validTo) : undefined;
  const [rows, setRows] = useState<Row[]>(() =>
    lineage.successors.length > 0
      ? lineage.successors.map((s) => row({ code: s.code, name: s.name }, s.lineageKind))
      : [row(null, null)],
  );
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);

  const save = useMutation({
    mutationFn: (body: SetSuccessorsBody) =>
      api<UnitLineage>(`/api/v1/units/${encodeURIComponent(unit.code)}/successors`, {
        method: 'PUT',
        query: { asOf: unit.validFrom },
        json: body,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['units'] }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    const picked = rows.filter((r) => r.unit !== null);
    if (picked.length !== rows.length && rows.length > 1) return;
    save.mutate(
      {
        successors: picked.map((r) => ({
          code: (r.unit as PickedUnit).code,
          ...(successorDate ? { asOf: successorDate } : {}),
          ...(r.kind ? { kind: r.kind } : {}),
        })),
        ...(note.trim() ? { note: note.trim() } : {}),
      },
      { onSuccess: onClose },
    );
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('lineageEdit.title', { name: unit.name })}
      size="lg"
      fullScreen={phone}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            {t('lineageEdit.intro', {
              name: unit.name,
              date: formatDate(successorDate ?? unit.validFrom),
            })}
          </Text>
          {save.error && (
            <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
              {save.error.message}
            </Alert>
          )}
          {rows.map((entry, index) => (
            <Stack key={entry.key} gap="xs">
              <Group align="flex-end" gap="xs" wrap="nowrap">
                <div style={{ flex: 1, minWidth: 0 }}>
                  <UnitPicker
                    label={t('lineageEdit.successor', { n: index + 1 })}
                    value={entry.unit}
                    asOf={successorDate}
                    onChange={(picked) =>
                      setRows((all) =>
                        all.map((r) => (r.key === entry.key ? { ...r, unit: picked } : r)),
                      )
                    }
                    error={
                      touched && rows.length > 1 && !entry.unit ? t('users.required') : undefined
                    }
                  />
                </div>
                <ActionIcon
                  variant="default"
                  size={44}
                  aria-label={t('lineageEdit.remove', { n: index + 1 })}
                  onClick={() => setRows((all) => all.filter((r) => r.key !== entry.key))}
                  disabled={rows.length === 1}
                >
                  <IconTrash size={18} />
                </ActionIcon>
              </Group>
              <Select
                label={t('lineageEdit.kind', { n: index + 1 })}
                data={KINDS.map((kind) => ({ value: kind, label: t(`lineageKind.${kind}`) }))}
                value={entry.kind}
                onChange={(value) =>
                  setRows((all) =>
                    all.map((r) => (r.key === entry.key ? { ...r, kind: value ?? null } : r)),
                  )
                }
                placeholder={t('lineageEdit.kindAuto')}
                clearable
                comboboxProps={{ withinPortal: true }}
              />
            </Stack>
          ))}
          <div>
            <Button
              variant="default"
              leftSection={<IconPlus size={18} />}
              onClick={() => setRows((all) => [...all, row(null, null)])}
            >
              {t('lineageEdit.add')}
            </Button>
          </div>
          <Textarea
            label={t('lineageEdit.note')}
            description={t('lineageEdit.noteHint')}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={1000}
          />
          <Text size="sm" c="dimmed">
            {t('lineageEdit.emptyHint')}
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
