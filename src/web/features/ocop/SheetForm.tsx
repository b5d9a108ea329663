import { Alert, Badge, Group, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconAlert } from '../../components/icons';
import { formatNumber } from '../../lib/format';
import { StarsText } from './Badges';
import { liveScore, liveStars } from './score';
import type { ScoreSheet, SheetChoices } from './types';
import type { StarBand } from '../../../domain/ocop/types';

interface SheetFormProps {
  sheet: ScoreSheet;
  choices: SheetChoices;
  onChange?: (choices: SheetChoices) => void;
  bands?: StarBand[];
  readOnly?: boolean;
  testId?: string;
}

/**
 * A score sheet as parts → sections → criteria, one radio per option with its points; the running
 * total of each part and of the whole, and the stars it gives, always visible.
 */
export function SheetForm({ sheet, choices, onChange, bands, readOnly, testId }: SheetFormProps) {
  const { t } = useTranslation();
  const score = liveScore(sheet, choices);
  const stars = score.missing.length === 0 ? liveStars(score.total, bands) : null;
  const choose = (criterion: string, option: string) => {
    if (readOnly || !onChange) return;
    onChange({ ...choices, [criterion]: option });
  };
  return (
    <Stack gap="md" data-testid={testId ?? 'sheet-form'}>
      {!sheet.verified && (
        <Badge color="yellow" variant="light" data-testid="sheet-unverified">
          {t('ocop.sheet.unverified')}
        </Badge>
      )}
      {sheet.parts.map((part) => (
        <Stack key={part.part} gap="sm" data-testid={`sheet-part-${part.part}`}>
          <Group justify="space-between" wrap="wrap">
            <Title order={3}>
              {t('ocop.sheet.part', { part: part.part })}: {part.label}
            </Title>
            <Text fw={700} data-testid={`part-total-${part.part}`}>
              {formatNumber(score.parts[part.part] ?? 0)}/{formatNumber(part.points)}
            </Text>
          </Group>
          {part.sections.map((section) => (
            <Paper key={section.code} withBorder p="sm" radius="md">
              <Stack gap="sm">
                <Text fw={700}>
                  {section.code}. {section.label}{' '}
                  <Text span c="dimmed" size="sm">
                    ({t('ocop.sheet.points', { points: formatNumber(section.points) })})
                  </Text>
                </Text>
                {section.criteria.map((criterion) => (
                  <Radio.Group
                    key={criterion.code}
                    label={`${criterion.code}. ${criterion.label}`}
                    value={choices[criterion.code] ?? null}
                    onChange={(value) => choose(criterion.code, value)}
                    data-testid={`criterion-${criterion.code}`}
                    data-criterion={criterion.code}
                  >
                    <Stack gap={4} mt={4}>
                      {criterion.options.map((option, index) => (
                        <Radio
                          key={option.code}
                          value={option.code}
                          disabled={readOnly}
                          data-testid={`option-${criterion.code}-${index}`}
                          data-points={option.points}
                          styles={{ body: { minHeight: 44, alignItems: 'center' } }}
                          label={
                            <span>
                              {option.label}{' '}
                              <strong>
                                ({t('ocop.sheet.points', { points: formatNumber(option.points) })})
                              </strong>
                              {option.disqualifies && (
                                <Text span c="red.8" size="sm">
                                  {' '}
                                  · {t('ocop.sheet.disqualifies')}
                                </Text>
                              )}
                            </span>
                          }
                        />
                      ))}
                    </Stack>
                  </Radio.Group>
                ))}
              </Stack>
            </Paper>
          ))}
        </Stack>
      ))}
      <Paper
        withBorder
        p="sm"
        radius="md"
        pos="sticky"
        bottom={0}
        style={{ zIndex: 2, background: 'var(--mantine-color-body)' }}
        data-testid="sheet-total"
      >
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={700}>
            {t('ocop.sheet.total')}:{' '}
            <span data-testid="sheet-total-points">{formatNumber(score.total)}</span>/100
          </Text>
          {stars ? (
            <Group gap={4}>
              <Text size="sm">{t('ocop.sheet.gives')}</Text>
              <StarsText stars={stars} testId="sheet-stars" />
            </Group>
          ) : (
            <Text size="sm" c="dimmed" data-testid="sheet-missing">
              {t('ocop.sheet.missing', { count: score.missing.length })}
            </Text>
          )}
        </Group>
        {score.disqualifying.length > 0 && (
          <Alert color="red" variant="light" icon={<IconAlert />} mt="xs">
            {t('ocop.sheet.disqualified')}
          </Alert>
        )}
      </Paper>
    </Stack>
  );
}
