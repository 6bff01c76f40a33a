import { useState } from 'react';
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Input, Modal, Row, Segmented, Select, Statistic, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { download } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDateTime } from '../../app/format.ts';
import { PageTitle } from '../../app/PageTitle.tsx';
import { useTableSize } from '../../app/useIsPhone.ts';
import { byBuilding, useAnswer, useApproveOverBudget, useRequests, type TRequest, type TRequestKind, type TRequestStatus } from './api.ts';
import { STATUSES } from './labels.ts';
import { RequestTags, RequestWhat } from './RequestCard.tsx';

function Actions({ r }: { r: TRequest }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const approve = useApproveOverBudget();
  const answer = useAnswer();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const fail = (e: Error) => void message.error(e.message);
  return (
    <span className="request-actions">
      {r.may.approve && (
        <Button size="small" data-testid={`approve-${r.id}`} loading={approve.isPending}
          onClick={() => approve.mutate(r.id, { onSuccess: () => void message.success(t('requests.board.approved')), onError: fail })}>
          {t('requests.board.approve')}
        </Button>
      )}
      {r.may.answer && <Button size="small" data-testid={`answer-${r.id}`} onClick={() => setOpen(true)}>{t('requests.answer')}</Button>}
      <Modal open={open} title={t('requests.answer')} onCancel={() => setOpen(false)} okButtonProps={{ disabled: !text.trim(), loading: answer.isPending }}
        onOk={() => answer.mutate({ id: r.id, answer: text.trim() }, { onSuccess: () => { setOpen(false); void message.success(t('requests.answered')); }, onError: fail })}>
        <p>{r.body}</p>
        <Input.TextArea rows={3} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('requests.answerHint')} />
      </Modal>
    </span>
  );
}

/**
 * 群众诉求 — the command's and captains' board: every request in their area or teams, overdue and
 * escalated first, by status; the same list bundled per building (one trip each); export to .xlsx.
 */
export default function RequestsBoardPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const size = useTableSize();
  const [status, setStatus] = useState<TRequestStatus>();
  const [kind, setKind] = useState<TRequestKind>();
  const [view, setView] = useState<'list' | 'buildings'>('list');
  const list = useRequests({ status, kind });
  const items = list.data?.items ?? [];

  const columns: TableColumnsType<TRequest> = [
    { title: t('requests.board.no'), dataIndex: 'id', width: 70 },
    { title: t('requests.board.kind'), key: 'kind', render: (_, r) => t(`requests.kinds.${r.kind}`), width: 90 },
    { title: t('requests.board.status'), key: 'status', render: (_, r) => <RequestTags r={r} />, width: 170 },
    { title: t('requests.board.where'), key: 'where', render: (_, r) => <span>{r.building} {r.door}<div className="muted">{r.where}</div></span> },
    { title: t('requests.board.what'), key: 'what', render: (_, r) => <RequestWhat r={r} /> },
    { title: t('requests.board.team'), key: 'team', render: (_, r) => <span>{r.team ?? '—'}<div className="muted">{t('requests.board.ownerIs', { name: r.owner ?? '—' })}{r.claimedBy ? ` · ${t('requests.board.claimerIs', { name: r.claimedBy })}` : ''}</div></span> },
    { title: t('requests.board.due'), key: 'due', render: (_, r) => formatDateTime(r.dueAt), width: 140 },
    { title: '', key: 'actions', render: (_, r) => <Actions r={r} />, width: 120 },
  ];

  return (
    <div data-testid="requests-board">
      <PageTitle extra={
        <Button icon={<DownloadOutlined />} data-testid="requests-export"
          onClick={() => download('/requests.xlsx', { status, kind }, 'requests.xlsx').catch((e: Error) => void message.error(e.message))}>
          {t('requests.board.export')}
        </Button>
      }>{t('requests.board.title')}</PageTitle>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && (
        <Row gutter={[12, 12]} className="request-stats">
          <Col xs={12} md={6}><Card size="small"><Statistic title={t('requests.board.total')} value={list.data.total} /></Card></Col>
          <Col xs={12} md={6}><Card size="small"><Statistic title={t('requests.board.overdue')} value={list.data.overdue} valueStyle={list.data.overdue ? { color: '#cf1322' } : undefined} /></Card></Col>
          <Col xs={12} md={6}><Card size="small"><Statistic title={t('requests.statuses.open')} value={list.data.byStatus.open ?? 0} /></Card></Col>
          <Col xs={12} md={6}><Card size="small"><Statistic title={t('requests.statuses.delivered')} value={list.data.byStatus.delivered ?? 0} /></Card></Col>
        </Row>
      )}
      <div className="request-filters">
        <Select<TRequestStatus> allowClear placeholder={t('requests.board.status')} value={status} onChange={setStatus} style={{ minWidth: 120 }}
          options={STATUSES.map((s) => ({ value: s, label: t(`requests.statuses.${s}`) }))} />
        <Select<TRequestKind> allowClear placeholder={t('requests.board.kind')} value={kind} onChange={setKind} style={{ minWidth: 120 }}
          options={(['errand', 'medicine', 'question', 'problem'] as const).map((k) => ({ value: k, label: t(`requests.kinds.${k}`) }))} />
        <Segmented value={view} onChange={(v) => setView(v as 'list' | 'buildings')} options={[{ value: 'list', label: t('requests.board.list') }, { value: 'buildings', label: t('requests.board.byBuilding') }]} />
      </div>
      {view === 'list' ? (
        <Table<TRequest> rowKey="id" size={size} loading={list.isPending} dataSource={items} columns={columns} scroll={{ x: 900 }} pagination={{ pageSize: 50, hideOnSinglePage: true }}
          onRow={(r) => ({ 'data-testid': `board-row-${r.id}`, 'data-status': r.status } as React.HTMLAttributes<HTMLElement>)} />
      ) : (
        byBuilding(items).map((b) => (
          <Card key={b.buildingId} size="small" className="request-bundle" title={<span>{b.building} <span className="muted">{b.where}</span></span>}
            extra={t('requests.board.inBuilding', { count: b.items.length })}>
            <ul className="request-list">
              {b.items.map((r) => (
                <li key={r.id} className="request-card">
                  <div className="request-card-head"><strong>{t(`requests.kinds.${r.kind}`)} · {r.door}</strong><span><RequestTags r={r} /></span></div>
                  <RequestWhat r={r} />
                  <Actions r={r} />
                </li>
              ))}
            </ul>
          </Card>
        ))
      )}
    </div>
  );
}
