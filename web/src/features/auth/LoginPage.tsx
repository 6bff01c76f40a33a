import { EnvironmentOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import type { TLoginRequest } from '../../../../contracts/auth.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { LanguageSwitch } from '../../app/LanguageSwitch.tsx';
import { useLogin, useMe } from './api.ts';

function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('/login') ? from : '/regions';
}

export function LoginPage() {
  const { t } = useTranslation();
  const me = useMe();
  const login = useLogin();
  const location = useLocation();
  const target = returnPath(location.state);

  // A successful login fills `me`, which lands here and moves on.
  if (me.data) return <Navigate to={target} replace />;

  const onFinish = (values: TLoginRequest) => login.mutate(values);

  return (
    <div className="login-page">
      <div className="login-lang"><LanguageSwitch size="small" /></div>
      <Card className="login-card">
        <div className="login-brand">
          <img src="/favicon.svg" alt="" width={40} height={40} />
          <Typography.Title level={3}>{t('app.name')}</Typography.Title>
          <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
        </div>
        {login.isError && <div className="login-error"><ErrorAlert error={login.error} testId="login-error" /></div>}
        <Form<TLoginRequest> layout="vertical" requiredMark={false} onFinish={onFinish} disabled={login.isPending}>
          <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}>
            <Input data-testid="login-username" prefix={<UserOutlined />} autoComplete="username" autoCapitalize="none" size="large" />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
            <Input.Password data-testid="login-password" prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button data-testid="login-submit" type="primary" htmlType="submit" block size="large" loading={login.isPending}>
            {t('auth.submit')}
          </Button>
        </Form>
        {/* Residents land here too: the open sampling points need no login. */}
        <div className="login-public">
          <Link to="/public/points" data-testid="find-point"><EnvironmentOutlined /> {t('points.public.link')}</Link>
        </div>
      </Card>
    </div>
  );
}
