import { lazy, Suspense } from 'react';
import { Spin } from 'antd';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { LoginPage } from '../features/auth/LoginPage.tsx';
import { AppLayout } from './AppLayout.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { RequireAuth, RequireImport } from './RequireAuth.tsx';

// Pages load on first visit so a phone on a weak signal draws the login and layout first.
const RegionBrowserPage = lazy(() => import('../features/regions/RegionBrowserPage.tsx'));
const BuildingPage = lazy(() => import('../features/regions/BuildingPage.tsx'));
const ResidentSearchPage = lazy(() => import('../features/residents/ResidentSearchPage.tsx'));
const ImportPage = lazy(() => import('../features/residents/ImportPage.tsx'));
const PeoplePage = lazy(() => import('../features/people/PeoplePage.tsx'));
const ResponsesPage = lazy(() => import('../features/responses/ResponsesPage.tsx'));
const ResponsePage = lazy(() => import('../features/responses/ResponsePage.tsx'));
const NoticesPage = lazy(() => import('../features/notices/NoticesPage.tsx'));
const RoundsIndex = lazy(() => import('../features/rounds/RoundsIndex.tsx'));
const RoundPage = lazy(() => import('../features/rounds/RoundPage.tsx'));
const ScanPage = lazy(() => import('../features/rounds/ScanPage.tsx'));
const PointsPage = lazy(() => import('../features/points/PointsPage.tsx'));
const PointPage = lazy(() => import('../features/points/PointPage.tsx'));
const DeploymentsPage = lazy(() => import('../features/deployments/DeploymentsPage.tsx'));
const PublicPointsPage = lazy(() => import('../features/points/PublicPointsPage.tsx'));

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  // For residents, without a login: where to get tested now.
  { path: '/public/points', element: <Suspense fallback={<Spin className="page-spin" />}><PublicPointsPage /></Suspense> },
  {
    path: '/',
    element: <RequireAuth><AppLayout /></RequireAuth>,
    children: [
      { index: true, element: <Navigate to="/regions" replace /> },
      { path: 'regions', element: <RegionBrowserPage /> },
      { path: 'regions/:id', element: <RegionBrowserPage /> },
      { path: 'buildings/:id', element: <BuildingPage /> },
      { path: 'residents', element: <ResidentSearchPage /> },
      { path: 'people', element: <PeoplePage /> },
      { path: 'responses', element: <ResponsesPage /> },
      { path: 'responses/:id', element: <ResponsePage /> },
      { path: 'responses/:id/zones', element: <ResponsePage /> },
      { path: 'responses/:id/rounds', element: <ResponsePage /> },
      { path: 'responses/:id/gaps', element: <ResponsePage /> },
      { path: 'rounds', element: <RoundsIndex /> },
      { path: 'rounds/:id', element: <RoundPage /> },
      { path: 'rounds/:id/scan', element: <ScanPage /> },
      { path: 'notices', element: <NoticesPage /> },
      { path: 'notices/sent', element: <NoticesPage /> },
      { path: 'notices/:id', element: <NoticesPage /> },
      { path: 'points', element: <PointsPage /> },
      { path: 'points/:id', element: <PointPage /> },
      { path: 'deployments', element: <DeploymentsPage /> },
      { path: 'import', element: <RequireImport><ImportPage /></RequireImport> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
