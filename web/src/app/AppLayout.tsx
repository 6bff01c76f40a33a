import { Suspense, useState } from 'react';
import { LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Layout, Menu, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useCurrentUser, useLogout } from '../features/auth/api.ts';
import { useUnreadNoticeCount } from '../features/notices/api.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { menuItems, selectedMenuKey } from './nav.tsx';
import { UserBadge } from './UserBadge.tsx';
import { useIsPhone } from './useIsPhone.ts';

const { Header, Sider, Content } = Layout;

function Brand({ variant }: { variant: 'full' | 'short' }) {
  const { t } = useTranslation();
  return (
    <div className={`brand brand-${variant}`} data-testid="brand">
      <img src="/favicon.svg" alt="" width={24} height={24} />
      <span>{variant === 'short' ? t('app.shortName') : t('app.name')}</span>
    </div>
  );
}

function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const unreadNotices = useUnreadNoticeCount();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  return (
    <Menu
      mode="inline"
      data-testid="nav-menu"
      selectedKeys={[selectedMenuKey(pathname)]}
      items={menuItems(t, me, { unreadNotices })}
      onClick={({ key }) => {
        if (!key.startsWith('/')) return;
        navigate(key);
        onNavigate?.();
      }}
    />
  );
}

function LogoutButton({ block = false }: { block?: boolean }) {
  const { t } = useTranslation();
  const logout = useLogout();
  return (
    <Button data-testid="logout" icon={<LogoutOutlined />} block={block} loading={logout.isPending} onClick={() => logout.mutate()}>
      {t('header.logout')}
    </Button>
  );
}

export function AppLayout() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const isPhone = useIsPhone();
  const unreadNotices = useUnreadNoticeCount();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);

  return (
    <Layout className="app-layout" data-testid="app-layout">
      <Header className="app-header">
        {isPhone && (
          // On a phone the menu's unread count is out of sight: a dot on its toggle says there is something to read.
          <Badge dot={unreadNotices > 0} offset={[-6, 6]} data-testid="menu-unread">
            <Button
              type="text"
              data-testid="menu-toggle"
              aria-label={t('nav.menu')}
              icon={<MenuOutlined />}
              onClick={() => setDrawerOpen(true)}
            />
          </Badge>
        )}
        <Brand variant={isPhone ? 'short' : 'full'} />
        {!isPhone && <span className="app-header-tagline">{t('app.tagline')}</span>}
        <div className="app-header-right">
          {!isPhone && <UserBadge me={me} />}
          <LanguageSwitch size={isPhone ? 'small' : 'middle'} />
          {!isPhone && <LogoutButton />}
        </div>
      </Header>
      <Layout>
        {!isPhone && (
          <Sider theme="light" width={256} breakpoint="lg" collapsible collapsed={collapsed} onCollapse={setCollapsed} collapsedWidth={64} className="app-sider">
            <NavMenu />
          </Sider>
        )}
        {isPhone && (
          <Drawer
            placement="left"
            size={264}
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            title={<Brand variant="full" />}
            className="nav-drawer"
            data-testid="nav-drawer"
            footer={
              <div className="nav-drawer-footer">
                <UserBadge me={me} vertical />
                <LogoutButton block />
              </div>
            }
          >
            <NavMenu onNavigate={() => setDrawerOpen(false)} />
          </Drawer>
        )}
        <Content className="app-content">
          <Suspense fallback={<Spin className="page-spin" />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
