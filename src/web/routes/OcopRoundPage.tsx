import { Alert, Anchor, Badge, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ocopScorePath, paths } from '../app/paths';
import { IconAlert } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { RequireAuth } from '../features/auth/RequireAuth';
import { useSession } from '../features/auth/session';
import { CouncilEditor } from '../features/ocop/CouncilEditor';
import {
  ConflictForm,
  RoundApplicationCard,
  TakeApplications,
} from '../features/ocop/RoundApplications';
import type { RoundDetail } from '../features/ocop/types';
import { useApplications, useMySheets, useRound } from '../features/ocop/useOcop';
import { formatDate, formatNumber } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';

/** "Phiếu chấm của tôi": the applications of the round the member may score (conflicted ones absent). */
function MySheetsList({ round }: { round: RoundDetail }) {
  const { t } = useTranslation();
  const sheets = useMySheets(round.id);
  if (sheets.isPending) return <PageLoader />;
  if (sheets.isError) {
    return (
      <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
        {sheets.error.message}
      </Alert>
    );
  }
  if (sheets.data.items.length === 0) return <Text c="dimmed">{t('ocop.score.none')}</Text>;
  return (
    <Stack gap="xs" data-testid="my-sheets">
      {sheets.data.items.map((item) => (
        <Paper
          key={item.applicationId}
          withBorder
          p="sm"
          radius="md"
          data-testid="my-sheet"
          data-reference={item.reference}
        >
          <Anchor component={Link} to={ocopScorePath(round.id, item.applicationId)} fw={700}>
            {item.reference} — {item.productName}
          </Anchor>
          <Text size="sm" data-testid="my-sheet-state">
            {item.sheet
              ? item.sheet.state === 'submitted'
                ? t('ocop.score.submittedTotal', { total: formatNumber(item.sheet.total) })
                : t('ocop.score.draftTotal', { total: formatNumber(item.sheet.total) })
              : t('ocop.score.notOpened')}
            {' · '}
            {t('ocop.round.attempt', { attempt: item.attempt })}
            {item.rescoreNeeded ? ` · ${t('ocop.score.rescore')}` : ''}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}

function Round({ id }: { id: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const round = useRound(id);
  const applications = useApplications({ round: id });
  if (round.isPending) return <PageLoader />;
  if (round.isError) {
    return (
      <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
        {round.error.message}
      </Alert>
    );
  }
  const item = round.data;
  const me = session.data;
  const member = item.council.find((entry) => entry.userId === me?.id);
  const inRound = applications.data?.items ?? [];
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1} data-testid="round-reference">
          {item.reference} — {item.name}
        </Title>
        <Text size="sm">
          {t('ocop.round.cutoffShort', { date: formatDate(item.cutoffOn) })} ·{' '}
          {t('ocop.round.maxGap', { gap: formatNumber(item.maxGap) })} · {item.ruleVersion} ·{' '}
          <Badge variant="light">{t(`ocop.roundState.${item.state}`)}</Badge>
        </Text>
      </Stack>
      {member && member.position !== 'secretary' && (
        <Stack gap="sm">
          <Title order={2}>{t('ocop.score.mine')}</Title>
          <MySheetsList round={item} />
        </Stack>
      )}
      {item.canManage && (
        <>
          <Stack gap="sm">
            <Title order={2}>{t('ocop.council.title')}</Title>
            <CouncilEditor round={item} />
          </Stack>
          <Stack gap="sm">
            <Title order={2}>{t('ocop.round.waiting')}</Title>
            <TakeApplications round={item} />
          </Stack>
          <Stack gap="sm">
            <Title order={2}>{t('ocop.conflict.title')}</Title>
            <ConflictForm round={item} applications={inRound} />
          </Stack>
        </>
      )}
      {(item.canManage || member) && (
        <Stack gap="sm">
          <Title order={2}>{t('ocop.round.applications', { count: inRound.length })}</Title>
          {inRound.length === 0 ? (
            <Text c="dimmed">{t('ocop.round.noApplications')}</Text>
          ) : (
            inRound
              .filter(
                (application) =>
                  item.canManage ||
                  !item.conflicts.some(
                    (conflict) =>
                      conflict.applicationId === application.id && conflict.userId === me?.id,
                  ),
              )
              .map((application) => (
                <RoundApplicationCard key={application.id} round={item} application={application} />
              ))
          )}
        </Stack>
      )}
      <Anchor component={Link} to={paths.ocop}>
        {t('ocop.common.backHome')}
      </Anchor>
    </Stack>
  );
}

/** An OCOP evaluation round: /ocop/dot/:id */
export default function OcopRoundPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  useDocumentTitle(t('ocop.round.title'));
  return (
    <Stack gap="lg" data-testid="ocop-round-page">
      <RequireAuth>
        <Round id={id} />
      </RequireAuth>
    </Stack>
  );
}
