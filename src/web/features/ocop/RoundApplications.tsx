import {
  Anchor,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ocopApplicationPath } from '../../app/paths';
import { formatNumber } from '../../lib/format';
import { ActionError, DateField } from '../recognition/Badges';
import { ApplicationStateBadge, StarsText } from './Badges';
import type { ApplicationSummary, RoundDetail } from './types';
import {
  certificatePdfUrl,
  useApplications,
  useDecide,
  useDeclareConflict,
  useOfficeProduct,
  useRecordDiscussion,
  useScores,
  useTakeApplications,
} from './useOcop';

/** Forwarded applications not yet in a round: ticked and taken into this one. */
export function TakeApplications({ round }: { round: RoundDetail }) {
  const { t } = useTranslation();
  const waiting = useApplications({ state: 'preassessed' });
  const take = useTakeApplications(round);
  const [picked, setPicked] = useState<string[]>([]);
  const items = (waiting.data?.items ?? []).filter(
    (item) =>
      !item.roundId &&
      item.provinceCode === round.provinceCode &&
      (item as { preassessment?: { forward?: boolean } | null }).preassessment?.forward !== false,
  );
  if (items.length === 0) return <Text c="dimmed">{t('ocop.round.noneWaiting')}</Text>;
  return (
    <Stack gap="sm" data-testid="take-applications">
      <Checkbox.Group value={picked} onChange={setPicked}>
        <Stack gap="xs">
          {items.map((item) => (
            <Checkbox
              key={item.id}
              value={item.id}
              label={`${item.reference} — ${item.productName}`}
              data-testid="take-application"
              data-reference={item.reference}
              styles={{ body: { minHeight: 44, alignItems: 'center' } }}
            />
          ))}
        </Stack>
      </Checkbox.Group>
      <ActionError error={take.error} />
      <Group>
        <Button
          mih={48}
          disabled={picked.length === 0}
          loading={take.isPending}
          onClick={() => take.mutate(picked, { onSuccess: () => setPicked([]) })}
          data-testid="take-submit"
        >
          {t('ocop.round.take', { count: picked.length })}
        </Button>
      </Group>
    </Stack>
  );
}

/** A member's declared conflict of interest with one application of the round. */
export function ConflictForm({
  round,
  applications,
}: {
  round: RoundDetail;
  applications: ApplicationSummary[];
}) {
  const { t } = useTranslation();
  const declare = useDeclareConflict(round);
  const [userId, setUserId] = useState<string | null>(null);
  const [applicationId, setApplicationId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const name = (id: string) =>
    round.council.find((member) => member.userId === id)?.displayName ?? id;
  const reference = (id: string) => applications.find((item) => item.id === id)?.reference ?? id;
  return (
    <Stack gap="sm" data-testid="conflicts">
      {round.conflicts.length > 0 && (
        <Stack gap={4}>
          {round.conflicts.map((conflict) => (
            <Text
              key={`${conflict.userId}-${conflict.applicationId}`}
              size="sm"
              data-testid="conflict-row"
            >
              {name(conflict.userId)} × {reference(conflict.applicationId)}: {conflict.reason}
            </Text>
          ))}
        </Stack>
      )}
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('ocop.conflict.member')}
          data={round.council.map((member) => ({
            value: member.userId,
            label: member.displayName ?? member.userId,
          }))}
          value={userId}
          onChange={setUserId}
          w={240}
          data-testid="conflict-member"
        />
        <Select
          label={t('ocop.conflict.application')}
          data={applications.map((item) => ({
            value: item.id,
            label: `${item.reference} — ${item.productName}`,
          }))}
          value={applicationId}
          onChange={setApplicationId}
          w={280}
          data-testid="conflict-application"
        />
        <TextInput
          label={t('ocop.conflict.reason')}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          w={280}
          data-testid="conflict-reason"
        />
        <Button
          mih={48}
          disabled={!userId || !applicationId || !reason.trim()}
          loading={declare.isPending}
          onClick={() =>
            userId &&
            applicationId &&
            declare.mutate(
              { userId, applicationId, reason: reason.trim() },
              { onSuccess: () => setReason('') },
            )
          }
          data-testid="conflict-submit"
        >
          {t('ocop.conflict.declare')}
        </Button>
      </Group>
      <ActionError error={declare.error} />
    </Stack>
  );
}

function certificateOf(value: unknown): string | null {
  if (!value || typeof value !== 'object') return null;
  const record = value as Record<string, unknown>;
  const nested = record.certificate as Record<string, unknown> | undefined | null;
  if (nested && typeof nested.id === 'string') return nested.id;
  if (typeof record.certificateId === 'string') return record.certificateId;
  if (typeof record.id === 'string' && typeof record.number === 'string') return record.id;
  return null;
}

/** One application of the round: its sheets, the gap, discussion and re-score, the decision. */
export function RoundApplicationCard({
  round,
  application,
}: {
  round: RoundDetail;
  application: ApplicationSummary;
}) {
  const { t } = useTranslation();
  const scores = useScores(application.id);
  const discussion = useRecordDiscussion(application.id);
  const decide = useDecide(application.id);
  const [minutes, setMinutes] = useState('');
  const [decisionNumber, setDecisionNumber] = useState('');
  const [decidedOn, setDecidedOn] = useState<string | null>(null);
  const [signer, setSigner] = useState('');
  const [stars, setStars] = useState<string | null>(null);
  const view = scores.data;
  const scoring = round.council.filter((member) => member.position !== 'secretary');
  const conflicted = round.conflicts.filter((item) => item.applicationId === application.id);
  const current = view?.attempts.at(-1);
  const expected = current?.expected ?? scoring.length - conflicted.length;
  const submitted = current?.submitted ?? 0;
  const result = view?.result ?? null;
  const product = useOfficeProduct(application.state === 'decided' ? application.productId : null);
  const certificateId = certificateOf(decide.data) ?? product.data?.certificateId ?? null;
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      data-testid="round-application"
      data-reference={application.reference}
    >
      <Stack gap="xs">
        <Group gap="sm" wrap="wrap">
          <Anchor component={Link} to={ocopApplicationPath(application.id)} fw={700}>
            {application.reference}
          </Anchor>
          <Text>{application.productName}</Text>
          <ApplicationStateBadge state={application.state} />
        </Group>
        <Text size="sm" data-testid="round-application-status">
          {t('ocop.round.sheets', { submitted, expected })} ·{' '}
          {t('ocop.round.attempt', { attempt: view?.attempt ?? application.attempt })}
          {result
            ? ` · ${t('ocop.round.resultLine', { score: formatNumber(result.score), gap: formatNumber(result.gap) })}`
            : ''}
        </Text>
        {result && (
          <Group gap="xs">
            <Text size="sm">{t('ocop.round.byPoints')}</Text>
            <StarsText stars={result.stars ?? result.starsByPoints} testId="result-stars" />
          </Group>
        )}
        {current && current.sheets.length > 0 && (
          <Text size="sm" c="dimmed" data-testid="member-totals">
            {current.sheets
              .map((member) => `${member.displayName}: ${formatNumber(member.total)}`)
              .join(' · ')}
          </Text>
        )}
        {view?.discussions.map((item) => (
          <Text key={item.attempt} size="sm" data-testid="discussion-record">
            {t('ocop.round.discussed', {
              attempt: item.attempt,
              gap: formatNumber(item.gap),
              minutes: item.minutes,
            })}
          </Text>
        ))}
        {result?.rescoreNeeded && application.state === 'scoring' && (
          <Stack gap="xs" data-testid="discussion-form">
            <Text size="sm" c="orange.9" fw={700}>
              {t('ocop.round.gapTooWide', {
                gap: formatNumber(result.gap),
                max: formatNumber(round.maxGap),
              })}
            </Text>
            <Textarea
              label={t('ocop.round.minutes')}
              value={minutes}
              onChange={(event) => setMinutes(event.currentTarget.value)}
              autosize
              minRows={2}
              data-testid="discussion-minutes"
            />
            <ActionError error={discussion.error} />
            <Group>
              <Button
                mih={48}
                disabled={!minutes.trim()}
                loading={discussion.isPending}
                onClick={() =>
                  discussion.mutate(minutes.trim(), { onSuccess: () => setMinutes('') })
                }
                data-testid="discussion-submit"
              >
                {t('ocop.round.rescore')}
              </Button>
            </Group>
          </Stack>
        )}
        {application.state === 'scored' && !certificateId && (
          <Stack gap="xs" data-testid="decision-form">
            <TextInput
              label={t('ocop.decision.number')}
              value={decisionNumber}
              onChange={(event) => setDecisionNumber(event.currentTarget.value)}
              data-testid="decision-number"
            />
            <DateField
              label={t('ocop.decision.date')}
              value={decidedOn}
              onChange={setDecidedOn}
              data-testid="decision-date"
            />
            <TextInput
              label={t('ocop.decision.signer')}
              value={signer}
              onChange={(event) => setSigner(event.currentTarget.value)}
              data-testid="decision-signer"
            />
            <Select
              label={t('ocop.decision.stars')}
              data={[3, 4, 5].map((value) => ({
                value: String(value),
                label: '★'.repeat(value),
              }))}
              value={stars ?? (result?.stars ? String(result.stars) : null)}
              onChange={setStars}
              data-testid="decision-stars"
            />
            <ActionError error={decide.error} />
            <Group>
              <Button
                mih={48}
                loading={decide.isPending}
                disabled={!decisionNumber.trim() || !decidedOn || !signer.trim()}
                onClick={() =>
                  decidedOn &&
                  decide.mutate({
                    decisionNumber: decisionNumber.trim(),
                    decidedOn,
                    signer: signer.trim(),
                    stars: Number(stars ?? result?.stars ?? 0),
                    version: application.version,
                  })
                }
                data-testid="decision-submit"
              >
                {t('ocop.decision.submit')}
              </Button>
            </Group>
          </Stack>
        )}
        {certificateId && (
          <Anchor
            href={certificatePdfUrl(certificateId)}
            target="_blank"
            rel="noopener"
            data-testid="certificate-pdf"
          >
            {t('ocop.certificate.pdf')}
          </Anchor>
        )}
      </Stack>
    </Paper>
  );
}
