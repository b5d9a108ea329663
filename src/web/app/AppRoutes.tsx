import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { HomePage } from '../routes/HomePage';
import { Layout } from './Layout';

// The home page ships in the entry (first paint on a slow line); other pages load on demand.
const UnitsPage = lazy(() => import('../routes/UnitsPage'));
const LoginPage = lazy(() => import('../routes/LoginPage'));
const NotFoundPage = lazy(() => import('../routes/NotFoundPage'));

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route path="units" element={<UnitsPage />} />
        <Route path="login" element={<LoginPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
