import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ocopApplicationPath, ocopNewApplicationPath, ocopRoundPath, paths } from '../app/paths';
import { IconAlert, IconPlus, IconRefresh } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { RequireAuth } from '../features/auth/RequireAuth';
import { useSession } from '../features/auth/session';
import { hasRole } from '../features/auth/types';
import { ApplicationStateBadge, StarsText } from '../features/ocop/Badges';
import { ActionError, DateField } from '../features/recognition/Badges';
import { APPLICATION_STATES, PRODUCER_KINDS } from '../features/ocop/types';
import type { ApplicationList, ApplicationState, ProducerKind } from '../features/ocop/types';
import {
  useApplications,
  useCreateProducer,
  useCreateRound,
  useOfficeProducts,
  useRounds,
  useRules,
} from '../features/ocop/useOcop';
import { currentVersion, setName } from '../features/ocop/SetPicker';
import { OcopStatsCard } from '../features/ocop/OcopStatsCard';
import { canManageSheets, isOcopOffice } from '../features/ocop/roles';
import { UnitPicker } from '../features/units/UnitPicker';
import type { PickedUnit } from '../features/units/UnitPicker';
import { formatDate, formatNumber, todayIso } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';

function QueryError({ error, retry }: { error: Error; retry: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{error.message}</Text>
        <Button size="sm" variant="default" leftSection={<IconRefresh size={16} />} onClick={retry}>
          {t('common.retry')}
        </Button>
      </Stack>
    </Alert>
  );
}

function ApplicationsTable({ list }: { list: ApplicationList }) {
  const { t } = useTranslation();
  if (list.items.length === 0) return <Text c="dimmed">{t('ocop.home.noApplications')}</Text>;
  return (
    <Table.ScrollContainer minWidth={0}>
      <Table striped highlightOnHover stickyHeader data-testid="application-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('ocop.common.reference')}</Table.Th>
            <Table.Th>{t('ocop.common.product')}</Table.Th>
            <Table.Th>{t('ocop.common.state')}</Table.Th>
            <Table.Th>{t('ocop.common.selfScore')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.items.map((item) => (
            <Table.Tr key={item.id} data-testid="application-row" data-reference={item.reference}>
              <Table.Td>
                <Anchor component={Link} to={ocopApplicationPath(item.id)} fw={700}>
                  {item.reference}
                </Anchor>
              </Table.Td>
              <Table.Td>{item.productName}</Table.Td>
              <Table.Td>
                <ApplicationStateBadge state={item.state} />
              </Table.Td>
              <Table.Td>{item.selfScore ? formatNumber(item.selfScore.total) : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The producer's own products and applications. */
function ProducerHome() {
  const { t } = useTranslation();
  const rules = useRules();
  const version = currentVersion(rules.data?.items, todayIso());
  const products = useOfficeProducts();
  const applications = useApplications({});
  return (
    <Stack gap="lg">
      <Group>
        <Button
          component={Link}
          to={paths.ocopNewProduct}
          leftSection={<IconPlus size={18} />}
          mih={48}
          data-testid="register-product"
        >
          {t('ocop.home.registerProduct')}
        </Button>
      </Group>
      <Stack gap="sm">
        <Title order={2}>{t('ocop.home.myProducts')}</Title>
        {products.isPending ? (
          <PageLoader />
        ) : products.isError ? (
          <QueryError error={products.error} retry={() => void products.refetch()} />
        ) : products.data.items.length === 0 ? (
          <Text c="dimmed">{t('ocop.home.noProducts')}</Text>
        ) : (
          <Stack gap="xs" data-testid="product-list">
            {products.data.items.map((product) => (
              <Group
                key={product.id}
                justify="space-between"
                wrap="wrap"
                data-testid="product-row"
                data-name={product.name}
              >
                <Stack gap={0}>
                  <Text fw={700}>
                    {product.name} <StarsText stars={product.stars} />
                  </Text>
                  <Text size="sm" c="dimmed">
                    {setName(version, product.setCode)}
                    {product.code ? ` · ${product.code}` : ''}
                  </Text>
                </Stack>
                <Button
                  component={Link}
                  to={ocopNewApplicationPath(product.id)}
                  variant="light"
                  mih={48}
                  data-testid="apply-product"
                >
                  {t('ocop.home.apply')}
                </Button>
              </Group>
            ))}
          </Stack>
        )}
      </Stack>
      <Stack gap="sm">
        <Title order={2}>{t('ocop.home.myApplications')}</Title>
        {applications.isPending ? (
          <PageLoader />
        ) : applications.isError ? (
          <QueryError error={applications.error} retry={() => void applications.refetch()} />
        ) : (
          <ApplicationsTable list={applications.data} />
        )}
      </Stack>
    </Stack>
  );
}

function CreateProducerModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateProducer();
  const [kind, setKind] = useState<ProducerKind>('cooperative');
  const [name, setName] = useState('');
  const [taxCode, setTaxCode] = useState('');
  const [commune, setCommune] = useState<PickedUnit | null>(null);
  const [address, setAddress] = useState('');
  const [representative, setRepresentative] = useState('');
  const [phone, setPhone] = useState('');
  const [tried, setTried] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!name.trim() || !commune) return;
    create.mutate(
      {
        kind,
        name: name.trim(),
        taxCode: taxCode.trim() || null,
        // The unit pages know communes by their GSO code (the server resolves it).
        commune: commune.code,
        address: address.trim() || null,
        representative: representative.trim() || null,
        phone: phone.trim() || null,
      },
      { onSuccess: onClose },
    );
  };
  return (
    <Modal opened onClose={onClose} title={t('ocop.producer.create')} size="lg">
      <form onSubmit={submit} data-testid="create-producer-form">
        <Stack gap="sm">
          <Select
            label={t('ocop.producer.kind')}
            data={PRODUCER_KINDS.map((item) => ({
              value: item,
              label: t(`ocop.producerKind.${item}`),
            }))}
            value={kind}
            onChange={(value) => value && setKind(value)}
            allowDeselect={false}
          />
          <TextInput
            label={t('ocop.producer.name')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            required
            error={tried && !name.trim() ? t('ocop.common.required') : null}
            data-testid="producer-name"
          />
          <TextInput
            label={t('ocop.producer.taxCode')}
            value={taxCode}
            onChange={(event) => setTaxCode(event.currentTarget.value)}
          />
          <UnitPicker
            label={t('ocop.common.commune')}
            level="commune"
            value={commune}
            onChange={setCommune}
            required
            error={tried && !commune ? t('ocop.common.required') : null}
            data-testid="producer-commune"
          />
          <TextInput
            label={t('ocop.producer.address')}
            value={address}
            onChange={(event) => setAddress(event.currentTarget.value)}
          />
          <TextInput
            label={t('ocop.producer.representative')}
            value={representative}
            onChange={(event) => setRepresentative(event.currentTarget.value)}
          />
          <TextInput
            label={t('ocop.producer.phone')}
            value={phone}
            inputMode="tel"
            onChange={(event) => setPhone(event.currentTarget.value)}
          />
          <ActionError error={create.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} mih={48}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} mih={48} data-testid="producer-submit">
              {t('ocop.producer.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function CreateRoundModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateRound();
  const session = useSession();
  const provinces = (session.data?.roles ?? [])
    .filter((role) => role.role === 'province' && role.unit)
    .map((role) => role.unit!);
  const [name, setName] = useState('');
  const [cutoffOn, setCutoffOn] = useState<string | null>(null);
  const [province, setProvince] = useState<string | null>(provinces[0]?.code ?? null);
  const [tried, setTried] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!name.trim() || !cutoffOn) return;
    create.mutate(
      { name: name.trim(), cutoffOn, provinceCode: province ?? undefined },
      { onSuccess: (round) => void navigate(ocopRoundPath(round.id)) },
    );
  };
  return (
    <Modal opened onClose={onClose} title={t('ocop.round.create')}>
      <form onSubmit={submit} data-testid="create-round-form">
        <Stack gap="sm">
          <TextInput
            label={t('ocop.round.name')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            required
            error={tried && !name.trim() ? t('ocop.common.required') : null}
            data-testid="round-name"
          />
          {provinces.length > 1 && (
            <Select
              label={t('ocop.common.province')}
              data={provinces.map((unit) => ({ value: unit.code, label: unit.name }))}
              value={province}
              onChange={setProvince}
            />
          )}
          <DateField
            label={t('ocop.round.cutoff')}
            value={cutoffOn}
            onChange={setCutoffOn}
            showError={tried}
            required
            data-testid="round-cutoff"
          />
          <ActionError error={create.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} mih={48}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} mih={48} data-testid="round-submit">
              {t('ocop.round.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The offices' view: applications by state and commune, rounds. */
function OfficeHome() {
  const { t } = useTranslation();
  const session = useSession();
  const me = session.data;
  const [search, setSearch] = useSearchParams();
  const [modal, setModal] = useState<'producer' | 'round' | null>(null);
  const stateText = search.get('trang-thai');
  const state = APPLICATION_STATES.includes(stateText as ApplicationState)
    ? (stateText as ApplicationState)
    : undefined;
  const unit = search.get('don-vi') ?? undefined;
  const applications = useApplications({ state, commune: unit });
  const rounds = useRounds();
  const [unitPicked, setUnitPicked] = useState<PickedUnit | null>(
    unit ? { code: unit, name: unit } : null,
  );
  const canManageProducers = hasRole(me, 'admin', 'province', 'district', 'commune');
  const canRunRounds = hasRole(me, 'admin', 'province', 'central');
  const setFilter = (key: string, value: string | null) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next, { replace: true });
  };
  return (
    <Stack gap="lg">
      <Group gap="sm" wrap="wrap">
        {canManageProducers && (
          <Button
            variant="light"
            leftSection={<IconPlus size={18} />}
            onClick={() => setModal('producer')}
            mih={48}
            data-testid="create-producer"
          >
            {t('ocop.producer.create')}
          </Button>
        )}
        {canManageProducers && (
          <Button
            component={Link}
            to={paths.ocopNewProduct}
            variant="light"
            leftSection={<IconPlus size={18} />}
            mih={48}
          >
            {t('ocop.home.registerProduct')}
          </Button>
        )}
        {canRunRounds && (
          <Button
            leftSection={<IconPlus size={18} />}
            onClick={() => setModal('round')}
            mih={48}
            data-testid="create-round"
          >
            {t('ocop.round.create')}
          </Button>
        )}
        {canManageSheets(me) && (
          <Button
            component={Link}
            to={paths.ocopSheets}
            variant="default"
            mih={48}
            data-testid="open-sheets"
          >
            {t('ocop.sheets.title')}
          </Button>
        )}
      </Group>

      {isOcopOffice(me) && <OcopStatsCard />}

      <Stack gap="sm">
        <Title order={2}>{t('ocop.home.applications')}</Title>
        <Group gap="md" align="flex-end" wrap="wrap">
          <Select
            label={t('ocop.common.state')}
            data={[
              { value: '', label: t('ocop.common.all') },
              ...APPLICATION_STATES.map((item) => ({
                value: item,
                label: t(`ocop.state.${item}`),
              })),
            ]}
            value={state ?? ''}
            onChange={(value) => setFilter('trang-thai', value)}
            allowDeselect={false}
            w={220}
            data-testid="filter-state"
          />
          <UnitPicker
            label={t('ocop.common.commune')}
            level="commune"
            value={unitPicked}
            onChange={(picked) => {
              setUnitPicked(picked);
              setFilter('don-vi', picked?.code ?? null);
            }}
            data-testid="filter-unit"
          />
        </Group>
        {applications.isPending ? (
          <PageLoader />
        ) : applications.isError ? (
          <QueryError error={applications.error} retry={() => void applications.refetch()} />
        ) : (
          <ApplicationsTable list={applications.data} />
        )}
      </Stack>

      <Stack gap="sm">
        <Title order={2}>{t('ocop.home.rounds')}</Title>
        {rounds.isPending ? (
          <PageLoader />
        ) : rounds.isError ? (
          <QueryError error={rounds.error} retry={() => void rounds.refetch()} />
        ) : rounds.data.items.length === 0 ? (
          <Text c="dimmed">{t('ocop.home.noRounds')}</Text>
        ) : (
          <Stack gap="xs" data-testid="round-list">
            {rounds.data.items.map((round) => (
              <Group key={round.id} gap="sm" wrap="wrap" data-testid="round-row">
                <Anchor component={Link} to={ocopRoundPath(round.id)} fw={700}>
                  {round.reference}
                </Anchor>
                <Text>{round.name}</Text>
                <Text size="sm" c="dimmed">
                  {t('ocop.round.cutoffShort', { date: formatDate(round.cutoffOn) })} ·{' '}
                  {t(`ocop.roundState.${round.state}`, { defaultValue: round.state })}
                </Text>
              </Group>
            ))}
          </Stack>
        )}
      </Stack>
      {modal === 'producer' && <CreateProducerModal onClose={() => setModal(null)} />}
      {modal === 'round' && <CreateRoundModal onClose={() => setModal(null)} />}
    </Stack>
  );
}

function Home() {
  const session = useSession();
  const me = session.data;
  const onlyProducer =
    hasRole(me, 'producer') &&
    !hasRole(me, 'admin', 'central', 'province', 'district', 'commune', 'ocop_council');
  return onlyProducer ? <ProducerHome /> : <OfficeHome />;
}

/** OCOP for the offices and the producers: /ocop?trang-thai=…&don-vi=… */
export default function OcopHomePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('ocop.home.title'));
  return (
    <Stack gap="lg" data-testid="ocop-page">
      <Stack gap={6}>
        <Title order={1}>{t('ocop.home.title')}</Title>
        <Text c="dimmed">
          {t('ocop.home.lead')}{' '}
          <Anchor component={Link} to={paths.ocopCatalogue}>
            {t('ocop.catalogue.title')}
          </Anchor>
        </Text>
      </Stack>
      <RequireAuth>
        <Home />
      </RequireAuth>
    </Stack>
  );
}
