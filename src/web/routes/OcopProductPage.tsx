import {
  Alert,
  Anchor,
  Button,
  Group,
  Image,
  List,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { paths } from '../app/paths';
import { IconAlert } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { useSession } from '../features/auth/session';
import { StarsText } from '../features/ocop/Badges';
import { RevokeCertificateForm } from '../features/ocop/RevokeCertificate';
import { useCatalogueProduct } from '../features/ocop/useOcop';
import { canRevokeCertificates } from '../features/ocop/roles';
import { formatDate } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';

/** A certified product's public page: /san-pham-ocop/:code */
export default function OcopProductPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const product = useCatalogueProduct(code);
  const session = useSession();
  const [revoking, setRevoking] = useState(false);
  const [revoked, setRevoked] = useState<string | null>(null);
  useDocumentTitle(revoked ?? product.data?.name ?? t('ocop.catalogue.title'));
  if (revoked !== null) {
    return (
      <Stack gap="md" data-testid="ocop-product-page">
        <Alert color="green" variant="light" role="status" data-testid="product-revoked">
          {t('ocop.revoke.done', { name: revoked })}
        </Alert>
        <Anchor component={Link} to={paths.ocopCatalogue}>
          {t('ocop.catalogue.back')}
        </Anchor>
      </Stack>
    );
  }
  if (product.isPending) return <PageLoader />;
  if (product.isError) {
    return (
      <Stack gap="md" data-testid="ocop-product-page">
        <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
          {product.isError && product.error.message}
        </Alert>
        <Anchor component={Link} to={paths.ocopCatalogue}>
          {t('ocop.catalogue.back')}
        </Anchor>
      </Stack>
    );
  }
  const item = product.data;
  const certificate = item.certificate;
  return (
    <Stack gap="md" data-testid="ocop-product-page">
      <Stack gap={4}>
        <Title order={1} data-testid="product-name">
          {item.name}
        </Title>
        <Group gap="sm">
          <StarsText stars={item.stars} testId="product-stars" />
          <Text size="sm" c="dimmed" data-testid="product-code">
            {t('ocop.catalogue.code', { code: item.code })}
          </Text>
        </Group>
        <Text data-testid="product-producer">
          {[item.producer.name, item.producer.commune?.name, item.producer.province?.name]
            .filter(Boolean)
            .join(', ')}
        </Text>
        <Text size="sm">{item.set.name ?? item.set.code}</Text>
      </Stack>
      <Stack gap={2} data-testid="product-certificate">
        <Text size="sm">{t('ocop.certificate.number', { number: certificate.number })}</Text>
        <Text size="sm" data-testid="product-validity">
          {t('ocop.certificate.validity', {
            from: formatDate(certificate.validFrom),
            to: formatDate(certificate.validTo),
          })}
        </Text>
        <Text size="sm">
          {t('ocop.certificate.decision', {
            number: certificate.decisionNumber,
            date: formatDate(certificate.decidedOn),
          })}
        </Text>
        <Anchor href={certificate.pdf} target="_blank" rel="noopener" data-testid="product-pdf">
          {t('ocop.certificate.pdf')}
        </Anchor>
        {canRevokeCertificates(session.data, item.producer.province?.code) && (
          <Group mt="xs">
            <Button
              color="red"
              variant="light"
              mih={48}
              onClick={() => setRevoking(true)}
              data-testid="revoke-open"
            >
              {t('ocop.revoke.title')}
            </Button>
          </Group>
        )}
      </Stack>
      {revoking && (
        <RevokeCertificateForm
          certificateId={certificate.id}
          ruleVersion={certificate.ruleVersion}
          onClose={() => setRevoking(false)}
          onRevoked={() => {
            setRevoking(false);
            setRevoked(item.name);
          }}
        />
      )}
      {item.description && <Text>{item.description}</Text>}
      {item.photoUrls.length > 0 && (
        <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm" data-testid="product-photos">
          {item.photoUrls.map((url) => (
            <Image key={url} src={url} alt={item.name} radius="md" loading="lazy" />
          ))}
        </SimpleGrid>
      )}
      {item.standards.length > 0 && (
        <Stack gap={2}>
          <Text fw={700}>{t('ocop.product.standards')}</Text>
          <List size="sm">
            {item.standards.map((value) => (
              <List.Item key={value}>{value}</List.Item>
            ))}
          </List>
        </Stack>
      )}
      {item.certifications.length > 0 && (
        <Stack gap={2}>
          <Text fw={700}>{t('ocop.product.certifications')}</Text>
          <List size="sm">
            {item.certifications.map((value) => (
              <List.Item key={value}>{value}</List.Item>
            ))}
          </List>
        </Stack>
      )}
      {item.ecommerceLinks.length > 0 && (
        <Stack gap={2}>
          <Text fw={700}>{t('ocop.product.links')}</Text>
          {item.ecommerceLinks.map((link) => (
            <Anchor key={link.url} href={link.url} target="_blank" rel="noopener nofollow">
              {link.label}
            </Anchor>
          ))}
        </Stack>
      )}
      <Anchor component={Link} to={paths.ocopCatalogue}>
        {t('ocop.catalogue.back')}
      </Anchor>
    </Stack>
  );
}
