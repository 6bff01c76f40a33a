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
const FundsPage = lazy(() => import('../features/funds/FundsPage.tsx'));
const DonationsPage = lazy(() => import('../features/funds/DonationsPage.tsx'));
const AcknowledgementPage = lazy(() => import('../features/funds/AcknowledgementPage.tsx'));
const FundPrintPage = lazy(() => import('../features/funds/FundPrintPage.tsx'));
const PointsPage = lazy(() => import('../features/points/PointsPage.tsx'));
const PointPage = lazy(() => import('../features/points/PointPage.tsx'));
const DeploymentsPage = lazy(() => import('../features/deployments/DeploymentsPage.tsx'));
const MaterialsPage = lazy(() => import('../features/materials/MaterialsPage.tsx'));
const ShortagesPage = lazy(() => import('../features/materials/ShortagesPage.tsx'));
const StockSheetPage = lazy(() => import('../features/materials/StockSheetPage.tsx'));
const DeliveryNotePage = lazy(() => import('../features/materials/DeliveryNotePage.tsx'));
const PublicPointsPage = lazy(() => import('../features/points/PublicPointsPage.tsx'));
const HouseholdPage = lazy(() => import('../features/requests/HouseholdPage.tsx'));
const RequestsBoardPage = lazy(() => import('../features/requests/RequestsBoardPage.tsx'));
const MyRequestsPage = lazy(() => import('../features/requests/MyRequestsPage.tsx'));
const CarePage = lazy(() => import('../features/requests/CarePage.tsx'));
const CodeSheetPage = lazy(() => import('../features/requests/CodeSheetPage.tsx'));
const TeamsPage = lazy(() => import('../features/teams/TeamsPage.tsx'));
const TeamPage = lazy(() => import('../features/teams/TeamPage.tsx'));
const MyShiftsPage = lazy(() => import('../features/teams/MyShiftsPage.tsx'));
const PublicDonationsPage = lazy(() => import('../features/funds/PublicDonationsPage.tsx'));
const JoinPage = lazy(() => import('../features/teams/JoinPage.tsx'));

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  // For everyone, without a login: donations received and where they went.
  { path: '/public/donations', element: <Suspense fallback={<Spin className="page-spin" />}><PublicDonationsPage /></Suspense> },
  // For residents, without a login: where to get tested now.
  { path: '/public/points', element: <Suspense fallback={<Spin className="page-spin" />}><PublicPointsPage /></Suspense> },
  // A household's page behind the QR code on its door, without a login.
  { path: '/h/:code', element: <Suspense fallback={<Spin className="page-spin" />}><HouseholdPage /></Suspense> },
  // For volunteers, without a login: sign up to a team.
  { path: '/public/join', element: <Suspense fallback={<Spin className="page-spin" />}><JoinPage /></Suspense> },
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
      { path: 'funds', element: <FundsPage /> },
      { path: 'funds/:id/print', element: <FundPrintPage /> },
      { path: 'donations', element: <DonationsPage /> },
      { path: 'donations/:id/ack', element: <AcknowledgementPage /> },
      { path: 'points/:id', element: <PointPage /> },
      { path: 'requests', element: <RequestsBoardPage /> },
      { path: 'requests/mine', element: <MyRequestsPage /> },
      { path: 'care', element: <CarePage /> },
      { path: 'household-codes/:id', element: <CodeSheetPage /> },
      { path: 'teams', element: <TeamsPage /> },
      { path: 'teams/:id', element: <TeamPage /> },
      { path: 'my/shifts', element: <MyShiftsPage /> },
      { path: 'deployments', element: <DeploymentsPage /> },
      { path: 'materials', element: <MaterialsPage /> },
      { path: 'materials/shortages', element: <ShortagesPage /> },
      { path: 'materials/print', element: <StockSheetPage /> },
      { path: 'materials/requests/:id/print', element: <DeliveryNotePage /> },
      { path: 'import', element: <RequireImport><ImportPage /></RequireImport> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
