import { StopOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Popconfirm, Skeleton, Tabs, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { PageTitle } from '../../app/PageTitle.tsx';
import { useIsPhone } from '../../app/useIsPhone.ts';
import { useMayCommand } from '../auth/api.ts';
import { useCloseResponse, useGaps, useResponse } from './api.ts';
import { CommandTree } from './CommandTree.tsx';
import { useRiskNames } from '../zones/levels.ts';
import { ZonesPanel } from '../zones/ZonesPanel.tsx';
import { RoundsPanel } from '../rounds/RoundsPanel.tsx';
import { GapsReport } from './GapsReport.tsx';
import { STATUS_COLOURS } from './labels.ts';

function CloseAction({ id, code }: { id: number; code: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const close = useCloseResponse();
  return (
    <Popconfirm
      title={t('responses.closeTitle', { code })}
      description={<div className="confirm-note">{t('responses.closeNote')}</div>}
      okText={t('responses.closeOk')}
      okButtonProps={{ danger: true, loading: close.isPending }}
      onConfirm={() =>
        close
          .mutateAsync(id)
          .then(() => void message.success(t('responses.closedDone')))
          .catch((err: unknown) => void message.error(err instanceof ApiError ? err.message : t('errors.network')))
      }
    >
      <Button danger icon={<StopOutlined />} data-testid="close-response">{t('responses.close')}</Button>
    </Popconfirm>
  );
}

/** Tabs after the first live under their own path: `/responses/7/zones`, `/responses/7/rounds`, `/responses/7/gaps`. */
const TABS = ['zones', 'rounds', 'gaps'] as const;

/** One response: its "1+6+N" command structure, its risk areas, its sampling rounds, and the blank spots and weak points still open. */
export default function ResponsePage() {
  const { t } = useTranslation();
  const { schemeName } = useRiskNames();
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  const id = Number(useParams().id);
  const tree = useResponse(id);
  const gaps = useGaps(id);
  const mayCommand = useMayCommand();
  // Three long tab names do not fit a phone's width; short ones keep the gaps tab in sight.
  const tabs = useIsPhone() ? 'responses.tabsShort' : 'responses.tabs';
  const tab = TABS.find((k) => pathname.endsWith(`/${k}`)) ?? 'structure';
  const response = tree.data?.response;
  const active = response?.status === 'active';

  if (tree.isError) return <div className="page"><ErrorAlert error={tree.error} onRetry={() => void tree.refetch()} /></div>;
  if (!tree.data || !response) return <div className="page"><Card><Skeleton active /></Card></div>;

  return (
    <div className="page">
      <PageTitle extra={mayCommand && active && <CloseAction id={id} code={response.code} />}>{response.name}</PageTitle>
      <div className="response-meta tags" data-testid="response-meta">
        <Tag className="mono">{response.code}</Tag>
        <Tag color={STATUS_COLOURS[response.status]} data-testid="response-status">{t(`responses.statuses.${response.status}`)}</Tag>
        <Tag>{t('responses.startedOn')} <span className="mono">{response.startedOn}</span></Tag>
        <Tag data-testid="response-scheme">{schemeName(response.zoneScheme)}</Tag>
      </div>
      {!active && <Alert type="info" showIcon title={t('responses.closedNote')} />}
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate(`/responses/${id}${key === 'structure' ? '' : `/${key}`}${key === tab ? search : ''}`)}
        items={[
          { key: 'structure', label: t(`${tabs}.structure`), children: <CommandTree tree={tree.data} mayChange={mayCommand && active} /> },
          { key: 'zones', label: <span data-testid="tab-zones">{t(`${tabs}.zones`)}</span>, children: <ZonesPanel responseId={id} mayChange={mayCommand && active} /> },
          { key: 'rounds', label: <span data-testid="tab-rounds">{t(`${tabs}.rounds`)}</span>, children: <RoundsPanel responseId={id} mayOpen={mayCommand && active} /> },
          {
            key: 'gaps',
            label: (
              <span data-testid="tab-gaps">
                {t(`${tabs}.gaps`)} <Badge count={gaps.data?.total ?? 0} overflowCount={999} size="small" />
              </span>
            ),
            children: <GapsReport responseId={id} />,
          },
        ]}
      />
    </div>
  );
}
