import { Alert, Anchor, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconAlert, IconDownloadFile } from '../../components/icons';
import { formatDateTime, formatNumber, formatPercent } from '../../lib/format';
import { PassBadge, UnverifiedBadge } from './Badges';
import { ruleText } from './labels';
import type { CampaignDetail, RuleResult, Tally } from './types';
import { resultPdfUrl, useTally } from './useSurveys';

function percent(value: number | null): string {
  return value === null ? '—' : formatPercent(value);
}

function shortfall(totalLabel: string, rule: RuleResult, tally: Tally) {
  return rule.failing.map((item) => {
    const question = item.question
      ? (tally.questions.find((q) => q.id === item.question)?.content ?? item.question)
      : null;
    const where = [item.village, question].filter(Boolean).join(' · ');
    return `${where || totalLabel}: ${percent(item.value)}`;
  });
}

/** The live or final tally: coverage, satisfaction, each rule with Đạt / Không đạt. */
export function TallySection({ campaign }: { campaign: CampaignDetail }) {
  const { t } = useTranslation();
  const tally = useTally(campaign.id, campaign.state === 'open');
  if (tally.isPending) return <Text c="dimmed">{t('common.loading')}</Text>;
  if (tally.isError) {
    return (
      <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
        {tally.error.message}
      </Alert>
    );
  }
  const { tally: result, live, computedAt, channels } = tally.data;
  const posted = ['tallied', 'posted', 'reported'].includes(campaign.state);

  return (
    <Stack gap="lg" data-testid="tally-section">
      <Group gap="sm" wrap="wrap">
        <PassBadge passed={result.passed} testId="tally-passed" />
        <Text size="sm" c="dimmed" data-testid="tally-when">
          {live
            ? t('surveys.tally.live', { at: formatDateTime(computedAt) })
            : t('surveys.tally.final', { at: formatDateTime(computedAt) })}
        </Text>
      </Group>
      <Text fw={700} data-testid="tally-coverage">
        {t('surveys.tally.coverage', {
          answered: formatNumber(result.answered),
          households: formatNumber(result.households),
          share: percent(result.coverage),
        })}
      </Text>
      <Text size="sm" c="dimmed">
        {t('surveys.tally.channels', {
          code: formatNumber(channels.code),
          paper: formatNumber(channels.paper),
          door: formatNumber(channels.door),
        })}
      </Text>

      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('surveys.tally.rules')}
        </Title>
        <Table.ScrollContainer minWidth={0}>
          <Table withTableBorder data-testid="tally-rules">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('surveys.rules.rule')}</Table.Th>
                <Table.Th>{t('surveys.tally.value')}</Table.Th>
                <Table.Th>{t('surveys.rules.threshold')}</Table.Th>
                <Table.Th>{t('surveys.common.result')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.rules.map((rule) => (
                <Table.Tr key={rule.code} data-testid="tally-rule" data-rule={rule.kind}>
                  <Table.Td>
                    {ruleText(t, rule.kind)}
                    {!rule.passed && rule.failing.length > 0 && (
                      <Text size="xs" c="red.9" data-testid="tally-failing">
                        {t('surveys.tally.shortfall')}:{' '}
                        {shortfall(t('surveys.common.total'), rule, result).join('; ')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{percent(rule.value)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="wrap">
                      <span>≥ {formatPercent(rule.min)}</span>
                      {!rule.verified && <UnverifiedBadge />}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <PassBadge passed={rule.passed} testId="rule-passed" />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>

      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('surveys.tally.villages')}
        </Title>
        <Table.ScrollContainer minWidth={0}>
          <Table withTableBorder striped data-testid="tally-villages">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('surveys.households.village')}</Table.Th>
                <Table.Th>{t('surveys.households.answered')}</Table.Th>
                <Table.Th>{t('surveys.tally.coverageShare')}</Table.Th>
                {posted && <Table.Th>{t('surveys.tally.resultSheet')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.villages.map((village) => (
                <Table.Tr key={`${village.commune}-${village.village}`} data-testid="tally-village">
                  <Table.Td>{village.village}</Table.Td>
                  <Table.Td>
                    {formatNumber(village.answered)}/{formatNumber(village.households)}
                  </Table.Td>
                  <Table.Td>{percent(village.coverage)}</Table.Td>
                  {posted && (
                    <Table.Td>
                      <Anchor href={resultPdfUrl(campaign.id, village.village)} target="_blank">
                        <Group gap={4} component="span" wrap="nowrap">
                          <IconDownloadFile size={16} />
                          {t('surveys.tally.pdf')}
                        </Group>
                      </Anchor>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
              <Table.Tr fw={700}>
                <Table.Td>{t('surveys.common.total')}</Table.Td>
                <Table.Td>
                  {formatNumber(result.answered)}/{formatNumber(result.households)}
                </Table.Td>
                <Table.Td>{percent(result.coverage)}</Table.Td>
                {posted && (
                  <Table.Td>
                    <Anchor href={resultPdfUrl(campaign.id)} target="_blank">
                      <Group gap={4} component="span" wrap="nowrap">
                        <IconDownloadFile size={16} />
                        {t('surveys.tally.pdf')}
                      </Group>
                    </Anchor>
                  </Table.Td>
                )}
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>

      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('surveys.tally.questions')}
        </Title>
        <Table.ScrollContainer minWidth={0}>
          <Table withTableBorder striped data-testid="tally-questions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('surveys.tally.question')}</Table.Th>
                <Table.Th>{t('surveys.answer.satisfied')}</Table.Th>
                <Table.Th>{t('surveys.answer.dissatisfied')}</Table.Th>
                <Table.Th>{t('surveys.answer.blank')}</Table.Th>
                <Table.Th>{t('surveys.tally.share')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.questions.map((question) => (
                <Table.Tr key={question.id}>
                  <Table.Td>
                    {question.number}. {question.content}
                  </Table.Td>
                  <Table.Td>{formatNumber(question.satisfied)}</Table.Td>
                  <Table.Td>{formatNumber(question.dissatisfied)}</Table.Td>
                  <Table.Td>{formatNumber(question.blank)}</Table.Td>
                  <Table.Td>{percent(question.share)}</Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr fw={700} data-testid="tally-overall">
                <Table.Td>{t('surveys.tally.overall')}</Table.Td>
                <Table.Td>{formatNumber(result.overall.satisfied)}</Table.Td>
                <Table.Td>{formatNumber(result.overall.dissatisfied)}</Table.Td>
                <Table.Td>{formatNumber(result.overall.blank)}</Table.Td>
                <Table.Td>{percent(result.overall.share)}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Stack>
  );
}
