import { Alert, Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { ocopApplicationPath, ocopRoundPath, paths } from '../app/paths';
import { IconAlert } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { RequireAuth } from '../features/auth/RequireAuth';
import { useSession } from '../features/auth/session';
import { hasRole } from '../features/auth/types';
import { ApplicationForm, EMPTY_REGISTRATION } from '../features/ocop/ApplicationForm';
import type { ApplicationFormValue } from '../features/ocop/ApplicationForm';
import { ApplicationStateBadge, StarsText } from '../features/ocop/Badges';
import { PreassessmentPanel } from '../features/ocop/PreassessmentPanel';
import { SheetForm } from '../features/ocop/SheetForm';
import type { ApplicationDetail } from '../features/ocop/types';
import {
  applicationUrl,
  certificatePdfUrl,
  useApplication,
  useApplicationAction,
  useCreateApplication,
  useOfficeProduct,
  usePublishedSheet,
  useRules,
  useSheet,
  useUpdateApplication,
} from '../features/ocop/useOcop';
import { api } from '../lib/api';
import { formatNumber } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';

function Failure({ error }: { error: Error }) {
  return (
    <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
      {error.message}
    </Alert>
  );
}

/** What a new application's page passes to the page it lands on: the submit's refusal. */
interface LandingState {
  submitError?: string;
}

/** A new application of a product: Mẫu 01 and Mẫu 02 on the set's published sheet. */
function NewApplication({ productId }: { productId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const product = useOfficeProduct(productId);
  const rules = useRules();
  const today = new Date().toISOString().slice(0, 10);
  const version = rules.data?.items
    .filter((item) => item.validFrom <= today && (item.validTo === null || today < item.validTo))
    .sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0];
  const { sheet, none } = usePublishedSheet(product.data?.setCode, version?.code);
  const create = useCreateApplication();
  if (product.isError) return <Failure error={product.error} />;
  if (rules.isError) return <Failure error={rules.error} />;
  if (none) {
    return (
      <Alert color="orange" variant="light" icon={<IconAlert />} data-testid="no-sheet">
        {t('ocop.application.noSheet')}
      </Alert>
    );
  }
  if (sheet.isError) return <Failure error={sheet.error} />;
  if (!product.data || !sheet.data) return <PageLoader />;
  const save = async (value: ApplicationFormValue, submit: boolean) => {
    const created = await create.mutateAsync({ productId, ...value }).catch(() => null);
    if (!created) return;
    let submitError: string | null = null;
    if (submit) {
      // Created, then submitted: a refusal (sheet incomplete…) lands in the draft with its reason.
      try {
        const saved = await api<ApplicationDetail>(applicationUrl(created.id));
        await api(`${applicationUrl(created.id)}/actions`, {
          method: 'POST',
          json: { action: 'submit', version: saved.version },
        });
      } catch (error) {
        submitError = error instanceof Error ? error.message : String(error);
      }
    }
    const state: LandingState | undefined = submitError ? { submitError } : undefined;
    void navigate(ocopApplicationPath(created.id), { replace: true, state });
  };
  return (
    <Stack gap="md">
      <Text fw={700} data-testid="application-product">
        {product.data.name}
      </Text>
      <ApplicationForm
        initial={{ kind: 'first', registration: EMPTY_REGISTRATION, selfAssessment: {} }}
        sheet={sheet.data.body}
        version={version}
        kindEditable
        busy={create.isPending}
        error={create.error}
        onSave={(value, submit) => void save(value, submit)}
      />
    </Stack>
  );
}

function EditApplication({ application }: { application: ApplicationDetail }) {
  const update = useUpdateApplication(application);
  const action = useApplicationAction(application);
  const rules = useRules();
  const sheet = useSheet(application.sheetId);
  const version = rules.data?.items.find((item) => item.code === application.ruleVersion);
  if (sheet.isError) return <Failure error={sheet.error} />;
  if (!sheet.data) return <PageLoader />;
  const save = async (value: ApplicationFormValue, submit: boolean) => {
    const saved = await update
      .mutateAsync({ registration: value.registration, selfAssessment: value.selfAssessment })
      .catch(() => null);
    if (saved && submit) action.mutate({ action: 'submit', version: saved.version });
  };
  return (
    <ApplicationForm
      key={application.version}
      initial={{
        kind: application.kind,
        registration: application.registration,
        selfAssessment: application.selfAssessment,
      }}
      sheet={sheet.data.body}
      version={version}
      kindEditable={false}
      busy={update.isPending || action.isPending}
      error={update.error ?? action.error}
      onSave={(value, submit) => void save(value, submit)}
    />
  );
}

function ReadApplication({ application }: { application: ApplicationDetail }) {
  const { t } = useTranslation();
  const rules = useRules();
  const sheet = useSheet(application.sheetId);
  const version = rules.data?.items.find((item) => item.code === application.ruleVersion);
  const registration = application.registration;
  return (
    <Stack gap="md">
      <Paper withBorder p="md" radius="md" data-testid="form-01-read">
        <Stack gap={4}>
          <Title order={2}>{t('ocop.application.form01')}</Title>
          <Text size="sm">
            {t('ocop.application.kind')}: {t(`ocop.kind.${application.kind}`)}
          </Text>
          <Text size="sm">{registration.summary}</Text>
          {registration.annualRevenueMillion !== null && (
            <Text size="sm">
              {t('ocop.application.revenue')}: {formatNumber(registration.annualRevenueMillion)}
            </Text>
          )}
          {registration.workers !== null && (
            <Text size="sm">
              {t('ocop.application.workers')}: {formatNumber(registration.workers)}
            </Text>
          )}
        </Stack>
      </Paper>
      {rules.data && <PreassessmentPanelFor application={application} />}
      {sheet.data && (
        <details>
          <summary style={{ minHeight: 44, cursor: 'pointer', fontWeight: 700 }}>
            {t('ocop.application.form02')}
            {application.selfScore
              ? ` — ${t('ocop.application.selfTotal', { total: formatNumber(application.selfScore.total) })}`
              : ''}
          </summary>
          <SheetForm
            sheet={sheet.data.body}
            choices={application.selfAssessment}
            bands={version?.starBands}
            readOnly
            testId="self-assessment-read"
          />
        </details>
      )}
    </Stack>
  );
}

function PreassessmentPanelFor({ application }: { application: ApplicationDetail }) {
  const session = useSession();
  const rules = useRules();
  const version = rules.data?.items.find((item) => item.code === application.ruleVersion);
  const canPreassess = hasRole(session.data, 'admin', 'district', 'commune');
  if (!canPreassess && !application.preassessment) return null;
  if (!canPreassess && application.preassessment) {
    return (
      <PreassessmentPanel application={{ ...application, state: 'scored' }} version={version} />
    );
  }
  return <PreassessmentPanel application={application} version={version} />;
}

/** The certificate of a decided application (the product's current one), as a PDF link. */
function CertificateLink({ application }: { application: ApplicationDetail }) {
  const { t } = useTranslation();
  const product = useOfficeProduct(application.state === 'decided' ? application.productId : null);
  const id = product.data?.certificateId;
  if (!id) return null;
  return (
    <Group gap="sm">
      {product.data?.code && (
        <Text size="sm" data-testid="product-code">
          {t('ocop.catalogue.code', { code: product.data.code })}
        </Text>
      )}
      <Anchor
        href={certificatePdfUrl(id)}
        target="_blank"
        rel="noopener"
        data-testid="certificate-pdf"
      >
        {t('ocop.certificate.pdf')}
      </Anchor>
    </Group>
  );
}

function Existing({ id }: { id: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const application = useApplication(id);
  const landing = useLocation().state as LandingState | null;
  const action = useApplicationAction(
    application.data ?? ({ id, version: 0 } as ApplicationDetail),
  );
  if (application.isPending) return <PageLoader />;
  if (application.isError) return <Failure error={application.error} />;
  const item = application.data;
  const me = session.data;
  const editable =
    (item.state === 'draft' || item.state === 'returned') &&
    hasRole(me, 'producer', 'admin', 'province', 'district', 'commune');
  return (
    <Stack gap="md">
      <Group gap="sm" wrap="wrap">
        <Title order={1} data-testid="application-reference">
          {item.reference}
        </Title>
        <ApplicationStateBadge state={item.state} />
        {item.decidedStars ? <StarsText stars={item.decidedStars} testId="decided-stars" /> : null}
      </Group>
      <Text fw={700}>{item.productName}</Text>
      {item.state === 'draft' && landing?.submitError && (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlert />}
          role="alert"
          title={t('ocop.application.submitRefused')}
          data-testid="submit-refused"
        >
          {landing.submitError}
        </Alert>
      )}
      {item.state === 'returned' && item.returnReason && (
        <Alert color="orange" variant="light" icon={<IconAlert />} data-testid="return-reason">
          {t('ocop.application.returned', { reason: item.returnReason })}
        </Alert>
      )}
      {item.roundId && (
        <Text size="sm">
          <Anchor component={Link} to={ocopRoundPath(item.roundId)}>
            {t('ocop.application.round')}
          </Anchor>
          {item.attempt > 1 ? ` · ${t('ocop.round.attempt', { attempt: item.attempt })}` : ''}
        </Text>
      )}
      {item.result && (
        <Text size="sm" data-testid="application-result">
          {t('ocop.round.resultLine', {
            score: formatNumber(item.result.score),
            gap: formatNumber(item.result.gap),
          })}
        </Text>
      )}
      <CertificateLink application={item} />
      {editable ? <EditApplication application={item} /> : <ReadApplication application={item} />}
      {item.state === 'submitted' && hasRole(me, 'producer') && (
        <Group>
          <Button
            variant="subtle"
            color="red"
            mih={48}
            loading={action.isPending}
            onClick={() => action.mutate({ action: 'withdraw' })}
            data-testid="application-withdraw"
          >
            {t('ocop.application.withdraw')}
          </Button>
        </Group>
      )}
      <Anchor component={Link} to={paths.ocop}>
        {t('ocop.common.backHome')}
      </Anchor>
    </Stack>
  );
}

/** An OCOP application: /ocop/ho-so/:id, or a new one: /ocop/ho-so/dang-ky?san-pham=… */
export default function OcopApplicationPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [search] = useSearchParams();
  const productId = search.get('san-pham');
  useDocumentTitle(t('ocop.application.title'));
  return (
    <Stack gap="lg" data-testid="ocop-application-page">
      {!id && <Title order={1}>{t('ocop.application.new')}</Title>}
      <RequireAuth>
        {id ? (
          <Existing id={id} />
        ) : productId ? (
          <NewApplication productId={productId} />
        ) : (
          <Text c="dimmed">{t('ocop.application.pickProduct')}</Text>
        )}
      </RequireAuth>
    </Stack>
  );
}
