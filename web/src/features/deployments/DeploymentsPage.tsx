import { useEffect, useMemo, useState } from 'react';
import { DownloadOutlined, NodeIndexOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Progress, Row, Statistic, Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AVAILABLE_KINDS } from '../../../../contracts/deployments.ts';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { PageTitle } from '../../app/PageTitle.tsx';
import { useTableSize } from '../../app/useIsPhone.ts';
import { teamRoleLabel } from '../points/labels.ts';
import { downloadCallList, useAcceptPlan, useDeploymentGaps, useProposePlan, type TAcceptResult, type TGapsView, type TMove, type TPlan } from './api.ts';

type TGap = TGapsView['gaps'][number];
const km = (m: number) => (m / 1000).toFixed(1);

/** 跨区域调配: the district as one chessboard — gaps, free people, a plan, and accepting it. */
export default function DeploymentsPage() {
  const { t } = useTranslation();
  const gaps = useDeploymentGaps();
  const propose = useProposePlan();
  const [plan, setPlan] = useState<TPlan | null>(null);
  const [result, setResult] = useState<TAcceptResult | null>(null);

  const onPropose = () => {
    setResult(null);
    propose.mutate(undefined, { onSuccess: setPlan });
  };

  return (
    <div className="deployments-page" data-testid="deployments-page">
      <PageTitle
        extra={
          <Button type="primary" icon={<NodeIndexOutlined />} loading={propose.isPending} onClick={onPropose} data-testid="propose-plan">
            {t('deployments.propose')}
          </Button>
        }
      >
        {t('deployments.title')}
      </PageTitle>
      {gaps.isError && <ErrorAlert error={gaps.error} onRetry={() => void gaps.refetch()} />}
      {propose.isError && <ErrorAlert error={propose.error} testId="propose-error" />}
      {propose.isPending && <Planning />}
      {gaps.data && <Overview view={gaps.data} />}
      {plan && <PlanCard key={plan.id} plan={plan} onAccepted={setResult} accepted={result} />}
      {result && plan && <CallList planId={plan.id} result={result} />}
    </div>
  );
}

/** The plan takes a second or two for the whole district: a bar that moves while it does. */
function Planning() {
  const { t } = useTranslation();
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => setSeconds((Date.now() - started) / 1000), 200);
    return () => clearInterval(timer);
  }, []);
  return (
    <Card size="small" className="deployments-progress" data-testid="plan-progress">
      <div>{t('deployments.planning', { seconds: seconds.toFixed(1) })}</div>
      <Progress percent={Math.min(95, Math.round((1 - Math.exp(-seconds / 1.5)) * 100))} status="active" showInfo={false} />
    </Card>
  );
}

function Overview({ view }: { view: TGapsView }) {
  const { t } = useTranslation();
  const size = useTableSize();
  const columns: TableColumnsType<TGap> = [
    { title: t('deployments.gap.name'), key: 'name', render: (_, g) => (g.kind === 'point_role' ? <Link to={`/points/${g.targetId}`}>{g.name}</Link> : g.name) },
    { title: t('deployments.gap.kind'), key: 'kind', render: (_, g) => <Tag>{t(`deployments.kinds.${g.kind}`)}</Tag> },
    { title: t('deployments.gap.role'), key: 'role', render: (_, g) => (g.role ? teamRoleLabel(t, g.role) : '—') },
    { title: t('deployments.gap.short'), dataIndex: 'short', align: 'right' },
    { title: t('deployments.gap.where'), dataIndex: 'where', responsive: ['md'] },
    { title: '', key: 'fillable', render: (_, g) => (g.fillable ? null : <Tag color="orange">{t('deployments.gap.appoint')}</Tag>) },
  ];
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={14}>
        <Card size="small" title={t('deployments.gapsTitle', { shift: t(`deployments.shifts.${view.shift}`), date: view.shiftDate })} data-testid="gaps-card">
          <Row gutter={8} className="deployments-stats">
            {(['point_role', 'squad', 'request'] as const).map((k) => (
              <Col span={8} key={k}>
                <Statistic title={t(`deployments.totals.${k}`)} value={view.totals[k]} data-testid={`gap-total-${k}`} />
              </Col>
            ))}
          </Row>
          {view.gaps.length === 0 ? (
            <Empty description={t('deployments.noGaps')} data-testid="no-gaps" />
          ) : (
            <Table<TGap> size={size} rowKey={(g) => `${g.kind}-${g.targetId}-${g.role ?? ''}`} columns={columns} dataSource={view.gaps} pagination={{ pageSize: 10, hideOnSinglePage: true }} scroll={{ x: 'max-content' }} data-testid="gaps-table" />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card size="small" title={t('deployments.availableTitle', { count: view.available.total })} data-testid="available-card">
          <div className="deployments-kinds">
            {Object.entries(view.available.byKind).map(([k, n]) => (
              <Tag key={k} data-testid={`available-${k}`}>{t(`deployments.people.${k as (typeof AVAILABLE_KINDS)[number]}`)} {n}</Tag>
            ))}
          </div>
          <Table size="small" rowKey="town" pagination={false} dataSource={view.available.byTown} columns={[{ title: t('deployments.town'), dataIndex: 'town' }, { title: t('deployments.count'), dataIndex: 'n', align: 'right' }]} />
        </Card>
      </Col>
    </Row>
  );
}

function PlanCard({ plan, accepted, onAccepted }: { plan: TPlan; accepted: TAcceptResult | null; onAccepted: (r: TAcceptResult) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const size = useTableSize();
  const accept = useAcceptPlan();
  const [selected, setSelected] = useState<number[]>(() => plan.moves.map((m) => m.id));
  const chosen = useMemo(() => plan.moves.filter((m) => selected.includes(m.id)), [plan, selected]);
  const columns: TableColumnsType<TMove> = [
    { title: t('deployments.move.person'), dataIndex: 'name' },
    { title: t('deployments.move.from'), dataIndex: 'from', responsive: ['sm'] },
    { title: t('deployments.move.to'), dataIndex: 'to' },
    { title: t('deployments.move.role'), key: 'role', render: (_, m) => (m.role ? teamRoleLabel(t, m.role) : t(`deployments.kinds.${m.gapKind}`)) },
    { title: t('deployments.move.km'), key: 'km', align: 'right', render: (_, m) => km(m.meters) },
  ];
  const onAccept = () =>
    accept
      .mutateAsync({ planId: plan.id, moveIds: selected })
      .then((r) => {
        onAccepted(r);
        void message.success(t('deployments.accepted', { count: r.accepted, notified: r.notified }));
      })
      .catch((err: unknown) => void message.error(err instanceof ApiError ? err.message : t('errors.network')));
  const decided = accepted !== null;
  return (
    <Card size="small" className="deployments-plan" title={t('deployments.planTitle', { id: plan.id })} data-testid="plan-card">
      <Row gutter={8} className="deployments-stats">
        <Col span={6}><Statistic title={t('deployments.plan.gaps')} value={plan.gapCount} /></Col>
        <Col span={6}><Statistic title={t('deployments.plan.moves')} value={plan.moves.length} data-testid="plan-moves" /></Col>
        <Col span={6}><Statistic title={t('deployments.plan.km')} value={km(plan.totalMeters)} /></Col>
        <Col span={6}><Statistic title={t('deployments.plan.selectedKm')} value={km(chosen.reduce((n, m) => n + m.meters, 0))} data-testid="plan-selected-km" /></Col>
      </Row>
      {plan.moves.length === 0 ? (
        <Empty description={t('deployments.plan.none')} />
      ) : (
        <>
          <Table<TMove>
            size={size}
            rowKey="id"
            columns={columns}
            dataSource={plan.moves}
            rowSelection={decided ? undefined : { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            data-testid="moves-table"
          />
          {decided ? (
            <Alert type="success" showIcon title={t('deployments.accepted', { count: accepted.accepted, notified: accepted.notified })} data-testid="accepted-alert" />
          ) : (
            <div className="deployments-actions">
              <Button onClick={() => setSelected(selected.length === plan.moves.length ? [] : plan.moves.map((m) => m.id))} data-testid="select-all">
                {selected.length === plan.moves.length ? t('deployments.selectNone') : t('deployments.selectAll')}
              </Button>
              <Button type="primary" disabled={selected.length === 0} loading={accept.isPending} onClick={onAccept} data-testid="accept-plan">
                {t('deployments.accept', { count: selected.length })}
              </Button>
            </div>
          )}
        </>
      )}
    </Card>
  );
}

function CallList({ planId, result }: { planId: number; result: TAcceptResult }) {
  const { t } = useTranslation();
  const size = useTableSize();
  const [busy, setBusy] = useState(false);
  if (result.callList.length === 0) return null;
  return (
    <Card
      size="small"
      title={t('deployments.callList', { count: result.callList.length })}
      data-testid="call-list"
      extra={
        <Button icon={<DownloadOutlined />} loading={busy} onClick={() => { setBusy(true); void downloadCallList(planId).finally(() => setBusy(false)); }} data-testid="call-list-export">
          {t('deployments.export')}
        </Button>
      }
    >
      <Table
        size={size}
        rowKey="personId"
        dataSource={result.callList}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('deployments.move.person'), dataIndex: 'name' },
          { title: t('deployments.phone'), dataIndex: 'phone', render: (p: string | null) => (p ? <a href={`tel:${p}`}>{p}</a> : '—') },
          { title: t('deployments.post'), dataIndex: 'post' },
          { title: t('deployments.address'), dataIndex: 'address' },
        ]}
      />
    </Card>
  );
}
