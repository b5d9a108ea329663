import { Alert, Button, Group, Progress, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportErrorItem, ImportResponse } from '../../../server/modules/values/api';
import { IconAlert } from '../../components/icons';
import { ApiError, buildUrl, toApiError } from '../../lib/api';
import { uploadWithProgress } from '../../lib/upload';
import classes from './ImportExportPanel.module.css';

export interface ImportExportPanelProps {
  unitCode: string;
  setCode: string;
  year: number;
  /** Called after an import changed values (the owner may reload more than the values query). */
  onImported?: () => void;
}

const ACCEPT =
  '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';

const unitPath = (code: string) => `/api/v1/units/${encodeURIComponent(code)}/values`;

/** The pre-filled xlsx form of the unit (a download; the server names the file). */
export function exportUrl(unitCode: string, setCode: string, year: number): string {
  return buildUrl(`${unitPath(unitCode)}/export`, { set: setCode, year });
}

/** An import refused by the server: its message and every problem of the file. */
export class ImportRejected extends ApiError {
  constructor(
    base: ApiError,
    readonly errors: ImportErrorItem[],
  ) {
    super(base.status, base.code, base.message, base.params);
  }
}

type Phase = { kind: 'uploading'; percent: number } | { kind: 'processing' };

/** POST multipart with upload progress (fetch cannot report it), then the server's verdict. */
async function uploadImport(
  url: string,
  file: File,
  onPhase: (phase: Phase) => void,
  signal: AbortSignal,
): Promise<ImportResponse> {
  const { status, body } = await uploadWithProgress(url, file, {
    onProgress: (fraction) => onPhase({ kind: 'uploading', percent: Math.round(fraction * 100) }),
    // Sent: the server now reads, checks and writes (one transaction).
    onSent: () => onPhase({ kind: 'processing' }),
    signal,
  });
  if (status === 200 && body !== undefined) return body as ImportResponse;
  const error = toApiError(status, body);
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  throw Array.isArray(errors) ? new ImportRejected(error, errors as ImportErrorItem[]) : error;
}

/**
 * The Excel round trip of one unit's values for a set and year: download the pre-filled form,
 * import a filled xlsx or CSV file with a real upload progress bar, then the outcome — how many
 * values changed, or every problem of the file in a table (sheet, row, column, message), nothing
 * having been written.
 */
export function ImportExportPanel({ unitCode, setCode, year, onImported }: ImportExportPanelProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const inputId = useId();
  const hintId = useId();
  const [phase, setPhase] = useState<Phase | null>(null);
  const [fileName, setFileName] = useState('');
  const controller = useRef<AbortController | null>(null);

  // Leaving the page stops an upload in progress.
  useEffect(() => () => controller.current?.abort(), []);

  const importFile = useMutation<ImportResponse, Error, File>({
    mutationFn: (file) => {
      controller.current = new AbortController();
      setPhase({ kind: 'uploading', percent: 0 });
      return uploadImport(
        buildUrl(`${unitPath(unitCode)}/import`, { set: setCode, year }),
        file,
        setPhase,
        controller.current.signal,
      );
    },
    onSettled: () => {
      setPhase(null);
      controller.current = null;
    },
    onSuccess: async (result) => {
      if (result.changed > 0) {
        // A province file changes many units: every values query may be stale.
        await queryClient.invalidateQueries({ queryKey: ['values'] });
        onImported?.();
      }
    },
  });

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setFileName(file.name);
    importFile.mutate(file);
  };

  const busy = phase !== null;
  const error = importFile.error;
  const cancelled = error instanceof DOMException && error.name === 'AbortError';
  const result = importFile.data;

  return (
    <section className={classes.root} aria-labelledby={`${inputId}-title`}>
      <Text component="h3" id={`${inputId}-title`} className={classes.heading}>
        {t('values.import.title')}
      </Text>
      <Text size="sm" c="dimmed" id={hintId}>
        {t('values.import.hint')}
      </Text>

      <Group gap="sm" className={classes.actions}>
        <Button
          component="a"
          href={exportUrl(unitCode, setCode, year)}
          download
          variant="light"
          className={classes.touch}
          aria-label={t('values.import.downloadLabel')}
        >
          {t('values.import.download')}
        </Button>
        <input
          id={inputId}
          className={classes.fileInput}
          type="file"
          accept={ACCEPT}
          aria-label={t('values.import.chooseLabel')}
          aria-describedby={hintId}
          disabled={busy}
          onChange={choose}
        />
        <Button
          component="label"
          htmlFor={inputId}
          className={classes.touch}
          data-disabled={busy || undefined}
        >
          {t('values.import.choose')}
        </Button>
      </Group>

      {phase && (
        <Stack gap={6}>
          <Text size="sm" role="status" aria-live="polite">
            {phase.kind === 'uploading'
              ? t('values.import.uploading', { name: fileName, percent: phase.percent })
              : t('values.import.processing')}
          </Text>
          <Group gap="sm" wrap="nowrap">
            <Progress
              className={classes.bar}
              size="lg"
              value={phase.kind === 'uploading' ? phase.percent : 100}
              striped={phase.kind === 'processing'}
              animated={phase.kind === 'processing'}
              aria-label={t('values.import.progressLabel', { name: fileName })}
            />
            {phase.kind === 'uploading' && (
              <Button
                variant="subtle"
                color="gray"
                className={classes.touch}
                onClick={() => controller.current?.abort()}
              >
                {t('values.import.cancel')}
              </Button>
            )}
          </Group>
        </Stack>
      )}

      {!busy && result && (
        <Alert color="green" variant="light" role="status" title={fileName}>
          {result.changed > 0
            ? t('values.import.success', { changed: result.changed, unchanged: result.unchanged })
            : t('values.import.nothingChanged', { unchanged: result.unchanged })}{' '}
          {result.units > 1 && t('values.import.units', { units: result.units })}
        </Alert>
      )}

      {!busy && cancelled && (
        <Alert color="gray" variant="light" role="status">
          {t('values.import.cancelled')}
        </Alert>
      )}

      {!busy && error && !cancelled && (
        <Alert color="red" variant="light" icon={<IconAlert />} role="alert" title={fileName}>
          {error.message}
        </Alert>
      )}

      {!busy && error instanceof ImportRejected && error.errors.length > 0 && (
        <div className={classes.errors}>
          <Table
            striped
            withTableBorder
            stickyHeader
            aria-label={t('values.import.errorsLabel', { count: error.errors.length })}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('values.import.column.sheet')}</Table.Th>
                <Table.Th scope="col">{t('values.import.column.row')}</Table.Th>
                <Table.Th scope="col">{t('values.import.column.column')}</Table.Th>
                <Table.Th scope="col">{t('values.import.column.message')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {error.errors.map((item, index) => (
                <Table.Tr key={index}>
                  <Table.Td>{item.sheet ?? '—'}</Table.Td>
                  <Table.Td>{item.row ?? '—'}</Table.Td>
                  <Table.Td>{item.column ?? '—'}</Table.Td>
                  <Table.Td>{item.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
    </section>
  );
}
