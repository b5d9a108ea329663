import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { unitValuesPath } from '../../app/paths';
import { IconEdit } from '../../components/icons';
import { useSession } from '../auth/session';

/**
 * On a commune officer's home page: straight to the data of their commune (the latest year a
 * criteria set fits it). Nothing for other people.
 */
export function MyCommuneCard() {
  const { t } = useTranslation();
  const session = useSession();
  const communes = (session.data?.roles ?? [])
    .filter((assignment) => assignment.role === 'commune' && assignment.unit?.level === 'commune')
    .map((assignment) => assignment.unit!);
  if (communes.length === 0) return null;
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="my-commune">
      <Stack gap="sm">
        <Title order={2} id="my-commune">
          {t('values.entry.myCommune')}
        </Title>
        {communes.slice(0, 3).map((unit) => (
          <Group key={unit.code} justify="space-between" gap="sm" wrap="wrap">
            <Text fw={600}>{unit.name}</Text>
            <Button
              component={Link}
              to={unitValuesPath(unit.code)}
              leftSection={<IconEdit size={18} />}
              data-testid="my-commune-link"
            >
              {t('values.entry.enter')}
            </Button>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
