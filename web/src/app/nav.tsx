import type { ReactNode } from 'react';
import {
  AlertOutlined,
  ApartmentOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  ExperimentOutlined,
  FlagOutlined,
  GiftOutlined,
  HeartOutlined,
  ImportOutlined,
  InboxOutlined,
  MedicineBoxOutlined,
  NodeIndexOutlined,
  NotificationOutlined,
  RedEnvelopeOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  TeamOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Badge, Tag, type MenuProps } from 'antd';
import type { TFunction } from 'i18next';
import type { TMe } from '../../../contracts/auth.ts';

type MenuItem = Required<MenuProps>['items'][number];

/** Modules on the roadmap: shown so users know they are coming, but not yet clickable. */
const COMING = [
  ['board', <DashboardOutlined />],
] as const satisfies ReadonlyArray<readonly [string, ReactNode]>;

/** Figures the menu shows beside its entries. */
export interface MenuCounts {
  unreadNotices: number;
}

export function menuItems(t: TFunction, me: TMe, counts: MenuCounts): MenuItem[] {
  const live: MenuItem[] = [
    { key: '/responses', icon: <AlertOutlined />, label: t('nav.responses') },
    { key: '/rounds', icon: <ExperimentOutlined />, label: t('nav.rounds') },
    {
      key: '/notices',
      icon: <NotificationOutlined />,
      label: (
        <span className="nav-with-count">
          <span className="nav-soon-label">{t('nav.notices')}</span>
          <Badge count={counts.unreadNotices} size="small" data-testid="nav-unread-notices" />
        </span>
      ),
    },
    { key: '/points', icon: <MedicineBoxOutlined />, label: t('nav.points') },
    { key: '/teams', icon: <FlagOutlined />, label: t('nav.teams') },
    ...(['team_captain', 'volunteer'].includes(me.role) ? [{ key: '/my/shifts', icon: <ScheduleOutlined />, label: t('nav.myShifts') }] : []),
    { key: '/regions', icon: <ApartmentOutlined />, label: t('nav.regions') },
    { key: '/residents', icon: <SolutionOutlined />, label: t('nav.residents') },
    { key: '/people', icon: <TeamOutlined />, label: t('nav.people') },
  ];
  if (me.mayImport) live.push({ key: '/import', icon: <ImportOutlined />, label: t('nav.import') });
  // Requests: volunteers work from their phone list; the rest from the board. Home care for all who visit.
  const requestsEntry: MenuItem[] = [me.role === 'volunteer'
    ? { key: '/requests/mine', icon: <CustomerServiceOutlined />, label: t('nav.myErrands') }
    : { key: '/requests', icon: <CustomerServiceOutlined />, label: t('nav.requests') }];
  if (me.role !== 'point_chief') requestsEntry.push({ key: '/care', icon: <HeartOutlined />, label: t('nav.care') });
  if (me.role === 'volunteer') live.unshift(...requestsEntry);
  else live.splice(live.findIndex((i) => i?.key === '/notices') + 1, 0, ...requestsEntry);
  if (me.role !== 'volunteer') live.push({ key: '/funds', icon: <RedEnvelopeOutlined />, label: t('nav.funds') });
  if (me.mayCommand) live.push({ key: '/donations', icon: <GiftOutlined />, label: t('nav.donations') });
  if (me.mayCommand) live.push({ key: '/deployments', icon: <NodeIndexOutlined />, label: t('nav.deployments') });
  if (me.mayCommand || me.role === 'point_chief') live.push({ key: '/materials', icon: <InboxOutlined />, label: t('nav.materials') });
  if (me.mayCommand) live.push({ key: '/materials/shortages', icon: <WarningOutlined />, label: t('nav.shortages') });
  const soon: MenuItem = {
    type: 'group',
    key: 'soon',
    label: t('nav.soonGroup'),
    children: COMING.map(([key, icon]) => ({
      key: `soon:${key}`,
      icon,
      disabled: true,
      label: (
        <span className="nav-soon">
          <span className="nav-soon-label">{t(`nav.modules.${key}`)}</span>
          <Tag className="nav-soon-tag">{t('nav.comingSoon')}</Tag>
        </span>
      ),
    })),
  };
  return [...live, { type: 'divider' }, soon];
}

/** The menu entry a path belongs to: a building lives under the region browser, a response's rounds under rounds. */
export function selectedMenuKey(pathname: string): string {
  if (pathname.startsWith('/buildings')) return '/regions';
  if (pathname.startsWith('/requests/mine')) return '/requests/mine';
  if (pathname.startsWith('/household-codes')) return '/care';
  if (pathname.startsWith('/my/shifts')) return '/my/shifts';
  if (pathname.startsWith('/materials/shortages')) return '/materials/shortages';
  if (/^\/responses\/\d+\/rounds/.test(pathname)) return '/rounds';
  const top = `/${pathname.split('/')[1] ?? ''}`;
  return top;
}
