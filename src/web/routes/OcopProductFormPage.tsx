import {
  Alert,
  Button,
  FileInput,
  Group,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ocopNewApplicationPath, paths } from '../app/paths';
import { IconAlert } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { RequireAuth } from '../features/auth/RequireAuth';
import { currentVersion, SetPicker } from '../features/ocop/SetPicker';
import type { OfficeProduct, ProductLink } from '../features/ocop/types';
import {
  OCOP_API,
  useCreateProduct,
  useProducers,
  useRules,
  useUploadProductPhotos,
} from '../features/ocop/useOcop';
import { ActionError } from '../features/recognition/Badges';
import { api } from '../lib/api';
import { todayIso } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';

/** "Shopee | https://…" or a bare address, one a line. */
export function parseLinks(text: string): ProductLink[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [label, url] = line.includes('|') ? line.split('|', 2) : ['', line];
      const address = (url ?? '').trim();
      let host = address;
      try {
        host = new URL(address).hostname;
      } catch {
        // not an address: the server refuses it with its reason
      }
      return { label: (label ?? '').trim() || host, url: address };
    });
}

function ProductForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const rules = useRules();
  const producers = useProducers();
  const create = useCreateProduct();
  const upload = useUploadProductPhotos();
  const [producerId, setProducerId] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [setCode, setSetCode] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [standards, setStandards] = useState<string[]>([]);
  const [certifications, setCertifications] = useState<string[]>([]);
  const [links, setLinks] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [tried, setTried] = useState(false);
  const [photoError, setPhotoError] = useState<unknown>(null);

  if (rules.isPending || producers.isPending) return <PageLoader />;
  if (rules.isError || producers.isError) {
    return (
      <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
        {(rules.error ?? producers.error)?.message}
      </Alert>
    );
  }
  const version = currentVersion(rules.data.items, todayIso());
  const producerList = producers.data.items;
  const chosenProducer = producerId ?? (producerList.length === 1 ? producerList[0]!.id : null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!chosenProducer || !name.trim() || !setCode) return;
    const product = await create
      .mutateAsync({
        producerId: chosenProducer,
        name: name.trim(),
        setCode,
        description: description.trim() || null,
        standards,
        certifications,
        ecommerceLinks: parseLinks(links),
      })
      .catch(() => null);
    if (!product) return;
    if (photos.length > 0) {
      try {
        const saved = await api<OfficeProduct>(`${OCOP_API}/products/office/${product.id}`);
        await upload.mutateAsync({ productId: product.id, version: saved.version, files: photos });
      } catch (error) {
        setPhotoError(error);
        return;
      }
    }
    void navigate(ocopNewApplicationPath(product.id));
  };

  return (
    <form onSubmit={(event) => void submit(event)} data-testid="product-form">
      <Stack gap="sm" maw={640}>
        {producerList.length === 0 ? (
          <Alert color="orange" variant="light" icon={<IconAlert />}>
            {t('ocop.product.noProducer')}
          </Alert>
        ) : (
          <Select
            label={t('ocop.product.producer')}
            data={producerList.map((item) => ({ value: item.id, label: item.name }))}
            value={chosenProducer}
            onChange={setProducerId}
            searchable
            required
            error={tried && !chosenProducer ? t('ocop.common.required') : null}
            data-testid="product-producer"
          />
        )}
        <TextInput
          label={t('ocop.product.name')}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          required
          error={tried && !name.trim() ? t('ocop.common.required') : null}
          data-testid="product-name"
        />
        {version && (
          <>
            <Text size="sm" c="dimmed">
              {t('ocop.product.catalogueOf', { name: version.name })}
            </Text>
            <SetPicker
              version={version}
              value={setCode}
              onChange={setSetCode}
              error={tried && !setCode ? t('ocop.common.required') : null}
            />
          </>
        )}
        <Textarea
          label={t('ocop.product.description')}
          value={description}
          onChange={(event) => setDescription(event.currentTarget.value)}
          autosize
          minRows={3}
          data-testid="product-description"
        />
        <TagsInput
          label={t('ocop.product.standards')}
          description={t('ocop.product.tagsHint')}
          value={standards}
          onChange={setStandards}
          data-testid="product-standards"
        />
        <TagsInput
          label={t('ocop.product.certifications')}
          description={t('ocop.product.tagsHint')}
          value={certifications}
          onChange={setCertifications}
        />
        <Textarea
          label={t('ocop.product.links')}
          description={t('ocop.product.linksHint')}
          value={links}
          onChange={(event) => setLinks(event.currentTarget.value)}
          autosize
          minRows={2}
        />
        <FileInput
          label={t('ocop.product.photos')}
          description={t('ocop.product.photosHint')}
          accept="image/jpeg,image/png,image/webp"
          multiple
          clearable
          value={photos}
          onChange={setPhotos}
          data-testid="product-photos"
        />
        <ActionError error={create.error ?? photoError} />
        <Group>
          <Button
            type="submit"
            loading={create.isPending || upload.isPending}
            mih={48}
            data-testid="product-submit"
          >
            {t('ocop.product.submit')}
          </Button>
          <Button variant="default" mih={48} onClick={() => void navigate(paths.ocop)}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A new product of a producer: /ocop/san-pham/moi */
export default function OcopProductFormPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('ocop.product.title'));
  return (
    <Stack gap="lg" data-testid="ocop-product-form-page">
      <Title order={1}>{t('ocop.product.title')}</Title>
      <RequireAuth>
        <ProductForm />
      </RequireAuth>
    </Stack>
  );
}
