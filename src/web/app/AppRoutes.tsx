import { lazy } from 'react';
import { Navigate, Route, Routes, useParams } from 'react-router';
import { HomePage } from '../routes/HomePage';
import { Layout } from './Layout';
import { ocopProductPath, paths } from './paths';

function OcopProductRedirect() {
  const { code = '' } = useParams();
  return <Navigate to={ocopProductPath(code)} replace />;
}

// The home page ships in the entry (first paint on a slow line); other pages load on demand.
const UnitsPage = lazy(() => import('../routes/UnitsPage'));
const UnitPage = lazy(() => import('../routes/UnitPage'));
const UnlinkedUnitsPage = lazy(() => import('../routes/UnlinkedUnitsPage'));
const LoginPage = lazy(() => import('../routes/LoginPage'));
const ChangePasswordPage = lazy(() => import('../routes/ChangePasswordPage'));
const UsersPage = lazy(() => import('../routes/UsersPage'));
const AuditPage = lazy(() => import('../routes/AuditPage'));
const CriteriaSetsPage = lazy(() => import('../routes/CriteriaSetsPage'));
const CriteriaSetPage = lazy(() => import('../routes/CriteriaSetPage'));
const CriteriaEditorPage = lazy(() => import('../routes/CriteriaEditorPage'));
const CriteriaDiffPage = lazy(() => import('../routes/CriteriaDiffPage'));
const ValuesEntryPage = lazy(() => import('../routes/ValuesEntryPage'));
const DashboardPage = lazy(() => import('../routes/DashboardPage'));
const DashboardCommunePage = lazy(() => import('../routes/DashboardCommunePage'));
const TargetsPage = lazy(() => import('../routes/TargetsPage'));
const InboxPage = lazy(() => import('../routes/InboxPage'));
const DossiersPage = lazy(() => import('../routes/DossiersPage'));
const DossierPage = lazy(() => import('../routes/DossierPage'));
const PublicDossierPage = lazy(() => import('../routes/PublicDossierPage'));
const RecognitionsPage = lazy(() => import('../routes/RecognitionsPage'));
const SurveysPage = lazy(() => import('../routes/SurveysPage'));
const SurveyCampaignPage = lazy(() => import('../routes/SurveyCampaignPage'));
const FeedbackFormPage = lazy(() => import('../routes/FeedbackFormPage'));
const FeedbackStatusPage = lazy(() => import('../routes/FeedbackStatusPage'));
const FeedbackOfficePage = lazy(() => import('../routes/FeedbackOfficePage'));
const FeedbackOfficeDetailPage = lazy(() => import('../routes/FeedbackOfficeDetailPage'));
const OcopHomePage = lazy(() => import('../routes/OcopHomePage'));
const OcopProductFormPage = lazy(() => import('../routes/OcopProductFormPage'));
const OcopApplicationPage = lazy(() => import('../routes/OcopApplicationPage'));
const OcopRoundPage = lazy(() => import('../routes/OcopRoundPage'));
const OcopScorePage = lazy(() => import('../routes/OcopScorePage'));
const OcopCataloguePage = lazy(() => import('../routes/OcopCataloguePage'));
const OcopProductPage = lazy(() => import('../routes/OcopProductPage'));
const OcopSheetsPage = lazy(() => import('../routes/OcopSheetsPage'));
const NotFoundPage = lazy(() => import('../routes/NotFoundPage'));

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route path={paths.units} element={<UnitsPage />} />
        <Route path={paths.unlinkedUnits} element={<UnlinkedUnitsPage />} />
        <Route path={`${paths.units}/:code`} element={<UnitPage />} />
        <Route path={paths.login} element={<LoginPage />} />
        <Route path={paths.changePassword} element={<ChangePasswordPage />} />
        <Route path={paths.users} element={<UsersPage />} />
        <Route path={paths.audit} element={<AuditPage />} />
        <Route path={paths.criteria} element={<CriteriaSetsPage />} />
        <Route path={paths.newCriteriaSet} element={<CriteriaEditorPage />} />
        <Route path={`${paths.criteria}/:code`} element={<CriteriaSetPage />} />
        <Route path={`${paths.criteria}/:code/sua`} element={<CriteriaEditorPage />} />
        <Route path={`${paths.criteria}/:code/so-sanh`} element={<CriteriaDiffPage />} />
        <Route path={`${paths.values}/:code`} element={<ValuesEntryPage />} />
        <Route path={`${paths.values}/:code/:year/:set`} element={<ValuesEntryPage />} />
        <Route path={paths.dashboard} element={<DashboardPage />} />
        <Route path={`${paths.dashboard}/xa/:code`} element={<DashboardCommunePage />} />
        <Route path={paths.targets} element={<TargetsPage />} />
        <Route path={paths.inbox} element={<InboxPage />} />
        <Route path={paths.dossiers} element={<DossiersPage />} />
        <Route path={`${paths.dossiers}/:id`} element={<DossierPage />} />
        <Route path="/cong-khai/ho-so/:id" element={<PublicDossierPage />} />
        <Route path={paths.recognitions} element={<RecognitionsPage />} />
        <Route path={paths.feedbackNew} element={<FeedbackFormPage />} />
        <Route path={paths.feedbackOffice} element={<FeedbackOfficePage />} />
        <Route path={`${paths.feedbackOffice}/:code`} element={<FeedbackOfficeDetailPage />} />
        <Route path="/phan-anh/:code" element={<FeedbackStatusPage />} />
        <Route path={paths.surveys} element={<SurveysPage />} />
        <Route path={`${paths.surveys}/:id`} element={<SurveyCampaignPage />} />
        <Route path={paths.ocop} element={<OcopHomePage />} />
        <Route path={paths.ocopNewProduct} element={<OcopProductFormPage />} />
        <Route path={paths.ocopNewApplication} element={<OcopApplicationPage />} />
        <Route path={paths.ocopSheets} element={<OcopSheetsPage />} />
        <Route path="/ocop/ho-so/:id" element={<OcopApplicationPage />} />
        <Route path="/ocop/dot/:id" element={<OcopRoundPage />} />
        <Route path="/ocop/dot/:id/cham/:applicationId" element={<OcopScorePage />} />
        <Route path={paths.ocopCatalogue} element={<OcopCataloguePage />} />
        <Route path={`${paths.ocopCatalogue}/:code`} element={<OcopProductPage />} />
        {/* The address the certificate notification links to. */}
        <Route path="/ocop/san-pham/:code" element={<OcopProductRedirect />} />
        {/* English addresses some people will type. */}
        <Route path="/units" element={<Navigate to={paths.units} replace />} />
        <Route path="/login" element={<Navigate to={paths.login} replace />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
