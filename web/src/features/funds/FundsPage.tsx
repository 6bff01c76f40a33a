import { useState } from 'react';
import { DownloadOutlined, PaperClipOutlined, PrinterOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, Input, InputNumber, Modal, Row, Select, Spin, Statistic, Table, Tag, Upload, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { download } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { PageTitle } from '../../app/PageTitle.tsx';
import { useTableSize } from '../../app/useIsPhone.ts';
import { useMayCommand } from '../auth/api.ts';
import { receiptUrl, useAllocation, useAllocations, useAttachReceipt, useFundReport, useFunds, useSpend, yuan, type TAllocation, type TExpenditure } from './api.ts';

const CATEGORIES = ['frontline_comfort', 'medicines_supplies', 'hardship_relief'] as const;

interface SpendValues { category: string; amountYuan: number; purpose: string; payee: string; receipts?: string }

/** Records an expenditure of the allowed uses against one allocation; amounts typed in yuan, sent in fen. */
function SpendDialog({ allocation, onClose }: { allocation: TAllocation; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const spend = useSpend();
  const [clientId] = useState(() => crypto.randomUUID());
  const onFinish = async (v: SpendValues) => {
    const receipts = (v.receipts ?? '').split(/[\n,，]/).map((s) => s.trim()).filter(Boolean);
    const done = await spend
      .mutateAsync({ allocationId: allocation.id, body: { clientId, category: v.category, amountFen: Math.round(v.amountYuan * 100), purpose: v.purpose.trim(), payee: v.payee.trim(), receipts } })
      .catch(() => undefined);
    if (!done) return;
    void message.success(t('funds.spend.done'));
    onClose();
  };
  return (
    <Modal open title={t('funds.spend.title', { unit: allocation.unitName })} onCancel={onClose} footer={null} destroyOnHidden>
      <Form<SpendValues> layout="vertical" requiredMark={false} onFinish={onFinish} data-testid="spend-form">
        <p className="muted">{t('funds.spend.balance', { amount: yuan(allocation.remainingFen) })}</p>
        <Form.Item name="category" label={t('funds.category')} rules={[{ required: true, message: t('funds.spend.categoryRequired') }]}>
          <Select data-testid="spend-category" options={CATEGORIES.map((c) => ({ value: c, label: t(`funds.categories.${c}`) }))} />
        </Form.Item>
        <Form.Item name="amountYuan" label={t('funds.spend.amount')} rules={[{ required: true, message: t('funds.spend.amountRequired') }]}>
          <InputNumber data-testid="spend-amount" min={0.01} precision={2} step={1} className="full-width" inputMode="decimal" />
        </Form.Item>
        <Form.Item name="purpose" label={t('funds.spend.purpose')} rules={[{ required: true, whitespace: true }]}>
          <Input data-testid="spend-purpose" maxLength={500} />
        </Form.Item>
        <Form.Item name="payee" label={t('funds.spend.payee')} rules={[{ required: true, whitespace: true }]}>
          <Input data-testid="spend-payee" maxLength={200} />
        </Form.Item>
        <Form.Item name="receipts" label={t('funds.spend.receipts')}>
          <Input.TextArea data-testid="spend-receipts" autoSize={{ minRows: 1, maxRows: 4 }} placeholder={t('funds.spend.receiptsPlaceholder')} />
        </Form.Item>
        {spend.isError && <ErrorAlert error={spend.error} testId="spend-error" />}
        <div className="dialog-actions">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={spend.isPending} data-testid="spend-submit">{t('funds.spend.submit')}</Button>
        </div>
      </Form>
    </Modal>
  );
}

const RECEIPT_KIND: Record<string, string> = { 'image/jpeg': 'JPG', 'image/png': 'PNG', 'image/webp': 'WebP', 'application/pdf': 'PDF' };
const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** One entry: what was paid, its receipts as links, and (for who may record) a button to attach a photo or PDF. */
function EntryRow({ entry, mayRecord }: { entry: TExpenditure; mayRecord: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const attach = useAttachReceipt();
  return (
    <li className="fund-entry" data-testid="fund-entry" data-id={entry.id}>
      <div className="fund-entry-head">
        <span className="fund-entry-purpose" data-testid="fund-entry-purpose">{entry.purpose}</span>
        <span className="fund-entry-amount">{entry.reversesId !== null ? '−' : ''}¥{yuan(entry.amountFen)}</span>
      </div>
      <div className="muted">
        {new Date(entry.spentAt).toLocaleDateString('zh-CN')} · {t(`funds.categories.${entry.category}`)} · {entry.payee}
        {entry.reversesId !== null && <Tag className="fund-entry-tag">{t('funds.entries.reversal')}</Tag>}
        {entry.reversedById !== null && <Tag className="fund-entry-tag">{t('funds.entries.reversed')}</Tag>}
      </div>
      {entry.receipts.length > 0 && <div className="muted">{t('funds.entries.written', { names: entry.receipts.join('、') })}</div>}
      <div className="fund-entry-receipts">
        {entry.receiptFiles.map((f, i) => (
          <a key={f.id} href={receiptUrl(f.id)} target="_blank" rel="noreferrer" data-testid="receipt-link">
            <PaperClipOutlined /> {t('funds.entries.receipt', { n: i + 1 })} ({RECEIPT_KIND[f.mimetype]}, {kb(f.sizeBytes)})
          </a>
        ))}
        {mayRecord && entry.reversesId === null && (
          <Upload
            accept="image/*,application/pdf"
            showUploadList={false}
            disabled={attach.isPending}
            beforeUpload={(file) => {
              attach.mutate({ expenditureId: entry.id, file }, { onSuccess: () => void message.success(t('funds.entries.uploaded')), onError: (e) => void message.error(e.message) });
              return false;
            }}
          >
            <Button size="small" icon={<UploadOutlined />} loading={attach.isPending} data-testid="receipt-upload">{t('funds.entries.upload')}</Button>
          </Upload>
        )}
      </div>
    </li>
  );
}

/** An allocation's entries, newest first, each with its receipts. */
function EntriesDialog({ allocation, onClose }: { allocation: TAllocation; onClose: () => void }) {
  const { t } = useTranslation();
  const detail = useAllocation(allocation.id);
  const entries = detail.data?.expenditures ?? [];
  return (
    <Modal open title={t('funds.entries.title', { unit: allocation.unitName })} onCancel={onClose} footer={null} destroyOnHidden>
      <div data-testid="fund-entries">
        {detail.isLoading && <Spin />}
        {detail.isError && <ErrorAlert error={detail.error} />}
        {detail.data && entries.length === 0 && <p className="muted">{t('funds.entries.none')}</p>}
        <ul className="fund-entries">
          {entries.map((e) => <EntryRow key={e.id} entry={e} mayRecord={detail.data!.mayRecord} />)}
        </ul>
      </div>
    </Modal>
  );
}

/**
 * 专项党费: the fund's report (allocated, spent by category, remaining, per unit) for the command, the
 * unit's own allocations with their balances for everyone else; a unit's people record expenditures.
 */
export default function FundsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mayCommand = useMayCommand();
  const tableSize = useTableSize();
  const funds = useFunds();
  const [chosen, setChosen] = useState<number>();
  const fundId = chosen ?? funds.data?.items[0]?.id;
  const report = useFundReport(fundId, mayCommand);
  const allocations = useAllocations(fundId);
  const [spending, setSpending] = useState<TAllocation>();
  const [viewing, setViewing] = useState<TAllocation>();
  const r = report.data;
  const byId = new Map(r?.units.map((u) => [u.id, u]));

  const columns: TableColumnsType<TAllocation> = [
    { key: 'unit', title: t('funds.unit'), render: (_, a) => <span data-testid="fund-unit">{a.unitName}</span> },
    { key: 'kind', title: t('funds.unitKind'), render: (_, a) => t(`funds.unitKinds.${a.unitType}`) },
    { key: 'amount', title: t('funds.allocated'), align: 'right', render: (_, a) => yuan(a.amountFen) },
    ...(mayCommand ? CATEGORIES.map((c) => ({ key: c, title: t(`funds.categories.${c}`), align: 'right' as const, render: (_: unknown, a: TAllocation) => yuan(byId.get(a.id)?.spentByCategory[c] ?? 0) })) : []),
    { key: 'spent', title: t('funds.spent'), align: 'right', render: (_, a) => <span data-testid="fund-spent">{yuan(a.spentFen)}</span> },
    { key: 'remaining', title: t('funds.remaining'), align: 'right', render: (_, a) => <span data-testid="fund-remaining">{yuan(a.remainingFen)}</span> },
    {
      key: 'act',
      title: '',
      render: (_, a) => (
        <div className="fund-row-actions">
          {a.mayRecord && <Button size="small" data-testid="fund-spend" onClick={() => setSpending(a)}>{t('funds.spend.open')}</Button>}
          <Button size="small" data-testid="fund-entries-open" onClick={() => setViewing(a)}>{t('funds.entries.open')}</Button>
        </div>
      ),
    },
  ];

  return (
    <div data-testid="funds-page">
      <PageTitle
        extra={
          <>
            <Link to="/donations">{t('nav.donations')}</Link>
            {(funds.data?.items.length ?? 0) > 1 && (
              <Select value={fundId} onChange={setChosen} options={funds.data!.items.map((f) => ({ value: f.id, label: f.name }))} data-testid="fund-select" />
            )}
            {mayCommand && fundId !== undefined && (
              <Button icon={<DownloadOutlined />} data-testid="fund-export" onClick={() => download(`/funds/${fundId}/report.xlsx`, {}, 'fund-report.xlsx').catch((e: Error) => void message.error(e.message))}>
                {t('funds.export')}
              </Button>
            )}
            {mayCommand && fundId !== undefined && (
              <Link to={`/funds/${fundId}/print`} data-testid="fund-print-link"><PrinterOutlined /> {t('funds.print.open')}</Link>
            )}
          </>
        }
      >
        {t('funds.title')}
      </PageTitle>
      {funds.isError && <ErrorAlert error={funds.error} />}
      {funds.data && funds.data.items.length === 0 && <p className="muted">{t('funds.none')}</p>}
      {r && (
        <Card className="section" data-testid="fund-report">
          <p className="muted">{r.fund.name} · {r.fund.allocatedByUnit}</p>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}><Statistic title={t('funds.available')} value={yuan(r.availableFen)} /></Col>
            <Col xs={12} md={6}><Statistic title={t('funds.allocated')} value={yuan(r.allocatedFen)} /></Col>
            <Col xs={12} md={6}><div data-testid="fund-total-spent"><Statistic title={t('funds.spent')} value={yuan(r.spentFen)} /></div></Col>
            <Col xs={12} md={6}><Statistic title={t('funds.remaining')} value={yuan(r.remainingFen)} /></Col>
            {CATEGORIES.map((c) => (
              <Col xs={12} md={8} key={c}><div data-testid={`fund-cat-${c}`}><Statistic title={t(`funds.categories.${c}`)} value={yuan(r.spentByCategory[c])} /></div></Col>
            ))}
          </Row>
        </Card>
      )}
      {report.isError && <ErrorAlert error={report.error} />}
      <Table<TAllocation> data-testid="funds-table" rowKey="id" size={tableSize} columns={columns} dataSource={allocations.data?.items ?? []} loading={allocations.isLoading} pagination={false} scroll={{ x: 'max-content' }} />
      {spending && <SpendDialog allocation={spending} onClose={() => setSpending(undefined)} />}
      {viewing && <EntriesDialog allocation={viewing} onClose={() => setViewing(undefined)} />}
    </div>
  );
}
