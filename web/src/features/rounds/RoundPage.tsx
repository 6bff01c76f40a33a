import { ArrowLeftOutlined, ScanOutlined, StopOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Col, Popconfirm, Row, Skeleton, Statistic, Tabs, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatCount, formatDateTime } from '../../app/format.ts';
import { PageTitle } from '../../app/PageTitle.tsx';
import { useMayCommand } from '../auth/api.ts';
import { useCloseRound, useRound, type TRound } from './api.ts';
import { CoverageBar } from './CoverageBar.tsx';
import { CoverageDrill } from './CoverageDrill.tsx';
import { HomeTasks } from './HomeTasks.tsx';
import { LabResults } from './LabResults.tsx';
import { poolLabel, ROUND_STATUS_COLOURS } from './labels.ts';
import { PointCounts } from './PointCounts.tsx';
import { useRoundEvents, type LiveState } from './useRoundEvents.ts';
import { useRiskNames } from '../zones/levels.ts';

const TABS = ['progress', 'home', 'results'] as const;
type Tab = (typeof TABS)[number];
const isTab = (v: string | null): v is Tab => (TABS as readonly string[]).includes(v ?? '');

const LIVE_BADGE = { live: 'processing', connecting: 'warning', down: 'default' } as const;

/** A small sign that the figures move by themselves (or that they have stopped moving). */
export function LiveIndicator({ state }: { state: LiveState }) {
  const { t } = useTranslation();
  return (
    <span className="live-indicator" data-testid="live-indicator" data-state={state} title={t(`rounds.live.${state}Hint`)}>
      <Badge status={LIVE_BADGE[state]} text={t(`rounds.live.${state}`)} />
    </span>
  );
}

function CloseAction({ round }: { round: TRound }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const close = useCloseRound();
  return (
    <Popconfirm
      title={t('rounds.close.title', { name: round.name })}
      description={<div className="confirm-note">{t('rounds.close.note')}</div>}
      okText={t('rounds.close.ok')}
      okButtonProps={{ danger: true, loading: close.isPending }}
      onConfirm={() =>
        close
          .mutateAsync(round.id)
          .then(() => void message.success(t('rounds.close.done')))
          .catch((err: unknown) => void message.error(err instanceof ApiError ? err.message : t('errors.network')))
      }
    >
      <Button danger icon={<StopOutlined />} data-testid="close-round">{t('rounds.close.action')}</Button>
    </Popconfirm>
  );
}

const FIGURES = ['shouldTest', 'tested', 'untested', 'exempt'] as const;

function Totals({ round }: { round: TRound }) {
  const { t } = useTranslation();
  const figure = (n: number) => formatCount(n);
  return (
    <Card size="small" className="no-print round-totals">
      <Row gutter={[12, 12]}>
        {FIGURES.map((k) => (
          <Col key={k} xs={8} sm={6} lg={3}>
            <Statistic title={t(`rounds.coverage.${k}`)} value={round.coverage[k]} formatter={(v) => figure(Number(v))} data-testid={`round-${k}`} />
          </Col>
        ))}
        <Col xs={8} sm={6} lg={3}>
          <Statistic title={t('rounds.coverage.visitors')} value={round.visitors} formatter={(v) => figure(Number(v))} data-testid="round-visitors" />
        </Col>
        <Col xs={8} sm={6} lg={3}>
          <Statistic title={t('rounds.coverage.tubes')} value={round.tubes} formatter={(v) => figure(Number(v))} data-testid="round-tubes" />
        </Col>
        <Col xs={24} lg={6}>
          <div className="round-share">
            <span className="muted">{t('rounds.coverage.share')}</span>
            <CoverageBar coverage={round.coverage} testId="round-share" wide />
          </div>
        </Col>
      </Row>
    </Card>
  );
}

/**
 * One round: the totals, progress down the region tree to a grid's untested list, and per point;
 * then door-to-door sampling (上门采样) and the lab's results with the recalls from positive pools.
 * All of it live (Server-Sent Events) while the page is open.
 */
export default function RoundPage() {
  const { t } = useTranslation();
  const { levelName } = useRiskNames();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: Tab = isTab(tabParam) ? tabParam : 'progress';
  const regionParam = Number(params.get('region'));
  const regionId = regionParam > 0 ? regionParam : undefined;
  const round = useRound(id);
  const live = useRoundEvents(id);
  const mayCommand = useMayCommand();
  const r = round.data;

  if (round.isError) return <div className="page"><ErrorAlert error={round.error} onRetry={() => void round.refetch()} /></div>;
  if (!r) return <div className="page"><Card><Skeleton active /></Card></div>;
  const open = r.status === 'open';

  return (
    <div className="page round-page" data-testid="round-page" data-round={r.id}>
      <div className="no-print">
        <Link to={`/responses/${r.responseId}/rounds`} className="back-link"><ArrowLeftOutlined /> {t('rounds.page.back')}</Link>
      </div>
      <div className="no-print">
        <PageTitle
          extra={
            <span className="toolbar">
              {open && (
                <Button type="primary" icon={<ScanOutlined />} data-testid="round-scan" onClick={() => navigate(`/rounds/${r.id}/scan`)}>
                  {t('rounds.page.scan')}
                </Button>
              )}
              {mayCommand && open && <CloseAction round={r} />}
            </span>
          }
        >
          {r.name}
        </PageTitle>
      </div>
      <div className="response-meta tags no-print" data-testid="round-meta">
        <Tag color={ROUND_STATUS_COLOURS[r.status]} data-testid="round-status">{t(`rounds.statuses.${r.status}`)}</Tag>
        <Tag><span className="mono">{formatDateTime(r.startsAt)} – {formatDateTime(r.endsAt)}</span></Tag>
        <Tag>{t('rounds.defaultPool')} {poolLabel(t, r.defaultPoolSize)}</Tag>
        {r.poolSizes.map((p) => <Tag key={p.level}>{levelName(p.level)} {poolLabel(t, p.poolSize)}</Tag>)}
        {r.scope.map((s) => <Tag key={`${s.kind}:${s.id}`} color={s.kind === 'zone' ? 'orange' : 'blue'}>{s.name}</Tag>)}
        <LiveIndicator state={live} />
      </div>
      <Totals round={r} />
      <Tabs
        className="round-tabs"
        activeKey={tab}
        onChange={(key) =>
          setParams((prev) => {
            const next = new URLSearchParams(prev);
            if (key === 'progress') next.delete('tab');
            else next.set('tab', key);
            return next;
          })
        }
        items={[
          {
            key: 'progress',
            label: <span data-testid="round-tab-progress">{t('rounds.tabs.progress')}</span>,
            children: (
              <div className="round-tab-body">
                <CoverageDrill round={r} regionId={regionId} />
                <PointCounts round={r} />
              </div>
            ),
          },
          {
            key: 'home',
            label: (
              <span data-testid="round-tab-home">
                {t('rounds.tabs.home')} <Badge count={r.homeTasksOpen} overflowCount={9999} size="small" />
              </span>
            ),
            children: <HomeTasks round={r} />,
          },
          {
            key: 'results',
            label: (
              <span data-testid="round-tab-results">
                {t('rounds.tabs.results')} <Badge count={r.results.recallsOpen} overflowCount={9999} size="small" />
              </span>
            ),
            children: <LabResults round={r} />,
          },
        ]}
      />
    </div>
  );
}
