import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Group,
  Modal,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import {
  criteriaDraftPath,
  criteriaSetPath,
  FROM_PARAM,
  newCriteriaSetPath,
  paths,
} from '../app/paths';
import { IconAlert, IconCheck, IconEdit, IconInfo, IconRefresh } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { RequireAuth } from '../features/auth/RequireAuth';
import { hasRole } from '../features/auth/types';
import type { SetIssue, ValidationResult } from '../features/criteria/types';
import {
  SetInvalidError,
  useCreateSet,
  useCriteriaSetSource,
  usePublishSet,
  useUpdateSet,
  useValidateSet,
} from '../features/criteria/useCriteria';
import { IssueList, YamlEditor, type YamlEditorHandle } from '../features/criteria/YamlEditor';
import { BLANK_SET, nextVersionCode, withCode } from '../features/criteria/yamlText';
import { ApiError } from '../lib/api';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import classes from './CriteriaEditorPage.module.css';

type Mode = { kind: 'new'; from: string | undefined } | { kind: 'draft'; code: string };

type Outcome =
  | { kind: 'valid'; summary: NonNullable<ValidationResult['summary']> }
  | { kind: 'invalid'; message: string; issues: SetIssue[] }
  | { kind: 'saved'; code: string; version: number }
  | { kind: 'conflict'; message: string }
  | { kind: 'error'; message: string };

const isAdmin = (me: Parameters<typeof hasRole>[0]) => hasRole(me, 'admin');

/** The administrators' editor: a new draft (from a set's YAML), or a saved draft. */
export default function CriteriaEditorPage() {
  const { code } = useParams();
  return (
    <RequireAuth allow={isAdmin}>
      {code ? <EditDraft key={code} code={code} /> : <NewDraft />}
    </RequireAuth>
  );
}

function NewDraft() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const from = params.get(FROM_PARAM) ?? undefined;
  const source = useCriteriaSetSource(from);
  useDocumentTitle(t('criteriaEditor.newTitle'));
  if (from && source.isPending) return <PageLoader />;
  if (from && source.isError) return <LoadError message={source.error.message} />;
  const initial =
    from && source.data ? withCode(source.data.yaml, nextVersionCode(from)) : BLANK_SET;
  return <Editor key={from ?? ''} mode={{ kind: 'new', from }} initial={initial} version={0} />;
}

function EditDraft({ code }: { code: string }) {
  const { t } = useTranslation();
  const source = useCriteriaSetSource(code);
  const [generation, setGeneration] = useState(0);
  useDocumentTitle(t('criteriaEditor.editTitle', { code }));
  if (source.isPending) return <PageLoader />;
  if (source.isError) return <LoadError message={source.error.message} />;
  if (source.data.status === 'published') {
    return (
      <Stack gap="md" maw={720}>
        <Title order={1}>{t('criteriaEditor.editTitle', { code })}</Title>
        <Alert color="orange" variant="light" icon={<IconInfo />} role="alert">
          {t('criteriaEditor.notDraft', { code })}
        </Alert>
        <Group gap="sm">
          <Button component={Link} to={newCriteriaSetPath(code)}>
            {t('criteria.newVersion')}
          </Button>
          <Button component={Link} to={criteriaSetPath(code)} variant="default">
            {t('criteriaEditor.backToSet')}
          </Button>
        </Group>
      </Stack>
    );
  }
  return (
    <Editor
      key={`${code}:${generation}`}
      mode={{ kind: 'draft', code }}
      initial={source.data.yaml}
      version={source.data.version}
      onReload={() => void source.refetch().then(() => setGeneration((n) => n + 1))}
    />
  );
}

function LoadError({ message }: { message: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md" maw={720}>
      <Title order={1}>{t('criteriaEditor.newTitle')}</Title>
      <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
        {message}
      </Alert>
      <div>
        <Button component={Link} to={paths.criteria} variant="default">
          {t('criteria.backToList')}
        </Button>
      </div>
    </Stack>
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface EditorProps {
  mode: Mode;
  initial: string;
  /** The draft's version as read (0 for a new draft). */
  version: number;
  onReload?: () => void;
}

function Editor({ mode, initial, version: readVersion, onReload }: EditorProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const editor = useRef<YamlEditorHandle>(null);
  const [text, setText] = useState(initial);
  const [saved, setSaved] = useState(initial);
  const [version, setVersion] = useState(readVersion);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [confirming, setConfirming] = useState(false);
  const validate = useValidateSet();
  const create = useCreateSet();
  const update = useUpdateSet();
  const publish = usePublishSet();
  const dirty = mode.kind === 'new' || text !== saved;
  const busy = validate.isPending || create.isPending || update.isPending || publish.isPending;

  useEffect(() => {
    if (!dirty || mode.kind === 'new') return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty, mode.kind]);

  const issues = outcome?.kind === 'invalid' ? outcome.issues : [];
  const pathCode = mode.kind === 'draft' ? mode.code : (mode.from ?? 'moi');

  const failed = (error: unknown) => {
    if (error instanceof SetInvalidError) {
      setOutcome({ kind: 'invalid', message: error.message, issues: error.issues });
    } else if (error instanceof ApiError && error.status === 409) {
      setOutcome({ kind: 'conflict', message: error.message });
    } else setOutcome({ kind: 'error', message: messageOf(error) });
  };

  const onValidate = () => {
    setOutcome(null);
    validate.mutate(
      { code: pathCode, yaml: text },
      {
        onSuccess: (result) =>
          setOutcome(
            result.valid && result.summary
              ? { kind: 'valid', summary: result.summary }
              : {
                  kind: 'invalid',
                  message: t('criteriaEditor.invalid', { count: result.errors.length }),
                  issues: result.errors,
                },
          ),
        onError: failed,
      },
    );
  };

  const onSave = () => {
    setOutcome(null);
    if (mode.kind === 'new') {
      create.mutate(
        { yaml: text, ...(mode.from ? { basedOn: mode.from } : {}) },
        {
          onSuccess: (created) => void navigate(criteriaDraftPath(created.code)),
          onError: failed,
        },
      );
      return;
    }
    update.mutate(
      { code: mode.code, yaml: text, version },
      {
        onSuccess: (draft) => {
          setSaved(text);
          setVersion(draft.version);
          setOutcome({ kind: 'saved', code: draft.code, version: draft.version });
        },
        onError: failed,
      },
    );
  };

  const onPublish = () => {
    if (mode.kind !== 'draft') return;
    publish.mutate(
      { code: mode.code, version },
      {
        onSuccess: () => void navigate(criteriaSetPath(mode.code)),
        onError: (error) => {
          setConfirming(false);
          failed(error);
        },
      },
    );
  };

  const title =
    mode.kind === 'draft'
      ? t('criteriaEditor.editTitle', { code: mode.code })
      : mode.from
        ? t('criteriaEditor.newFrom', { code: mode.from })
        : t('criteriaEditor.newTitle');

  return (
    <Stack gap="md" maw={1040}>
      <nav aria-label={t('criteria.breadcrumb')}>
        <Breadcrumbs separator="›" separatorMargin={6} className={classes.breadcrumbs}>
          <Anchor component={Link} to={paths.criteria} className={classes.crumb}>
            {t('criteria.title')}
          </Anchor>
          {mode.kind === 'new' && mode.from && (
            <Anchor component={Link} to={criteriaSetPath(mode.from)} className={classes.crumb}>
              {mode.from}
            </Anchor>
          )}
          {mode.kind === 'draft' && (
            <Anchor component={Link} to={criteriaSetPath(mode.code)} className={classes.crumb}>
              {mode.code}
            </Anchor>
          )}
          <Text span aria-current="page" className={classes.crumb}>
            {mode.kind === 'draft' ? t('criteriaEditor.editCrumb') : t('criteriaEditor.newCrumb')}
          </Text>
        </Breadcrumbs>
      </nav>

      <Stack gap="xs">
        <Title order={1}>{title}</Title>
        <Text c="dimmed">{t('criteriaEditor.intro')}</Text>
      </Stack>

      <YamlEditor
        ref={editor}
        id="criteria-yaml"
        label={t('criteriaEditor.yaml')}
        description={t('criteriaEditor.yamlHint')}
        value={text}
        onChange={(value) => {
          setText(value);
          if (outcome?.kind === 'saved' || outcome?.kind === 'valid') setOutcome(null);
        }}
        issues={issues}
      />

      <Group gap="sm" className={classes.actions}>
        <Button variant="default" onClick={onValidate} loading={validate.isPending} disabled={busy}>
          {t('criteriaEditor.validate')}
        </Button>
        <Button
          onClick={onSave}
          loading={create.isPending || update.isPending}
          disabled={busy || (mode.kind === 'draft' && !dirty)}
          leftSection={<IconEdit size={18} />}
        >
          {t('criteriaEditor.save')}
        </Button>
        {mode.kind === 'draft' && (
          <Button
            color="green.8"
            onClick={() => setConfirming(true)}
            disabled={busy || dirty}
            leftSection={<IconCheck size={18} />}
          >
            {t('criteriaEditor.publish')}
          </Button>
        )}
        {mode.kind === 'draft' && dirty && (
          <Text size="sm" c="orange.9" fw={500} role="status">
            {t('criteriaEditor.unsaved')}
          </Text>
        )}
      </Group>

      <div aria-live="polite">
        {outcome?.kind === 'invalid' && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlert />}
            role="alert"
            title={outcome.message}
            classNames={{ body: classes.alertBody }}
          >
            <IssueList
              issues={outcome.issues}
              text={text}
              onGoTo={(issue) => editor.current?.goTo(issue.line, issue.column)}
            />
          </Alert>
        )}
        {outcome?.kind === 'valid' && (
          <Alert color="green" variant="light" icon={<IconCheck />} role="status">
            {t('criteriaEditor.valid', {
              code: outcome.summary.code,
              criteria: outcome.summary.criteriaCount,
              indicators: outcome.summary.indicatorCount,
              unverified: outcome.summary.unverifiedCount,
            })}
          </Alert>
        )}
        {outcome?.kind === 'saved' && (
          <Alert color="green" variant="light" icon={<IconCheck />} role="status">
            {t('criteriaEditor.saved', { code: outcome.code, version: outcome.version })}
          </Alert>
        )}
        {outcome?.kind === 'conflict' && (
          <Alert color="orange" variant="light" icon={<IconAlert />} role="alert">
            <Stack gap="sm" align="flex-start">
              <Text size="sm">{outcome.message}</Text>
              {onReload && (
                <Button
                  size="sm"
                  variant="default"
                  leftSection={<IconRefresh size={16} />}
                  onClick={onReload}
                >
                  {t('criteriaEditor.reload')}
                </Button>
              )}
            </Stack>
          </Alert>
        )}
        {outcome?.kind === 'error' && (
          <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
            {outcome.message}
          </Alert>
        )}
      </div>

      {mode.kind === 'draft' && (
        <Modal
          opened={confirming}
          onClose={() => setConfirming(false)}
          title={t('criteriaEditor.publishTitle', { code: mode.code })}
          centered
        >
          <Stack gap="md">
            <Text size="sm">{t('criteriaEditor.publishIntro')}</Text>
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </Button>
              <Button
                color="green.8"
                onClick={onPublish}
                loading={publish.isPending}
                leftSection={<IconCheck size={18} />}
              >
                {t('criteriaEditor.publishConfirm')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}
