import {
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  CloseButton,
  Group,
  Image,
  Radio,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { feedbackPath } from '../app/paths';
import { IconAlert, IconInfo } from '../components/icons';
import { downscalePhoto } from '../features/feedback/downscale';
import {
  clearDraft,
  deviceId,
  emptyDraft,
  loadDraft,
  myReports,
  rememberReport,
  saveDraft,
  type FeedbackDraft,
} from '../features/feedback/draft';
import { CRITERIA } from '../features/feedback/labels';
import { useCreateReport } from '../features/feedback/useFeedback';
import { api, ApiError } from '../lib/api';
import { sortByName } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';

const MAX_PHOTOS = 4;

interface UnitOption {
  code: string;
  name: string;
}

function useUnits(level: 'province' | 'commune', parent?: string) {
  return useQuery({
    queryKey: ['feedback', 'units', level, parent ?? ''],
    queryFn: ({ signal }) =>
      api<{ items: UnitOption[] }>('/api/v1/units', {
        query: { level, parent, pageSize: 500 },
        signal,
      }),
    enabled: level === 'province' || !!parent,
    staleTime: 60 * 60_000,
  });
}

/**
 * The public report form (no login), phone first: commune, place, what it is about, the text,
 * photos made smaller on the phone, and the choice to stay anonymous, said plainly. The draft is
 * kept on the phone at every change; a failed send is retried with the same key.
 */
export default function FeedbackFormPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('feedback.form.title'));
  const navigate = useNavigate();
  const [draft, setDraft] = useState<FeedbackDraft>(() => loadDraft());
  const [touched, setTouched] = useState(false);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const [preparing, setPreparing] = useState(false);
  const [offline, setOffline] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const create = useCreateReport();
  const provinces = useUnits('province');
  const communes = useUnits('commune', draft.province || undefined);
  const mine = useMemo(() => myReports(), []);

  useEffect(() => saveDraft(draft), [draft]);
  const update = (change: Partial<FeedbackDraft>) =>
    setDraft((current) => ({ ...current, ...change }));

  const textMissing = draft.text.trim().length < 10;
  const unitMissing = !draft.unit;
  const criterionMissing = draft.category === 'criterion' && !draft.criterionCode;
  const contactMissing =
    !draft.anonymous && !draft.reporterName.trim() && !draft.reporterPhone.trim();

  const addPhotos = async (files: FileList | null) => {
    if (!files) return;
    setPhotoError(null);
    const room = MAX_PHOTOS - draft.photos.length;
    const chosen = Array.from(files).slice(0, Math.max(0, room));
    if (files.length > room) setPhotoError(t('feedback.form.photoLimit', { max: MAX_PHOTOS }));
    setPreparing(true);
    const made: string[] = [];
    for (const file of chosen) {
      try {
        made.push(await downscalePhoto(file));
      } catch {
        setPhotoError(t('feedback.form.photoUnreadable', { name: file.name }));
      }
    }
    setPreparing(false);
    setDraft((current) => ({
      ...current,
      photos: [...current.photos, ...made].slice(0, MAX_PHOTOS),
    }));
    if (fileInput.current) fileInput.current.value = '';
  };

  const send = (current: FeedbackDraft) => {
    create.mutate(
      {
        unit: current.unit,
        village: current.village.trim() || undefined,
        category: current.category,
        criterionCode: current.category === 'criterion' ? current.criterionCode : undefined,
        text: current.text.trim(),
        anonymous: current.anonymous,
        reporterName: current.anonymous ? undefined : current.reporterName.trim() || undefined,
        reporterPhone: current.anonymous ? undefined : current.reporterPhone.trim() || undefined,
        ...(current.lat !== null && current.lon !== null
          ? { lat: current.lat, lon: current.lon }
          : {}),
        deviceId: deviceId(),
        clientKey: current.clientKey,
        photos: current.photos.map((data) => ({ data })),
      },
      {
        onSuccess: (created) => {
          setOffline(false);
          rememberReport(created.code);
          clearDraft();
          setDraft(emptyDraft());
          void navigate(`${feedbackPath(created.code)}?moi=1`);
        },
        onError: (error) => {
          setOffline(error instanceof ApiError && error.isNetworkError);
        },
      },
    );
  };

  // Back online: send again what could not be sent (same key: never twice).
  useEffect(() => {
    if (!offline) return;
    const retry = () => send(draft);
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (textMissing || unitMissing || criterionMissing || contactMissing) return;
    send(draft);
  };

  const locate = () => {
    navigator.geolocation?.getCurrentPosition((position) =>
      update({
        lat: Math.round(position.coords.latitude * 1e6) / 1e6,
        lon: Math.round(position.coords.longitude * 1e6) / 1e6,
      }),
    );
  };

  const provinceOptions = sortByName(provinces.data?.items ?? []).map((unit) => ({
    value: unit.code,
    label: unit.name,
  }));
  const communeOptions = sortByName(communes.data?.items ?? []).map((unit) => ({
    value: unit.code,
    label: unit.name,
  }));
  const failure = create.error instanceof ApiError ? create.error : null;

  return (
    <Stack gap="md" maw={640}>
      <Title order={1}>{t('feedback.form.title')}</Title>
      <Text>{t('feedback.form.intro')}</Text>
      {mine.length > 0 && (
        <Text size="sm">
          {t('feedback.form.mine')}{' '}
          {mine.slice(0, 5).map((code) => (
            <Anchor key={code} component={Link} to={feedbackPath(code)} mr="xs">
              {code}
            </Anchor>
          ))}
        </Text>
      )}
      <Card withBorder radius="md" padding="md">
        <form onSubmit={submit} noValidate data-testid="feedback-form">
          <Stack gap="md">
            <Select
              label={t('feedback.form.province')}
              data={provinceOptions}
              value={draft.province || null}
              onChange={(value) => update({ province: value ?? '', unit: '' })}
              searchable
              required
              size="md"
              data-testid="feedback-province"
            />
            <Select
              label={t('feedback.form.commune')}
              data={communeOptions}
              value={draft.unit || null}
              onChange={(value) => update({ unit: value ?? '' })}
              searchable
              required
              disabled={!draft.province}
              size="md"
              error={touched && unitMissing ? t('feedback.form.communeRequired') : undefined}
              data-testid="feedback-commune"
            />
            <TextInput
              label={t('feedback.form.village')}
              value={draft.village}
              onChange={(event) => update({ village: event.currentTarget.value })}
              maxLength={120}
              size="md"
              data-testid="feedback-village"
            />
            <Group gap="sm" align="center">
              <Button variant="default" size="md" onClick={locate} type="button">
                {t('feedback.form.locate')}
              </Button>
              {draft.lat !== null && draft.lon !== null && (
                <Group gap="xs">
                  <Text size="sm">
                    {t('feedback.form.point', { lat: draft.lat, lon: draft.lon })}
                  </Text>
                  <CloseButton
                    aria-label={t('feedback.form.removePoint')}
                    onClick={() => update({ lat: null, lon: null })}
                  />
                </Group>
              )}
            </Group>
            <Radio.Group
              label={t('feedback.form.category')}
              value={draft.category}
              onChange={(value) => update({ category: value })}
              required
            >
              <Stack gap="xs" mt="xs">
                <Radio value="public_works" label={t('feedback.category.public_works')} size="md" />
                <Radio value="criterion" label={t('feedback.category.criterion')} size="md" />
                <Radio value="other" label={t('feedback.category.other')} size="md" />
              </Stack>
            </Radio.Group>
            {draft.category === 'criterion' && (
              <Select
                label={t('feedback.form.criterion')}
                data={CRITERIA.map((code) => ({
                  value: code,
                  label: `${code}. ${t(`feedback.criteria.${code}` as `feedback.criteria.1`)}`,
                }))}
                value={draft.criterionCode || null}
                onChange={(value) => update({ criterionCode: value ?? '' })}
                size="md"
                error={
                  touched && criterionMissing ? t('feedback.form.criterionRequired') : undefined
                }
              />
            )}
            <Textarea
              label={t('feedback.form.text')}
              description={t('feedback.form.textHint')}
              value={draft.text}
              onChange={(event) => update({ text: event.currentTarget.value })}
              minRows={5}
              autosize
              maxLength={4000}
              required
              size="md"
              error={touched && textMissing ? t('feedback.form.textRequired') : undefined}
              data-testid="feedback-text"
            />
            <Stack gap="xs">
              <Text fw={500} component="label" htmlFor="feedback-photos">
                {t('feedback.form.photos', { max: MAX_PHOTOS })}
              </Text>
              <Text size="sm" c="dimmed">
                {t('feedback.form.photosHint')}
              </Text>
              <input
                id="feedback-photos"
                ref={fileInput}
                type="file"
                accept="image/*"
                multiple
                disabled={draft.photos.length >= MAX_PHOTOS || preparing}
                onChange={(event) => void addPhotos(event.currentTarget.files)}
                style={{ minHeight: 44 }}
                data-testid="feedback-photos"
              />
              {preparing && <Text size="sm">{t('feedback.form.preparing')}</Text>}
              {photoError && (
                <Text size="sm" c="red.8" role="alert">
                  {photoError}
                </Text>
              )}
              <Group gap="sm">
                {draft.photos.map((photo, index) => (
                  <Stack key={index} gap={4} align="center">
                    <Image
                      src={photo}
                      alt={t('feedback.form.photoAlt', { number: index + 1 })}
                      w={96}
                      h={96}
                      fit="cover"
                      radius="sm"
                      data-testid="feedback-photo-preview"
                    />
                    <Button
                      variant="subtle"
                      size="compact-sm"
                      onClick={() =>
                        update({ photos: draft.photos.filter((_, other) => other !== index) })
                      }
                    >
                      {t('feedback.form.removePhoto')}
                    </Button>
                  </Stack>
                ))}
              </Group>
            </Stack>
            <Stack gap="xs">
              <Checkbox
                label={t('feedback.form.anonymous')}
                checked={draft.anonymous}
                onChange={(event) => update({ anonymous: event.currentTarget.checked })}
                size="md"
                data-testid="feedback-anonymous"
              />
              <Alert
                color={draft.anonymous ? 'yellow' : 'blue'}
                icon={<IconInfo />}
                data-testid="feedback-anonymous-note"
              >
                {draft.anonymous ? t('feedback.form.anonymousNote') : t('feedback.form.namedNote')}
              </Alert>
            </Stack>
            {!draft.anonymous && (
              <>
                <TextInput
                  label={t('feedback.form.name')}
                  value={draft.reporterName}
                  onChange={(event) => update({ reporterName: event.currentTarget.value })}
                  maxLength={120}
                  autoComplete="name"
                  size="md"
                  error={touched && contactMissing ? t('feedback.form.contactRequired') : undefined}
                />
                <TextInput
                  label={t('feedback.form.phone')}
                  value={draft.reporterPhone}
                  onChange={(event) => update({ reporterPhone: event.currentTarget.value })}
                  maxLength={20}
                  type="tel"
                  autoComplete="tel"
                  size="md"
                />
              </>
            )}
            {offline && (
              <Alert color="orange" icon={<IconAlert />} role="status">
                {t('feedback.form.offline')}
              </Alert>
            )}
            {failure && !failure.isNetworkError && (
              <Alert color="red" icon={<IconAlert />} role="alert" data-testid="feedback-error">
                {failure.message}
                {typeof (failure.body as { duplicateOf?: string } | undefined)?.duplicateOf ===
                  'string' && (
                  <>
                    {' '}
                    <Anchor
                      component={Link}
                      to={feedbackPath((failure.body as { duplicateOf: string }).duplicateOf)}
                    >
                      {t('feedback.form.seeExisting')}
                    </Anchor>
                  </>
                )}
              </Alert>
            )}
            <Button
              type="submit"
              size="md"
              loading={create.isPending}
              disabled={preparing}
              data-testid="feedback-submit"
            >
              {offline ? t('feedback.form.retry') : t('feedback.form.submit')}
            </Button>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
