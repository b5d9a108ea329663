import { Anchor, Button, Card, Group, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '../../app/paths';
import { IconCheck, IconCross, IconExternal } from '../../components/icons';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { ActionError, ConditionBadge, CriterionBadge } from './Badges';
import { frozenValueText } from './labels';
import type { CommentView, DossierDetail } from './types';
import { frozenEvidenceUrl, useModerateComment } from './useRecognition';

function Block({
  title,
  testId,
  children,
}: {
  title: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Card withBorder radius="md" padding="md" component="section" data-testid={testId}>
      <Stack gap="sm">
        <Title order={2} size="h3">
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

/** The self-assessment frozen into the dossier, criterion by criterion, with its evidence. */
export function SnapshotSection({ dossier }: { dossier: DossierDetail }) {
  const { t } = useTranslation();
  const snapshot = dossier.snapshot;
  if (!snapshot) {
    return (
      <Block title={t('recognition.snapshot.title')} testId="snapshot">
        <Text size="sm" c="dimmed">
          {t('recognition.snapshot.none')}
        </Text>
      </Block>
    );
  }
  const names = new Map(dossier.criteria.map((criterion) => [criterion.code, criterion.name]));
  const items = new Map(snapshot.items.map((item) => [item.indicator, item]));
  const words = {
    yes: t('recognition.snapshot.yes'),
    no: t('recognition.snapshot.no'),
    none: t('recognition.snapshot.empty'),
  };
  const evaluation = snapshot.evaluation;
  return (
    <Block title={t('recognition.snapshot.title')} testId="snapshot">
      <Group gap="sm" wrap="wrap">
        <Text size="sm">
          {t('recognition.snapshot.takenAt', { at: formatDateTime(snapshot.takenAt) })}
        </Text>
        <Text size="sm" fw={700}>
          {t('recognition.snapshot.result', {
            met: evaluation.criteriaMet,
            total: evaluation.criteriaTotal,
          })}
        </Text>
        {snapshot.allCriteriaMet !== null &&
          (snapshot.allCriteriaMet ? (
            <StatusBadge tone="success" icon={<IconCheck size={16} />}>
              {t('recognition.snapshot.allMet')}
            </StatusBadge>
          ) : (
            <StatusBadge tone="danger" icon={<IconCross size={16} />}>
              {t('recognition.snapshot.notAllMet')}
            </StatusBadge>
          ))}
      </Group>
      <Table.ScrollContainer minWidth={0}>
        <Table verticalSpacing="xs" data-testid="snapshot-criteria">
          <Table.Tbody>
            {evaluation.criteria.map((criterion) => (
              <Table.Tr key={criterion.code} data-testid={`snapshot-${criterion.code}`}>
                <Table.Td>
                  <Stack gap={4}>
                    <Group gap="xs" wrap="wrap">
                      <Text size="sm" fw={700}>
                        {names.get(criterion.code) ?? criterion.code}
                      </Text>
                      <CriterionBadge status={criterion.status} />
                    </Group>
                    <Stack component="ul" gap={2} style={{ margin: 0, paddingLeft: 18 }}>
                      {criterion.indicators.map((indicator) => {
                        const item = items.get(indicator.code);
                        const evidence = (item?.evidence ?? []).filter(
                          (file) => file.deletedAt === null,
                        );
                        return (
                          <li key={indicator.code}>
                            <Text size="sm" span>
                              {indicator.code}:{' '}
                              {frozenValueText(item?.value, words, (n) => formatNumber(n))}
                            </Text>
                            {evidence.map((file) => (
                              <Anchor
                                key={file.id}
                                href={frozenEvidenceUrl(dossier.id, file.id)}
                                target="_blank"
                                rel="noopener noreferrer"
                                size="sm"
                                ml="xs"
                              >
                                {file.name}
                              </Anchor>
                            ))}
                          </li>
                        );
                      })}
                    </Stack>
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {snapshot.changedSince.length > 0 && (
        <Stack gap={4} data-testid="changed-since">
          <Text size="sm" fw={700} c="orange.9">
            {t('recognition.snapshot.changed')}
          </Text>
          <Stack component="ul" gap={2} style={{ margin: 0, paddingLeft: 18 }}>
            {snapshot.changedSince.map((change) => (
              <li key={change.indicator}>
                <Text size="sm" span>
                  {t('recognition.snapshot.changedLine', {
                    indicator: change.indicator,
                    frozen: frozenValueText(change.frozen, words, (n) => formatNumber(n)),
                    current: frozenValueText(change.current, words, (n) => formatNumber(n)),
                  })}
                </Text>{' '}
                {change.updatedBy && (
                  <Text size="xs" c="dimmed" span>
                    {t('recognition.snapshot.changedBy', {
                      by: change.updatedBy,
                      at: formatDateTime(change.updatedAt),
                    })}
                  </Text>
                )}
              </li>
            ))}
          </Stack>
        </Stack>
      )}
    </Block>
  );
}

export function ConditionsSection({ dossier }: { dossier: DossierDetail }) {
  const { t } = useTranslation();
  return (
    <Block title={t('recognition.conditions.title')} testId="conditions">
      {dossier.conditions.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('recognition.conditions.empty')}
        </Text>
      ) : (
        <Stack component="ul" gap="xs" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {dossier.conditions.map((condition) => (
            <Group
              component="li"
              key={condition.code}
              gap="sm"
              wrap="nowrap"
              align="flex-start"
              data-testid={`condition-${condition.code}`}
            >
              <ConditionBadge status={condition.status} />
              <Text size="sm">{condition.text}</Text>
            </Group>
          ))}
        </Stack>
      )}
    </Block>
  );
}

export function ActionLog({ dossier }: { dossier: DossierDetail }) {
  const { t } = useTranslation();
  const actions = [...dossier.actions].sort((a, b) => b.seq - a.seq);
  return (
    <Block title={t('recognition.log.title')} testId="action-log">
      {actions.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('recognition.log.empty')}
        </Text>
      ) : (
        <Stack component="ol" gap="sm" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {actions.map((action) => (
            <li key={action.seq} data-testid="log-entry">
              <Text size="sm" fw={700}>
                {t(`recognition.action.${action.type}`)} · {action.stepName}
              </Text>
              <Text size="sm">
                {t('recognition.log.by', { name: action.actor.name, role: action.actor.role })} ·{' '}
                <time dateTime={action.at}>{formatDateTime(action.at).slice(0, 16)}</time>
              </Text>
              {action.reason && (
                <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                  {t('recognition.log.reason', { reason: action.reason })}
                </Text>
              )}
              {action.legalBasis && (
                <Text size="sm" c="dimmed">
                  {t('recognition.log.legalBasis', { basis: action.legalBasis })}
                </Text>
              )}
            </li>
          ))}
        </Stack>
      )}
    </Block>
  );
}

function CommentState({ status }: { status: CommentView['status'] }) {
  const { t } = useTranslation();
  return (
    <StatusBadge
      tone={status === 'published' ? 'success' : status === 'rejected' ? 'neutral' : 'info'}
    >
      {t(`recognition.comments.state.${status}`)}
    </StatusBadge>
  );
}

function ModeratedComment({
  dossierId,
  comment,
  moderate,
}: {
  dossierId: string;
  comment: CommentView;
  moderate: boolean;
}) {
  const { t } = useTranslation();
  const mutation = useModerateComment(dossierId);
  const [answer, setAnswer] = useState(comment.answer ?? '');
  const decide = (status: 'published' | 'rejected') =>
    mutation.mutate({ comment, status, answer: answer.trim() || null });
  return (
    <Card withBorder padding="sm" component="li" data-testid="comment">
      <Stack gap={6}>
        <Group gap="xs" justify="space-between" wrap="wrap">
          <Text size="sm" fw={700}>
            {comment.authorName ?? t('recognition.comments.anonymous')}
          </Text>
          <Group gap="xs">
            <Text size="xs" c="dimmed">
              {formatDateTime(comment.createdAt).slice(0, 16)}
            </Text>
            <CommentState status={comment.status} />
          </Group>
        </Group>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {comment.body}
        </Text>
        {comment.contact && (
          <Text size="xs" c="dimmed">
            {t('recognition.comments.contact', { contact: comment.contact })}
          </Text>
        )}
        {comment.answer && !moderate && (
          <Text size="sm">
            <strong>
              {t('recognition.comments.answered', {
                by: comment.answeredBy ?? '',
                date: formatDate(comment.answeredAt),
              })}
            </strong>{' '}
            {comment.answer}
          </Text>
        )}
        {moderate && (
          <>
            <Textarea
              label={t('recognition.comments.answerLabel')}
              value={answer}
              onChange={(event) => setAnswer(event.currentTarget.value)}
              autosize
              minRows={2}
              maxLength={4000}
              data-testid="comment-answer"
            />
            <ActionError error={mutation.error} />
            <Group gap="sm">
              <Button
                size="sm"
                onClick={() => decide('published')}
                loading={mutation.isPending}
                data-testid="comment-publish"
              >
                {t('recognition.comments.publish')}
              </Button>
              <Button
                size="sm"
                variant="default"
                onClick={() => decide('rejected')}
                loading={mutation.isPending}
                data-testid="comment-reject"
              >
                {t('recognition.comments.reject')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Card>
  );
}

export function PostingSection({ dossier }: { dossier: DossierDetail }) {
  const { t } = useTranslation();
  const posting = dossier.posting;
  return (
    <Block title={t('recognition.posting.title')} testId="posting">
      {posting ? (
        <Stack gap={6}>
          <Group gap="sm" wrap="wrap">
            <Text size="sm">
              {t('recognition.posting.period', {
                from: formatDate(posting.from),
                until: formatDate(posting.until),
              })}
            </Text>
            <StatusBadge tone={posting.open ? 'info' : 'neutral'}>
              {posting.open ? t('recognition.posting.open') : t('recognition.posting.closed')}
            </StatusBadge>
          </Group>
          <Anchor
            component={Link}
            to={paths.publicDossier(dossier.id)}
            size="sm"
            data-testid="public-link"
          >
            <Group gap={4} component="span">
              {t('recognition.posting.publicLink')}
              <IconExternal size={14} />
            </Group>
          </Anchor>
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          {t('recognition.posting.none')}
        </Text>
      )}
      <Title order={3} size="h4">
        {t('recognition.comments.title')}
      </Title>
      {dossier.comments.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('recognition.comments.empty')}
        </Text>
      ) : (
        <Stack component="ul" gap="sm" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {dossier.comments.map((comment) => (
            <ModeratedComment
              key={comment.id}
              dossierId={dossier.id}
              comment={comment}
              moderate={dossier.permissions.moderate && comment.status === 'pending'}
            />
          ))}
        </Stack>
      )}
    </Block>
  );
}
