import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { IconAlert, IconCheck, IconFile } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { StatusBadge } from '../components/StatusBadge';
import { ActionError, CriterionBadge, DossierStatusBadge } from '../features/recognition/Badges';
import { DecisionLine } from '../features/recognition/StepPanel';
import type { PublicDossierView } from '../features/recognition/types';
import { usePostComment, usePublicDossier } from '../features/recognition/useRecognition';
import { ApiError } from '../lib/api';
import { formatDate } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';

function CommentForm({ id }: { id: string }) {
  const { t } = useTranslation();
  const post = usePostComment(id);
  const [name, setName] = useState('');
  const [contact, setContact] = useState('');
  const [body, setBody] = useState('');
  const [touched, setTouched] = useState(false);
  const [sent, setSent] = useState(false);
  const missing = body.trim() === '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (missing) return;
    setSent(false);
    post.mutate(
      { authorName: name.trim() || null, contact: contact.trim() || null, body: body.trim() },
      {
        onSuccess: () => {
          setSent(true);
          setBody('');
          setTouched(false);
        },
      },
    );
  };

  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby="comment-form-title"
    >
      <form onSubmit={submit} noValidate data-testid="comment-form">
        <Stack gap="sm" maw={640}>
          <Title order={2} size="h3" id="comment-form-title">
            {t('recognition.public.formTitle')}
          </Title>
          <TextInput
            label={t('recognition.public.name')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            maxLength={120}
            autoComplete="name"
            data-testid="comment-name"
          />
          <TextInput
            label={t('recognition.public.contact')}
            description={t('recognition.public.contactHint')}
            value={contact}
            onChange={(event) => setContact(event.currentTarget.value)}
            maxLength={200}
            data-testid="comment-contact"
          />
          <Textarea
            label={t('recognition.public.body')}
            value={body}
            onChange={(event) => setBody(event.currentTarget.value)}
            required
            autosize
            minRows={4}
            maxLength={3000}
            error={touched && missing ? t('recognition.common.required') : null}
            data-testid="comment-body"
          />
          {sent && (
            <Alert
              color="green"
              variant="light"
              icon={<IconCheck />}
              role="status"
              data-testid="comment-sent"
            >
              {t('recognition.public.sent')}
            </Alert>
          )}
          <ActionError error={post.error} />
          <Group>
            <Button type="submit" loading={post.isPending} mih={44} data-testid="comment-send">
              {t('recognition.public.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function PublicDossier({ data }: { data: PublicDossierView }) {
  const { t } = useTranslation();
  const published = data.comments.filter((comment) => comment.status === 'published');
  const unit =
    data.unit.provinceName && data.unit.level !== 'province'
      ? `${data.unit.name}, ${data.unit.provinceName}`
      : data.unit.name;
  return (
    <Stack gap="lg" maw={960} data-testid="public-dossier">
      <Stack gap={6}>
        <Title order={1}>{unit}</Title>
        <Text fw={600}>
          {t('recognition.public.lead', {
            kind: t(`recognition.kind.${data.kind}`),
            year: data.year,
          })}
        </Text>
        <Group gap="sm" wrap="wrap">
          <Text size="sm">{t('recognition.public.title', { reference: data.reference })}</Text>
          <DossierStatusBadge status={data.status} />
        </Group>
        <Text size="sm" c="dimmed">
          {t('recognition.public.set', { name: data.setName })}
        </Text>
        {data.posting && (
          <Group gap="sm" wrap="wrap" data-testid="public-posting">
            <Text size="sm" fw={600}>
              {t('recognition.posting.title')}:{' '}
              {t('recognition.posting.period', {
                from: formatDate(data.posting.from),
                until: formatDate(data.posting.until),
              })}
            </Text>
            <StatusBadge tone={data.posting.open ? 'info' : 'neutral'}>
              {data.posting.open ? t('recognition.posting.open') : t('recognition.posting.closed')}
            </StatusBadge>
          </Group>
        )}
      </Stack>

      {data.decision && (
        <Card withBorder radius="md" padding="md" component="section">
          <Stack gap="xs">
            <Title order={2} size="h3">
              {t('recognition.public.decision')}
            </Title>
            <DecisionLine decision={data.decision} />
          </Stack>
        </Card>
      )}

      {data.evaluation && (
        <Card withBorder radius="md" padding="md" component="section" data-testid="public-result">
          <Stack gap="xs">
            <Title order={2} size="h3">
              {t('recognition.public.result')}
            </Title>
            <Text size="sm" fw={700}>
              {t('recognition.snapshot.result', {
                met: data.evaluation.criteriaMet,
                total: data.evaluation.criteriaTotal,
              })}
            </Text>
            <Table verticalSpacing={4}>
              <Table.Tbody>
                {data.evaluation.criteria.map((criterion) => (
                  <Table.Tr key={criterion.code}>
                    <Table.Td>
                      {t('recognition.public.criterionCode', { code: criterion.code })}
                    </Table.Td>
                    <Table.Td>
                      <CriterionBadge status={criterion.status} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        </Card>
      )}

      <Card withBorder radius="md" padding="md" component="section">
        <Stack gap="xs">
          <Title order={2} size="h3">
            {t('recognition.public.documents')}
          </Title>
          {data.documents.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('recognition.public.noDocuments')}
            </Text>
          ) : (
            <Stack component="ul" gap={4} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {data.documents.map((document) => (
                <Group component="li" key={document.id} gap={6} wrap="nowrap">
                  <IconFile size={16} />
                  <Anchor href={document.url} target="_blank" rel="noopener noreferrer" size="sm">
                    {document.name}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {formatDate(document.createdAt)}
                  </Text>
                </Group>
              ))}
            </Stack>
          )}
        </Stack>
      </Card>

      <Card withBorder radius="md" padding="md" component="section" data-testid="public-comments">
        <Stack gap="sm">
          <Title order={2} size="h3">
            {t('recognition.public.comments')}
          </Title>
          {published.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('recognition.comments.empty')}
            </Text>
          ) : (
            <Stack component="ul" gap="sm" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {published.map((comment) => (
                <li key={comment.id} data-testid="public-comment">
                  <Text size="sm" fw={700}>
                    {comment.authorName ?? t('recognition.comments.anonymous')} ·{' '}
                    {formatDate(comment.createdAt)}
                  </Text>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {comment.body}
                  </Text>
                  {comment.answer && (
                    <Text
                      size="sm"
                      mt={4}
                      pl="sm"
                      style={{
                        borderLeft: '3px solid var(--mantine-color-gray-4)',
                        whiteSpace: 'pre-wrap',
                      }}
                    >
                      <strong>
                        {t('recognition.comments.answered', {
                          by: comment.answeredBy ?? '',
                          date: formatDate(comment.answeredAt),
                        })}
                      </strong>{' '}
                      {comment.answer}
                    </Text>
                  )}
                </li>
              ))}
            </Stack>
          )}
        </Stack>
      </Card>

      {data.posting?.open ? (
        <CommentForm id={data.id} />
      ) : (
        data.posting && (
          <Text size="sm" c="dimmed">
            {t('recognition.public.closed')}
          </Text>
        )
      )}
    </Stack>
  );
}

/** The public posting of a dossier, for everyone, no login: /cong-khai/ho-so/<id>. */
export default function PublicDossierPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const dossier = usePublicDossier(id);
  useDocumentTitle(
    dossier.data
      ? t('recognition.public.title', { reference: dossier.data.reference })
      : t('recognition.posting.title'),
  );
  if (dossier.isPending) return <PageLoader />;
  if (dossier.isError) {
    const notFound = dossier.error instanceof ApiError && dossier.error.isNotFound;
    return (
      <Alert color="red" variant="light" icon={<IconAlert />} role="alert" maw={640}>
        {notFound ? t('recognition.public.notFound') : dossier.error.message}
      </Alert>
    );
  }
  return <PublicDossier data={dossier.data} />;
}
