import {
  ActionIcon,
  Anchor,
  Button,
  Card,
  Group,
  Modal,
  Progress,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useId, useRef, useState } from 'react';
import type { ChangeEvent, FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  IconAlert,
  IconArrowRight,
  IconCheck,
  IconCross,
  IconFile,
  IconPlus,
  IconTrash,
} from '../../components/icons';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate, formatPercent } from '../../lib/format';
import { ActionError, DateField, FlagBadges } from './Badges';
import { countVotes, parsePercent, reviewVerdicts, textOf } from './labels';
import type { ActionType, DossierDetail, StepView } from './types';
import { documentUrl, useDossierAction, useTemplates, useUploadDocument } from './useRecognition';

type Can = (type: ActionType) => boolean;

function Section({
  title,
  children,
  testId,
}: {
  title: string;
  children: ReactNode;
  testId: string;
}) {
  return (
    <Stack gap="xs" component="section" data-testid={testId}>
      <Title order={3} size="h4">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function Saved({ show }: { show: boolean }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" c="green.9" aria-live="polite">
      {show ? t('recognition.common.saved') : ''}
    </Text>
  );
}

/** The dossier's attached files as choices (the Front's report, minutes, evidence of a condition). */
function FileSelect({
  dossier,
  value,
  onChange,
  label,
  required,
  error,
  testId,
}: {
  dossier: DossierDetail;
  value: string | null;
  onChange: (value: string | null) => void;
  label: string;
  required?: boolean;
  error?: string | null;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Select
      label={label}
      description={t('recognition.common.chooseFileHint')}
      data={[
        ...(required ? [] : [{ value: '', label: t('recognition.common.chooseFileNone') }]),
        ...dossier.documents.map((document) => ({
          value: document.id,
          label: `${document.name} (${formatDate(document.createdAt)})`,
        })),
      ]}
      value={value ?? (required ? null : '')}
      onChange={(next) => onChange(next || null)}
      required={required}
      error={error}
      allowDeselect={false}
      data-testid={testId}
    />
  );
}

// --- Documents of the step ----------------------------------------------------------------------

function DocumentRow({
  dossier,
  spec,
  canAttach,
  canRemove,
}: {
  dossier: DossierDetail;
  spec: StepView['documents'][number];
  canAttach: boolean;
  canRemove: boolean;
}) {
  const { t } = useTranslation();
  const inputId = useId();
  const upload = useUploadDocument(dossier);
  const remove = useDossierAction(dossier);
  const [percent, setPercent] = useState<number | null>(null);
  const [notice, setNotice] = useState('');
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);
  const attached = dossier.documents.filter((document) => document.documentCode === spec.code);

  const attach = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    event.currentTarget.value = '';
    if (!file) return;
    setNotice('');
    const abort = new AbortController();
    controller.current = abort;
    setPercent(0);
    upload.mutate(
      {
        documentCode: spec.code,
        file,
        signal: abort.signal,
        onProgress: (fraction) => setPercent(Math.round(fraction * 100)),
      },
      {
        onSuccess: () => setNotice(t('recognition.panel.uploaded', { name: file.name })),
        onSettled: () => {
          setPercent(null);
          controller.current = null;
        },
      },
    );
  };

  return (
    <Table.Tr data-testid={`document-${spec.code}`}>
      <Table.Td>
        <Text size="sm" fw={600}>
          {spec.name}
        </Text>
        <Group gap={6} mt={4}>
          {spec.required ? (
            <StatusBadge tone="info" icon={<IconAlert size={14} />}>
              {t('recognition.panel.required')}
            </StatusBadge>
          ) : (
            <Text size="xs" c="dimmed">
              {t('recognition.panel.optional')}
            </Text>
          )}
          {attached.length > 0 ? (
            <StatusBadge tone="success" icon={<IconCheck size={14} />}>
              {t('recognition.panel.attached')}
            </StatusBadge>
          ) : (
            <StatusBadge tone={spec.required ? 'danger' : 'neutral'} icon={<IconCross size={14} />}>
              {t('recognition.panel.missing')}
            </StatusBadge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <Stack gap={4}>
          {attached.map((document) => (
            <Group key={document.id} gap={6} wrap="nowrap">
              <IconFile size={16} />
              <Anchor
                href={document.url || documentUrl(dossier.id, document.id)}
                target="_blank"
                rel="noopener noreferrer"
                size="sm"
                aria-label={t('recognition.panel.download', { name: document.name })}
              >
                {document.name}
              </Anchor>
              <Text size="xs" c="dimmed">
                {t('recognition.panel.meta', {
                  by: document.createdBy,
                  date: formatDate(document.createdAt),
                })}
              </Text>
              {canRemove && (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size={36}
                  aria-label={t('recognition.panel.remove', { name: document.name })}
                  loading={remove.isPending}
                  onClick={() =>
                    remove.mutate({ type: 'remove_document', payload: { fileId: document.id } })
                  }
                >
                  <IconTrash size={18} />
                </ActionIcon>
              )}
            </Group>
          ))}
          {canAttach && (
            <Group gap="xs">
              <input
                id={inputId}
                type="file"
                className="visually-hidden"
                aria-label={t('recognition.panel.uploadLabel', { name: spec.name })}
                onChange={attach}
                disabled={percent !== null}
                data-testid={`upload-${spec.code}`}
              />
              <Button
                component="label"
                htmlFor={inputId}
                variant="light"
                size="sm"
                data-disabled={percent !== null || undefined}
              >
                {t('recognition.panel.upload')}
              </Button>
            </Group>
          )}
          {percent !== null && <Progress value={percent} size="md" aria-label={spec.name} />}
          <Text size="xs" c="green.9" aria-live="polite">
            {notice}
          </Text>
          <ActionError error={upload.error ?? remove.error} />
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}

export function DocumentChecklist({
  dossier,
  step,
  can,
}: {
  dossier: DossierDetail;
  step: StepView;
  can: Can;
}) {
  const { t } = useTranslation();
  const codes = new Set(step.documents.map((document) => document.code));
  const others = dossier.documents.filter((document) => !codes.has(document.documentCode));
  return (
    <Section title={t('recognition.panel.documents')} testId="document-checklist">
      {step.documents.length > 0 && (
        <Table.ScrollContainer minWidth={0}>
          <Table verticalSpacing="xs">
            <Table.Tbody>
              {step.documents.map((spec) => (
                <DocumentRow
                  key={spec.code}
                  dossier={dossier}
                  spec={spec}
                  canAttach={can('attach_document')}
                  canRemove={can('remove_document')}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {others.length > 0 && (
        <>
          <Text size="sm" fw={600}>
            {t('recognition.panel.otherDocuments')}
          </Text>
          <Stack gap={2} component="ul" style={{ margin: 0, paddingLeft: 20 }}>
            {others.map((document) => (
              <li key={document.id}>
                <Anchor href={document.url} target="_blank" rel="noopener noreferrer" size="sm">
                  {document.name}
                </Anchor>{' '}
                <Text span size="xs" c="dimmed">
                  {t('recognition.panel.meta', {
                    by: document.createdBy,
                    date: formatDate(document.createdAt),
                  })}
                </Text>
              </li>
            ))}
          </Stack>
        </>
      )}
    </Section>
  );
}

// --- Conditions (nợ đọng XDCB, an ninh trật tự) --------------------------------------------------

const DECLARABLE = ['no_construction_debt', 'no_security_issue'] as const;

function ConditionForm({
  dossier,
  condition,
}: {
  dossier: DossierDetail;
  condition: (typeof DECLARABLE)[number];
}) {
  const { t } = useTranslation();
  const act = useDossierAction(dossier);
  const [holds, setHolds] = useState<'yes' | 'no' | ''>('');
  const [fileId, setFileId] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const current = dossier.conditions.find((item) => item.code === condition);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (holds === '') return;
    setSaved(false);
    act.mutate(
      {
        type: 'declare_condition',
        payload: { condition, holds: holds === 'yes', ...(fileId ? { fileId } : {}) },
      },
      { onSuccess: () => setSaved(true) },
    );
  };

  return (
    <Card
      withBorder
      padding="sm"
      component="form"
      onSubmit={submit}
      noValidate
      data-testid={`declare-${condition}`}
    >
      <Stack gap="xs">
        <Text size="sm" fw={700}>
          {t(`recognition.panel.conditionName.${condition}`)}
        </Text>
        {current && (
          <Text size="xs" c="dimmed">
            {current.text}
          </Text>
        )}
        <Stack gap={4}>
          <Text size="sm" fw={500} id={`${condition}-holds`}>
            {t('recognition.panel.holds')}
          </Text>
          <SegmentedControl
            aria-labelledby={`${condition}-holds`}
            data={[
              { value: 'yes', label: t('recognition.panel.holdsYes') },
              { value: 'no', label: t('recognition.panel.holdsNo') },
            ]}
            value={holds}
            onChange={(value) => setHolds(value === 'yes' ? 'yes' : 'no')}
            data-testid={`declare-${condition}-holds`}
          />
        </Stack>
        <FileSelect
          dossier={dossier}
          value={fileId}
          onChange={setFileId}
          label={t('recognition.common.chooseFile')}
          testId={`declare-${condition}-file`}
        />
        <ActionError error={act.error} />
        <Group gap="sm">
          <Button type="submit" size="sm" loading={act.isPending} disabled={holds === ''}>
            {t('recognition.panel.declare')}
          </Button>
          <Saved show={saved} />
        </Group>
      </Stack>
    </Card>
  );
}

// --- Satisfaction (paper) -------------------------------------------------------------------------

function SatisfactionForm({ dossier }: { dossier: DossierDetail }) {
  const { t } = useTranslation();
  const formId = useId();
  const act = useDossierAction(dossier);
  const [coverage, setCoverage] = useState('');
  const [satisfied, setSatisfied] = useState('');
  const [fileId, setFileId] = useState<string | null>(null);
  // The report's own conclusion (from paper, nothing computes it until the survey issue lands).
  const [passed, setPassed] = useState<'yes' | 'no' | ''>('');
  const [touched, setTouched] = useState(false);
  const [saved, setSaved] = useState(false);
  const coverageValue = parsePercent(coverage);
  const satisfiedValue = parsePercent(satisfied);
  const recorded = dossier.satisfaction;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (coverageValue === null || satisfiedValue === null || !fileId || passed === '') return;
    setSaved(false);
    act.mutate(
      {
        type: 'record_satisfaction',
        payload: {
          source: 'paper',
          coverage: coverageValue,
          satisfied: satisfiedValue,
          passed: passed === 'yes',
          fileId,
        },
      },
      { onSuccess: () => setSaved(true) },
    );
  };

  return (
    <Section title={t('recognition.panel.satisfaction')} testId="satisfaction-form">
      {recorded &&
        typeof recorded.coverage === 'number' &&
        typeof recorded.satisfied === 'number' && (
          <Text size="sm" data-testid="satisfaction-recorded">
            {t('recognition.panel.satisfactionRecorded', {
              coverage: formatPercent(recorded.coverage),
              satisfied: formatPercent(recorded.satisfied),
              result:
                recorded.passed === false
                  ? t('recognition.panel.notPassed')
                  : t('recognition.panel.passed'),
            })}
          </Text>
        )}
      <form onSubmit={submit} noValidate>
        <Stack gap="xs" maw={480}>
          <TextInput
            label={t('recognition.panel.coverage')}
            value={coverage}
            onChange={(event) => setCoverage(event.currentTarget.value)}
            inputMode="decimal"
            required
            error={
              touched && coverageValue === null ? t('recognition.common.percentInvalid') : null
            }
            data-testid="satisfaction-coverage"
          />
          <TextInput
            label={t('recognition.panel.satisfied')}
            value={satisfied}
            onChange={(event) => setSatisfied(event.currentTarget.value)}
            inputMode="decimal"
            required
            error={
              touched && satisfiedValue === null ? t('recognition.common.percentInvalid') : null
            }
            data-testid="satisfaction-satisfied"
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id={`${formId}-passed`}>
              {t('recognition.panel.satisfactionPassed')}
            </Text>
            <SegmentedControl
              aria-labelledby={`${formId}-passed`}
              data={[
                { value: 'yes', label: t('recognition.panel.passed') },
                { value: 'no', label: t('recognition.panel.notPassed') },
              ]}
              value={passed}
              onChange={(value) => setPassed(value === 'yes' ? 'yes' : 'no')}
              data-testid="satisfaction-passed"
            />
            {touched && passed === '' && (
              <Text size="xs" c="red.8" role="alert">
                {t('recognition.panel.satisfactionPassedRequired')}
              </Text>
            )}
          </Stack>
          <FileSelect
            dossier={dossier}
            value={fileId}
            onChange={setFileId}
            label={t('recognition.panel.frontReport')}
            required
            error={touched && !fileId ? t('recognition.panel.frontReportRequired') : null}
            testId="satisfaction-file"
          />
          <ActionError error={act.error} />
          <Group gap="sm">
            <Button type="submit" size="sm" loading={act.isPending} data-testid="satisfaction-save">
              {t('recognition.panel.satisfactionSave')}
            </Button>
            <Saved show={saved} />
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

// --- Opinions -------------------------------------------------------------------------------------

function OpinionForm({ dossier }: { dossier: DossierDetail }) {
  const { t } = useTranslation();
  const act = useDossierAction(dossier);
  const [organisation, setOrganisation] = useState('');
  const [summary, setSummary] = useState('');
  const [fileId, setFileId] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  const [saved, setSaved] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!organisation.trim() || !summary.trim()) return;
    setSaved(false);
    act.mutate(
      {
        type: 'record_opinion',
        payload: {
          organisation: organisation.trim(),
          summary: summary.trim(),
          ...(fileId ? { fileId } : {}),
        },
      },
      {
        onSuccess: () => {
          setSaved(true);
          setOrganisation('');
          setSummary('');
          setFileId(null);
          setTouched(false);
        },
      },
    );
  };

  return (
    <Section title={t('recognition.panel.opinions')} testId="opinion-form">
      {dossier.opinions.length > 0 && (
        <Stack gap={4} component="ul" style={{ margin: 0, paddingLeft: 20 }}>
          {dossier.opinions.map((opinion, index) => (
            <li key={index}>
              <Text size="sm">
                <strong>{textOf(opinion.organisation)}</strong>: {textOf(opinion.summary)}
              </Text>
            </li>
          ))}
        </Stack>
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="xs" maw={640}>
          <TextInput
            label={t('recognition.panel.organisation')}
            value={organisation}
            onChange={(event) => setOrganisation(event.currentTarget.value)}
            required
            maxLength={300}
            error={touched && !organisation.trim() ? t('recognition.common.required') : null}
            data-testid="opinion-organisation"
          />
          <Textarea
            label={t('recognition.panel.summary')}
            value={summary}
            onChange={(event) => setSummary(event.currentTarget.value)}
            required
            autosize
            minRows={2}
            maxLength={4000}
            error={touched && !summary.trim() ? t('recognition.common.required') : null}
            data-testid="opinion-summary"
          />
          <FileSelect
            dossier={dossier}
            value={fileId}
            onChange={setFileId}
            label={t('recognition.common.chooseFile')}
            testId="opinion-file"
          />
          <ActionError error={act.error} />
          <Group gap="sm">
            <Button type="submit" size="sm" loading={act.isPending} data-testid="opinion-save">
              {t('recognition.panel.opinionSave')}
            </Button>
            <Saved show={saved} />
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

// --- Review by criterion --------------------------------------------------------------------------

type Verdict = 'pass' | 'fail' | 'more_evidence';

function ReviewRow({
  dossier,
  criterion,
}: {
  dossier: DossierDetail;
  criterion: { code: string; name: string };
}) {
  const { t } = useTranslation();
  const act = useDossierAction(dossier);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [reason, setReason] = useState('');
  const [saved, setSaved] = useState(false);
  const recorded = reviewVerdicts(dossier.reviews, criterion.code);
  const needsReason = verdict === 'fail' || verdict === 'more_evidence';
  const missingReason = verdict === 'fail' && reason.trim() === '';

  const save = () => {
    if (!verdict || missingReason) return;
    setSaved(false);
    act.mutate(
      {
        type: 'review_criterion',
        reason: reason.trim() || null,
        payload: { criterion: criterion.code, verdict },
      },
      { onSuccess: () => setSaved(true) },
    );
  };

  return (
    <Table.Tr data-testid={`review-${criterion.code}`}>
      <Table.Td>
        <Text size="sm" fw={600}>
          {criterion.name}
        </Text>
        {recorded.map((item, index) => (
          <Text key={index} size="xs" c="dimmed">
            {t('recognition.panel.reviewCurrent')}:{' '}
            {item.verdict in { pass: 1, fail: 1, more_evidence: 1 }
              ? t(`recognition.verdict.${item.verdict as Verdict}`)
              : item.verdict}
            {item.by ? ` — ${item.by}` : ''}
            {item.reason ? ` (${item.reason})` : ''}
          </Text>
        ))}
      </Table.Td>
      <Table.Td>
        <Stack gap={6}>
          <Select
            aria-label={`${t('recognition.panel.reviewVerdict')} — ${criterion.name}`}
            data={(['pass', 'fail', 'more_evidence'] as const).map((value) => ({
              value,
              label: t(`recognition.verdict.${value}`),
            }))}
            value={verdict}
            onChange={(value) => setVerdict(value)}
            placeholder={t('recognition.panel.reviewVerdict')}
            data-testid={`review-${criterion.code}-verdict`}
          />
          {needsReason && (
            <Textarea
              aria-label={`${t('recognition.panel.reviewReason')} — ${criterion.name}`}
              placeholder={t('recognition.panel.reviewReason')}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              autosize
              minRows={1}
              maxLength={4000}
              error={missingReason ? t('recognition.common.required') : null}
              data-testid={`review-${criterion.code}-reason`}
            />
          )}
          <ActionError error={act.error} />
        </Stack>
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Button
            size="sm"
            variant="light"
            onClick={save}
            loading={act.isPending}
            disabled={!verdict || missingReason}
            aria-label={t('recognition.panel.reviewSaveLabel', { criterion: criterion.name })}
            data-testid={`review-${criterion.code}-save`}
          >
            {t('recognition.panel.reviewSave')}
          </Button>
          {saved && (
            <IconCheck size={18} color="#1e6b34" aria-label={t('recognition.common.saved')} />
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function ReviewTable({ dossier }: { dossier: DossierDetail }) {
  const { t } = useTranslation();
  return (
    <Section title={t('recognition.panel.review')} testId="review-table">
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="xs" stickyHeader>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('recognition.panel.reviewCriterion')}</Table.Th>
              <Table.Th>{t('recognition.panel.reviewVerdict')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {dossier.criteria.map((criterion) => (
              <ReviewRow key={criterion.code} dossier={dossier} criterion={criterion} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Section>
  );
}

// --- Council --------------------------------------------------------------------------------------

interface MemberRow {
  key: number;
  name: string;
  position: string;
  present: boolean;
  vote: 'for' | 'against' | 'abstain' | null;
}

function CouncilForm({ dossier }: { dossier: DossierDetail }) {
  const { t } = useTranslation();
  const act = useDossierAction(dossier);
  const nextKey = useRef(1);
  const [heldOn, setHeldOn] = useState<string | null>(null);
  const [members, setMembers] = useState<MemberRow[]>([
    { key: 0, name: '', position: '', present: true, vote: null },
  ]);
  const [minutes, setMinutes] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  const [saved, setSaved] = useState(false);
  const votes = countVotes(members);
  const filled = members.filter((member) => member.name.trim() !== '');
  const recordedOn = typeof dossier.council?.heldOn === 'string' ? dossier.council.heldOn : null;

  const update = (key: number, change: Partial<MemberRow>) =>
    setMembers((list) =>
      list.map((member) => (member.key === key ? { ...member, ...change } : member)),
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!heldOn || filled.length === 0) return;
    setSaved(false);
    act.mutate(
      {
        type: 'record_council',
        payload: {
          heldOn,
          members: filled.map((member) => ({
            name: member.name.trim(),
            position: member.position.trim(),
            present: member.present,
            vote: member.present ? member.vote : null,
          })),
          ...(minutes ? { minutesFileId: minutes } : {}),
        },
      },
      { onSuccess: () => setSaved(true) },
    );
  };

  const voteOptions = [
    { value: 'for', label: t('recognition.vote.for') },
    { value: 'against', label: t('recognition.vote.against') },
    { value: 'abstain', label: t('recognition.vote.abstain') },
    { value: '', label: t('recognition.vote.none') },
  ];

  return (
    <Section title={t('recognition.panel.council')} testId="council-form">
      {recordedOn && (
        <Text size="sm">
          {t('recognition.panel.councilRecorded', { date: formatDate(recordedOn) })}
        </Text>
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <DateField
            label={t('recognition.panel.heldOn')}
            value={heldOn}
            onChange={setHeldOn}
            required
            showError={touched}
            maw={260}
            data-testid="council-date"
          />
          <Text size="sm" fw={600}>
            {t('recognition.panel.members')}
          </Text>
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing={4} data-testid="council-members">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('recognition.panel.memberName')}</Table.Th>
                  <Table.Th>{t('recognition.panel.memberPosition')}</Table.Th>
                  <Table.Th>{t('recognition.panel.present')}</Table.Th>
                  <Table.Th>{t('recognition.panel.vote')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {members.map((member, index) => (
                  <Table.Tr key={member.key} data-testid="council-member">
                    <Table.Td>
                      <TextInput
                        aria-label={`${t('recognition.panel.memberName')} ${index + 1}`}
                        value={member.name}
                        onChange={(event) =>
                          update(member.key, { name: event.currentTarget.value })
                        }
                        error={
                          touched && index === 0 && filled.length === 0
                            ? t('recognition.common.required')
                            : null
                        }
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={`${t('recognition.panel.memberPosition')} ${index + 1}`}
                        value={member.position}
                        onChange={(event) =>
                          update(member.key, { position: event.currentTarget.value })
                        }
                      />
                    </Table.Td>
                    <Table.Td>
                      <input
                        type="checkbox"
                        aria-label={`${t('recognition.panel.present')} ${index + 1}`}
                        checked={member.present}
                        onChange={(event) =>
                          update(member.key, { present: event.currentTarget.checked })
                        }
                        style={{ width: 22, height: 22 }}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={`${t('recognition.panel.vote')} ${index + 1}`}
                        data={voteOptions}
                        value={member.vote ?? ''}
                        onChange={(value) =>
                          update(member.key, { vote: (value || null) as MemberRow['vote'] })
                        }
                        disabled={!member.present}
                        allowDeselect={false}
                        w={170}
                      />
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        size={36}
                        aria-label={t('recognition.panel.removeMember', { index: index + 1 })}
                        onClick={() =>
                          setMembers((list) => list.filter((item) => item.key !== member.key))
                        }
                        disabled={members.length === 1}
                      >
                        <IconTrash size={18} />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group>
            <Button
              variant="default"
              size="sm"
              leftSection={<IconPlus size={16} />}
              onClick={() =>
                setMembers((list) => [
                  ...list,
                  { key: nextKey.current++, name: '', position: '', present: true, vote: null },
                ])
              }
              data-testid="council-add-member"
            >
              {t('recognition.panel.addMember')}
            </Button>
          </Group>
          <Text size="sm" fw={700} data-testid="council-share" aria-live="polite">
            {votes.share === null
              ? t('recognition.panel.shareNone')
              : t('recognition.panel.share', {
                  for: votes.for,
                  present: votes.present,
                  percent: formatPercent(votes.share * 100),
                })}
          </Text>
          <FileSelect
            dossier={dossier}
            value={minutes}
            onChange={setMinutes}
            label={t('recognition.panel.minutes')}
            testId="council-minutes"
          />
          <ActionError error={act.error} />
          <Group gap="sm">
            <Button type="submit" size="sm" loading={act.isPending} data-testid="council-save">
              {t('recognition.panel.councilSave')}
            </Button>
            <Saved show={saved} />
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

// --- Decision -------------------------------------------------------------------------------------

export function DecisionLine({ decision }: { decision: NonNullable<DossierDetail['decision']> }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4} data-testid="decision">
      <Text size="sm">
        {t('recognition.panel.decisionLine', {
          number: decision.number,
          date: formatDate(decision.date),
          issuer: decision.issuer,
          title: decision.signerTitle,
          signer: decision.signer,
          effective: formatDate(decision.effectiveOn),
        })}
      </Text>
      {decision.revokes && (
        <Text size="sm">
          {t('recognition.panel.revokes', {
            number: decision.revokes.number,
            date: formatDate(decision.revokes.date),
          })}
        </Text>
      )}
      <Anchor
        href={decision.pdfUrl}
        target="_blank"
        rel="noopener noreferrer"
        size="sm"
        fw={700}
        data-testid="decision-pdf"
      >
        <Group gap={6} component="span" wrap="nowrap">
          <IconFile size={18} />
          {t('recognition.panel.decisionPdf', { number: decision.number })}
        </Group>
      </Anchor>
    </Stack>
  );
}

function DecisionForm({ dossier }: { dossier: DossierDetail }) {
  const { t } = useTranslation();
  const act = useDossierAction(dossier);
  const [number, setNumber] = useState('');
  const [issuedOn, setIssuedOn] = useState<string | null>(null);
  const [effectiveOn, setEffectiveOn] = useState<string | null>(null);
  const [signer, setSigner] = useState('');
  const [signerTitle, setSignerTitle] = useState('');
  const [touched, setTouched] = useState(false);
  const required = (value: string) =>
    touched && !value.trim() ? t('recognition.common.required') : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!number.trim() || !issuedOn || !effectiveOn || !signer.trim() || !signerTitle.trim())
      return;
    act.mutate({
      type: 'record_decision',
      payload: {
        number: number.trim(),
        issuedOn,
        signer: signer.trim(),
        signerTitle: signerTitle.trim(),
        effectiveOn,
      },
    });
  };

  return (
    <Section title={t('recognition.panel.decision')} testId="decision-form">
      <form onSubmit={submit} noValidate>
        <Stack gap="xs" maw={520}>
          <TextInput
            label={t('recognition.panel.decisionNumber')}
            value={number}
            onChange={(e) => setNumber(e.currentTarget.value)}
            required
            maxLength={80}
            error={required(number)}
            placeholder="123/QĐ-UBND"
            data-testid="decision-number"
          />
          <DateField
            label={t('recognition.panel.issuedOn')}
            value={issuedOn}
            onChange={setIssuedOn}
            required
            showError={touched}
            data-testid="decision-issued"
          />
          <TextInput
            label={t('recognition.panel.signer')}
            value={signer}
            onChange={(e) => setSigner(e.currentTarget.value)}
            required
            maxLength={200}
            error={required(signer)}
            data-testid="decision-signer"
          />
          <TextInput
            label={t('recognition.panel.signerTitle')}
            value={signerTitle}
            onChange={(e) => setSignerTitle(e.currentTarget.value)}
            required
            maxLength={200}
            error={required(signerTitle)}
            placeholder="Chủ tịch"
            data-testid="decision-signer-title"
          />
          <DateField
            label={t('recognition.panel.effectiveOn')}
            value={effectiveOn}
            onChange={setEffectiveOn}
            required
            showError={touched}
            data-testid="decision-effective"
          />
          <ActionError error={act.error} />
          <Group>
            <Button type="submit" size="sm" loading={act.isPending} data-testid="decision-save">
              {t('recognition.panel.decisionSave')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

// --- The step's decision: proceed, publish, return, refuse, withdraw, reroute --------------------

type Decision = 'proceed' | 'publish' | 'return' | 'refuse' | 'withdraw' | 'reroute';

function DecisionModal({
  dossier,
  type,
  onClose,
}: {
  dossier: DossierDetail;
  type: Decision;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const act = useDossierAction(dossier);
  const templates = useTemplates(type === 'reroute');
  const nextKey = useRef(1);
  const [reason, setReason] = useState('');
  const [legalBasis, setLegalBasis] = useState(type === 'reroute' ? '131/2025/NĐ-CP' : '');
  const [toTemplate, setToTemplate] = useState<string | null>(null);
  const [criteria, setCriteria] = useState<
    { key: number; criterion: string | null; reason: string }[]
  >([{ key: 0, criterion: null, reason: '' }]);
  const [touched, setTouched] = useState(false);
  const reasonRequired =
    type === 'return' || type === 'refuse' || type === 'withdraw' || type === 'reroute';
  const missingReason = reasonRequired && reason.trim() === '';
  const chosenCriteria = criteria.filter((item) => item.criterion && item.reason.trim());
  const missingCriteria = type === 'return' && chosenCriteria.length === 0;
  const missingTemplate = type === 'reroute' && !toTemplate;
  const templateOptions = (templates.data?.items ?? [])
    .filter(
      (item) =>
        item.purpose === dossier.purpose &&
        item.kinds.includes(dossier.kind) &&
        item.code !== dossier.template.code,
    )
    .map((item) => ({ value: item.code, label: `${item.name} (${item.code})` }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (missingReason || missingCriteria || missingTemplate) return;
    act.mutate(
      {
        type,
        reason: reason.trim() || null,
        legalBasis: legalBasis.trim() || null,
        payload:
          type === 'return'
            ? {
                criteria: chosenCriteria.map((item) => ({
                  criterion: item.criterion,
                  reason: item.reason.trim(),
                })),
              }
            : type === 'reroute'
              ? { toTemplate }
              : {},
      },
      { onSuccess: onClose },
    );
  };

  const reasonLabel = {
    proceed: t('recognition.panel.publishReason'),
    publish: t('recognition.panel.publishReason'),
    return: t('recognition.panel.returnGeneral'),
    refuse: t('recognition.panel.refuseReason'),
    withdraw: t('recognition.panel.withdrawReason'),
    reroute: t('recognition.common.reason'),
  }[type];

  return (
    <Modal
      opened
      onClose={onClose}
      size={type === 'return' ? 'lg' : 'md'}
      title={t(`recognition.action.${type}`)}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate data-testid={`decision-modal-${type}`}>
        <Stack gap="md">
          {type === 'proceed' && <Text size="sm">{t('recognition.panel.proceedConfirm')}</Text>}
          {type === 'publish' && <Text size="sm">{t('recognition.panel.publishConfirm')}</Text>}
          {type === 'reroute' && (
            <>
              <Text size="sm">{t('recognition.panel.rerouteLead')}</Text>
              <Select
                label={t('recognition.panel.rerouteTemplate')}
                data={templateOptions}
                value={toTemplate}
                onChange={setToTemplate}
                required
                error={touched && missingTemplate ? t('recognition.common.required') : null}
                data-testid="reroute-template"
              />
            </>
          )}
          {type === 'return' && (
            <Stack gap="xs">
              <Text size="sm" fw={600}>
                {t('recognition.panel.returnCriteria')}
              </Text>
              {criteria.map((item, index) => (
                <Group
                  key={item.key}
                  gap="xs"
                  align="flex-start"
                  wrap="wrap"
                  data-testid="return-criterion"
                >
                  <Select
                    aria-label={`${t('recognition.panel.reviewCriterion')} ${index + 1}`}
                    placeholder={t('recognition.panel.reviewCriterion')}
                    data={dossier.criteria.map((criterion) => ({
                      value: criterion.code,
                      label: criterion.name,
                    }))}
                    value={item.criterion}
                    onChange={(value) =>
                      setCriteria((list) =>
                        list.map((row) =>
                          row.key === item.key ? { ...row, criterion: value } : row,
                        ),
                      )
                    }
                    searchable
                    w={240}
                  />
                  <Textarea
                    aria-label={`${t('recognition.panel.returnCriterionReason')} ${index + 1}`}
                    placeholder={t('recognition.panel.returnCriterionReason')}
                    value={item.reason}
                    onChange={(event) => {
                      const value = event.currentTarget.value;
                      setCriteria((list) =>
                        list.map((row) => (row.key === item.key ? { ...row, reason: value } : row)),
                      );
                    }}
                    autosize
                    minRows={1}
                    style={{ flex: 1, minWidth: 200 }}
                  />
                </Group>
              ))}
              <Group>
                <Button
                  variant="default"
                  size="xs"
                  leftSection={<IconPlus size={14} />}
                  onClick={() =>
                    setCriteria((list) => [
                      ...list,
                      { key: nextKey.current++, criterion: null, reason: '' },
                    ])
                  }
                >
                  {t('recognition.panel.returnAdd')}
                </Button>
              </Group>
              {touched && missingCriteria && (
                <Text size="sm" c="red.8" role="alert">
                  {t('recognition.common.required')}
                </Text>
              )}
            </Stack>
          )}
          {type !== 'proceed' && (
            <Textarea
              label={reasonLabel}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              required={reasonRequired}
              autosize
              minRows={2}
              maxLength={4000}
              error={touched && missingReason ? t('recognition.common.required') : null}
              data-testid="decision-reason"
            />
          )}
          {(type === 'reroute' || type === 'refuse' || type === 'return') && (
            <TextInput
              label={t('recognition.common.legalBasis')}
              value={legalBasis}
              onChange={(event) => setLegalBasis(event.currentTarget.value)}
              maxLength={500}
              data-testid="decision-legal-basis"
            />
          )}
          <ActionError error={act.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={act.isPending}
              color={
                type === 'refuse' || type === 'withdraw'
                  ? 'red.8'
                  : type === 'return'
                    ? 'orange.9'
                    : undefined
              }
              data-testid="decision-confirm"
            >
              {t(`recognition.action.${type}`)}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ClearFlags({ dossier }: { dossier: DossierDetail }) {
  const { t } = useTranslation();
  const act = useDossierAction(dossier);
  const [flag, setFlag] = useState<DossierDetail['flags'][number] | null>(null);
  const [reason, setReason] = useState('');
  const clearable = dossier.flags.filter((item) => item !== 'overdue');
  if (clearable.length === 0) return null;
  return (
    <Group gap="xs" wrap="wrap">
      {clearable.map((item) => (
        <Button
          key={item}
          size="xs"
          variant="default"
          onClick={() => setFlag(item)}
          aria-label={t('recognition.panel.clearFlagLabel', {
            flag: t(`recognition.flag.${item}`),
          })}
        >
          {t('recognition.action.clear_flag')}: {t(`recognition.flag.${item}`)}
        </Button>
      ))}
      {flag && (
        <Modal
          opened
          onClose={() => setFlag(null)}
          title={t('recognition.action.clear_flag')}
          closeButtonProps={{ 'aria-label': t('common.close') }}
        >
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (!reason.trim()) return;
              act.mutate(
                { type: 'clear_flag', reason: reason.trim(), payload: { flag } },
                { onSuccess: () => setFlag(null) },
              );
            }}
          >
            <Stack gap="md">
              <FlagBadges flags={[flag]} />
              <Textarea
                label={t('recognition.common.reason')}
                value={reason}
                onChange={(event) => setReason(event.currentTarget.value)}
                required
                autosize
                minRows={2}
              />
              <ActionError error={act.error} />
              <Group justify="flex-end">
                <Button type="submit" loading={act.isPending} disabled={!reason.trim()}>
                  {t('recognition.action.clear_flag')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Modal>
      )}
    </Group>
  );
}

/**
 * The current step's work: only the controls `permissions.actions` allows. Every action sends the
 * version read; a 409 reloads the dossier and says so.
 */
export function StepPanel({ dossier }: { dossier: DossierDetail }) {
  const { t } = useTranslation();
  const [decision, setDecision] = useState<Decision | null>(null);
  const allowed = new Set(dossier.permissions.actions);
  const can: Can = (type) => allowed.has(type);
  const step = dossier.template.steps.find((item) => item.code === dossier.step);
  const declarable = DECLARABLE.filter(
    (condition) => !step || step.conditions.length === 0 || step.conditions.includes(condition),
  );
  const decisions = (['proceed', 'publish', 'return', 'refuse', 'withdraw'] as const).filter(
    (type) => can(type),
  );
  const reroute = can('reroute') && dossier.flags.includes('needs_reroute');
  const any = allowed.size > 0;

  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby="step-panel-title"
      data-testid="step-panel"
    >
      <Stack gap="md">
        <Title order={2} size="h3" id="step-panel-title">
          {t('recognition.panel.title', { step: dossier.stepName })}
        </Title>
        {!any && (
          <Text size="sm" c="dimmed" data-testid="no-action">
            {t('recognition.panel.noAction')}
          </Text>
        )}
        {step && (step.documents.length > 0 || dossier.documents.length > 0) && (
          <DocumentChecklist dossier={dossier} step={step} can={can} />
        )}
        {can('declare_condition') && declarable.length > 0 && (
          <Section title={t('recognition.panel.conditions')} testId="condition-forms">
            {declarable.map((condition) => (
              <ConditionForm key={condition} dossier={dossier} condition={condition} />
            ))}
          </Section>
        )}
        {can('record_satisfaction') && <SatisfactionForm dossier={dossier} />}
        {can('record_opinion') && <OpinionForm dossier={dossier} />}
        {can('review_criterion') && <ReviewTable dossier={dossier} />}
        {can('record_council') && <CouncilForm dossier={dossier} />}
        {dossier.decision ? (
          <DecisionLine decision={dossier.decision} />
        ) : (
          can('record_decision') && <DecisionForm dossier={dossier} />
        )}
        {can('clear_flag') && <ClearFlags dossier={dossier} />}
        {(decisions.length > 0 || reroute) && (
          <Stack gap="xs">
            <Title order={3} size="h4">
              {t('recognition.panel.decide')}
            </Title>
            <Group gap="sm" wrap="wrap" data-testid="step-decisions">
              {decisions.map((type) => (
                <Button
                  key={type}
                  variant={type === 'proceed' || type === 'publish' ? 'filled' : 'default'}
                  color={
                    type === 'refuse' || type === 'withdraw'
                      ? 'red.8'
                      : type === 'return'
                        ? 'orange.9'
                        : undefined
                  }
                  leftSection={
                    type === 'proceed' ? (
                      <IconArrowRight size={18} />
                    ) : type === 'publish' ? (
                      <IconCheck size={18} />
                    ) : undefined
                  }
                  onClick={() => setDecision(type)}
                  data-testid={`action-${type}`}
                  mih={44}
                >
                  {t(`recognition.action.${type}`)}
                </Button>
              ))}
              {reroute && (
                <Button
                  variant="default"
                  onClick={() => setDecision('reroute')}
                  data-testid="action-reroute"
                  mih={44}
                >
                  {t('recognition.action.reroute')}
                </Button>
              )}
            </Group>
          </Stack>
        )}
      </Stack>
      {decision && (
        <DecisionModal
          key={decision}
          dossier={dossier}
          type={decision}
          onClose={() => setDecision(null)}
        />
      )}
    </Card>
  );
}
