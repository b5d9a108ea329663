import { Button, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { IconHome } from '../components/icons';
import { paths } from '../app/paths';
import { useDocumentTitle } from '../lib/useDocumentTitle';

export default function NotFoundPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('notFound.title'));
  return (
    <Stack gap="md" maw={640} py="xl" align="flex-start">
      <Text fw={700} c="ntm.8" size="lg">
        {t('notFound.code')}
      </Text>
      <Title order={1}>{t('notFound.title')}</Title>
      <Text>{t('notFound.description')}</Text>
      <Button component={Link} to={paths.home} leftSection={<IconHome size={18} />}>
        {t('common.backHome')}
      </Button>
    </Stack>
  );
}
