import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Modal,
  Progress,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { useEffect, useId, useRef, useState } from 'react';
import type { ChangeEvent, FormEvent, SVGProps } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceItem } from '../../../server/modules/values/api';
import { IconAlert, IconTrash } from '../../components/icons';
import { api, toApiError } from '../../lib/api';
import { uploadWithProgress } from '../../lib/upload';
import { formatDate } from '../../lib/format';
import {
  EVIDENCE_ACCEPT,
  evidenceKind,
  evidenceUrl,
  formatFileSize,
  thumbnailUrl,
  uploadUrl,
  type EvidenceKind,
} from './evidenceDisplay';
import classes from './EvidenceList.module.css';

export interface EvidenceListProps {
  unitCode: string;
  setCode: string;
  year: number;
  indicator: string;
  /** The indicator's evidence as GET values returns it (deleted files included, marked). */
  evidence: EvidenceItem[];
  /** The user may attach and delete (write scope, data neither submitted nor approved). */
  canEdit: boolean;
  /** Called after a file was attached or deleted: the owner reloads the values. */
  onChanged?: () => void;
}

// --- Icons (decorative; the kind is also written in words) --------------------------------------

type IconProps = SVGProps<SVGSVGElement> & { size?: number };

function Icon({ size = 24, children, ...props }: IconProps) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...props}
    >
      {children}
    </svg>
  );
}

const IconPaperclip = (p: IconProps) => (
  <Icon {...p}>
    <path d="M21 11.5l-8.6 8.6a5 5 0 0 1-7.1-7.1l8.6-8.6a3.3 3.3 0 0 1 4.7 4.7l-8.6 8.6a1.7 1.7 0 0 1-2.4-2.4l7.9-7.9" />
  </Icon>
);

function FileIcon({ kind }: { kind: EvidenceKind }) {
  const mark = {
    pdf: <path d="M8 13h1.5a1.5 1.5 0 0 1 0 3H8v-3zm0 3v2M13 13v5M13 13h2.5M13 15.5h2" />,
    image: (
      <>
        <circle cx="9.5" cy="12.5" r="1.5" />
        <path d="M6 19l4-4 2.5 2.5L15 15l3 4" />
      </>
    ),
    document: <path d="M8 12h8M8 15h8M8 18h5" />,
    spreadsheet: <path d="M7 12h10v7H7zM7 15.5h10M12 12v7" />,
    other: <path d="M9 15h6" />,
  }[kind];
  return (
    <Icon>
      <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" />
      <path d="M14 3v5h5" />
      {mark}
    </Icon>
  );
}

// --- Upload with progress (fetch cannot report upload progress) ---------------------------------

async function uploadFile(
  url: string,
  file: File,
  onProgress: (fraction: number) => void,
  signal: AbortSignal,
): Promise<EvidenceItem> {
  const { status, body } = await uploadWithProgress(url, file, { onProgress, signal });
  if (status === 201 && body !== undefined) return body as EvidenceItem;
  throw toApiError(status, body);
}

interface Uploading {
  name: string;
  index: number;
  total: number;
  percent: number;
}

interface Problem {
  key: number;
  text: string;
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

// --- The list -----------------------------------------------------------------------------------

/**
 * The evidence files of one indicator: thumbnails for images, an icon for other files, name, kind,
 * size, uploader and date; deleted files struck through with their reason. Writers attach files
 * (several at once, one request each, with a progress bar) and delete them with a reason.
 */
export function EvidenceList({
  unitCode,
  setCode,
  year,
  indicator,
  evidence,
  canEdit,
  onChanged,
}: EvidenceListProps) {
  const { t } = useTranslation();
  const inputId = useId();
  const hintId = useId();
  const [uploading, setUploading] = useState<Uploading | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [notice, setNotice] = useState('');
  const [toDelete, setToDelete] = useState<EvidenceItem | null>(null);
  const controller = useRef<AbortController | null>(null);
  const problemKey = useRef(0);

  // Leaving the page stops an upload in progress.
  useEffect(() => () => controller.current?.abort(), []);

  const addProblem = (text: string) =>
    setProblems((list) => [...list, { key: ++problemKey.current, text }]);

  const attach = async (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.currentTarget.files ?? [])];
    // The same file may be chosen again after an error.
    event.currentTarget.value = '';
    if (files.length === 0) return;
    setProblems([]);
    setNotice('');
    const abort = new AbortController();
    controller.current = abort;
    const url = uploadUrl(unitCode, indicator, setCode, year);
    const attached: string[] = [];
    try {
      for (const [index, file] of files.entries()) {
        if (file.size === 0) {
          addProblem(
            t('values.evidence.uploadFailed', {
              name: file.name,
              message: t('values.evidence.emptyFile'),
            }),
          );
          continue;
        }
        setUploading({ name: file.name, index: index + 1, total: files.length, percent: 0 });
        try {
          await uploadFile(
            url,
            file,
            (fraction) =>
              setUploading((current) =>
                current ? { ...current, percent: Math.round(fraction * 100) } : current,
              ),
            abort.signal,
          );
          attached.push(file.name);
        } catch (error) {
          if (isAbort(error)) {
            setNotice(t('values.evidence.cancelled'));
            break;
          }
          const message = error instanceof Error ? error.message : String(error);
          // The server's refusals name the file already; a network failure does not.
          addProblem(
            message.includes(file.name)
              ? message
              : t('values.evidence.uploadFailed', { name: file.name, message }),
          );
        }
      }
    } finally {
      setUploading(null);
      controller.current = null;
      if (attached.length > 0) {
        setNotice(attached.map((name) => t('values.evidence.uploaded', { name })).join(' '));
        onChanged?.();
      }
    }
  };

  const visible = evidence.filter((item) => item.deletedAt === null).length;

  return (
    <section className={classes.root} aria-label={t('values.evidence.listLabel', { indicator })}>
      <Text component="p" className={classes.heading}>
        {t('values.evidence.heading', { count: visible })}
      </Text>

      {evidence.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('values.evidence.empty')}
        </Text>
      ) : (
        <ul className={classes.list}>
          {evidence.map((item) => (
            <EvidenceRow
              key={item.id}
              item={item}
              canEdit={canEdit && uploading === null}
              onDelete={() => setToDelete(item)}
            />
          ))}
        </ul>
      )}

      {canEdit && (
        <div className={classes.attach}>
          <input
            id={inputId}
            className={classes.fileInput}
            type="file"
            multiple
            accept={EVIDENCE_ACCEPT}
            aria-label={t('values.evidence.attachLabel', { indicator })}
            aria-describedby={hintId}
            disabled={uploading !== null}
            onChange={(event) => void attach(event)}
          />
          <Button
            component="label"
            htmlFor={inputId}
            variant="light"
            className={classes.attachButton}
            leftSection={<IconPaperclip size={20} />}
            data-disabled={uploading !== null || undefined}
          >
            {t('values.evidence.attach')}
          </Button>
          <Text id={hintId} size="xs" c="dimmed">
            {t('values.evidence.acceptHint')}
          </Text>
        </div>
      )}

      {uploading && (
        <Stack gap={6} className={classes.progress}>
          <Text size="sm" role="status">
            {uploading.total > 1
              ? t('values.evidence.uploadingMany', { ...uploading })
              : t('values.evidence.uploading', { ...uploading })}
          </Text>
          <Group gap="sm" wrap="nowrap">
            <Progress
              value={uploading.percent}
              className={classes.bar}
              size="lg"
              aria-label={t('values.evidence.progressLabel', { name: uploading.name })}
            />
            <Button
              variant="subtle"
              color="gray"
              className={classes.touch}
              onClick={() => controller.current?.abort()}
            >
              {t('values.evidence.cancelUpload')}
            </Button>
          </Group>
        </Stack>
      )}

      {problems.map((problem) => (
        <Alert
          key={problem.key}
          color="red"
          variant="light"
          icon={<IconAlert />}
          role="alert"
          withCloseButton
          closeButtonLabel={t('values.evidence.dismiss')}
          classNames={{ closeButton: classes.closeTouch }}
          onClose={() => setProblems((list) => list.filter((p) => p.key !== problem.key))}
        >
          {problem.text}
        </Alert>
      ))}

      <Text size="sm" c="green.9" aria-live="polite" className={classes.notice}>
        {notice}
      </Text>

      {toDelete && (
        <DeleteModal
          item={toDelete}
          onClose={() => setToDelete(null)}
          onDeleted={() => {
            setNotice(t('values.evidence.removed', { name: toDelete.name }));
            setToDelete(null);
            onChanged?.();
          }}
        />
      )}
    </section>
  );
}

function EvidenceRow({
  item,
  canEdit,
  onDelete,
}: {
  item: EvidenceItem;
  canEdit: boolean;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  const kind = evidenceKind(item.mediaType);
  const deleted = item.deletedAt !== null;
  const meta = t('values.evidence.meta', {
    kind: t(`values.evidence.kind.${kind}`),
    size: formatFileSize(item.sizeBytes),
    by: item.createdBy,
    date: formatDate(item.createdAt),
  });
  return (
    <li className={classes.item} data-deleted={deleted || undefined}>
      <span className={classes.preview} data-kind={kind}>
        {item.hasThumbnail && !deleted ? (
          <img
            src={thumbnailUrl(item.id)}
            alt=""
            loading="lazy"
            decoding="async"
            width={48}
            height={48}
          />
        ) : (
          <FileIcon kind={kind} />
        )}
      </span>
      <div className={classes.body}>
        {deleted ? (
          <del className={classes.name}>{item.name}</del>
        ) : (
          <a
            className={classes.name}
            href={evidenceUrl(item.id)}
            target="_blank"
            rel="noopener noreferrer"
          >
            {item.name}
            <span className={classes.visuallyHidden}> {t('values.evidence.newTab')}</span>
          </a>
        )}
        <span className={classes.meta}>{meta}</span>
        {deleted && (
          <span className={classes.deletedNote}>
            {t('values.evidence.deletedNote', { reason: item.deleteReason ?? '' })}{' '}
            <span className={classes.deletedBy}>
              (
              {t('values.evidence.deletedBy', {
                name: item.deletedBy ?? '',
                date: formatDate(item.deletedAt),
              })}
              )
            </span>
          </span>
        )}
      </div>
      {canEdit && !deleted && (
        <ActionIcon
          variant="subtle"
          color="red"
          size={44}
          className={classes.touch}
          aria-label={t('values.evidence.deleteLabel', { name: item.name })}
          onClick={onDelete}
        >
          <IconTrash size={20} />
        </ActionIcon>
      )}
    </li>
  );
}

function DeleteModal({
  item,
  onClose,
  onDeleted,
}: {
  item: EvidenceItem;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const missing = reason.trim() === '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (missing || pending) return;
    setPending(true);
    setError(null);
    try {
      await api<EvidenceItem>(evidenceUrl(item.id), {
        method: 'DELETE',
        json: { reason: reason.trim() },
      });
      onDeleted();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setPending(false);
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('values.evidence.deleteTitle')}
      closeButtonProps={{ 'aria-label': t('common.close'), className: classes.closeTouch }}
    >
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="md">
          <Text size="sm" className={classes.breakable}>
            {t('values.evidence.deleteIntro', { name: item.name })}
          </Text>
          {error && (
            <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
              {error}
            </Alert>
          )}
          <Textarea
            label={t('values.evidence.reason')}
            placeholder={t('values.evidence.reasonPlaceholder')}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            required
            maxLength={2000}
            autosize
            minRows={2}
            error={touched && missing ? t('values.evidence.reasonRequired') : null}
            data-autofocus
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" className={classes.touch} onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              color="red"
              className={classes.touch}
              loading={pending}
              leftSection={<IconTrash size={18} />}
            >
              {t('values.evidence.confirmDelete')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
