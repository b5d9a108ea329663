import { Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { IconBook, IconClock, IconHierarchy } from '../components/icons';
import { StatusBadge } from '../components/StatusBadge';
import { paths } from '../app/paths';
import { HealthCard } from '../features/health/HealthCard';
import { MyCommuneCard } from '../features/values/MyCommuneCard';
import classes from './HomePage.module.css';
import { useDocumentTitle } from '../lib/useDocumentTitle';

const CAPABILITIES = [
  'units',
  'criteria',
  'values',
  'evaluation',
  'recognition',
  'citizens',
  'ocop',
  'reports',
] as const;

export function HomePage() {
  const { t } = useTranslation();
  useDocumentTitle();
  return (
    <Stack gap="lg" maw={960}>
      <Stack gap="xs" component="header">
        <Text size="sm" fw={500} c="ntm.8" tt="uppercase" className={classes.kicker}>
          {t('app.program')}
        </Text>
        <Title order={1}>{t('home.title')}</Title>
        <Text size="lg" className={classes.lead}>
          {t('home.lead')}
        </Text>
        <Text c="dimmed">{t('home.status')}</Text>
        <Group gap="sm" mt="xs">
          <Button component={Link} to={paths.units} leftSection={<IconHierarchy size={18} />}>
            {t('home.openUnits')}
          </Button>
          <Button
            component="a"
            href={paths.apiDocs}
            variant="default"
            leftSection={<IconBook size={18} />}
          >
            {t('home.openApiDocs')}
          </Button>
        </Group>
      </Stack>

      <MyCommuneCard />

      <div className={classes.grid}>
        <HealthCard />

        <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="planned">
          <Group justify="space-between" align="center" mb="md" gap="xs">
            <Title order={2} id="planned">
              {t('home.plannedTitle')}
            </Title>
            <StatusBadge tone="neutral" icon={<IconClock size={16} />}>
              {t('common.planned')}
            </StatusBadge>
          </Group>
          <List spacing="xs" className={classes.capabilities}>
            {CAPABILITIES.map((key) => (
              <List.Item key={key}>{t(`home.capability.${key}`)}</List.Item>
            ))}
          </List>
        </Card>
      </div>
    </Stack>
  );
}
