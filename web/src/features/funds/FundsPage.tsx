import { useState } from 'react';
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, Input, InputNumber, Modal, Row, Select, Statistic, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { download } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { PageTitle } from '../../app/PageTitle.tsx';
import { useTableSize } from '../../app/useIsPhone.ts';
import { useMayCommand } from '../auth/api.ts';
import { useAllocations, useFundReport, useFunds, useSpend, yuan, type TAllocation } from './api.ts';

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
  const r = report.data;
  const byId = new Map(r?.units.map((u) => [u.id, u]));

  const columns: TableColumnsType<TAllocation> = [
    { key: 'unit', title: t('funds.unit'), render: (_, a) => <span data-testid="fund-unit">{a.unitName}</span> },
    { key: 'kind', title: t('funds.unitKind'), render: (_, a) => t(`funds.unitKinds.${a.unitType}`) },
    { key: 'amount', title: t('funds.allocated'), align: 'right', render: (_, a) => yuan(a.amountFen) },
    ...(mayCommand ? CATEGORIES.map((c) => ({ key: c, title: t(`funds.categories.${c}`), align: 'right' as const, render: (_: unknown, a: TAllocation) => yuan(byId.get(a.id)?.spentByCategory[c] ?? 0) })) : []),
    { key: 'spent', title: t('funds.spent'), align: 'right', render: (_, a) => <span data-testid="fund-spent">{yuan(a.spentFen)}</span> },
    { key: 'remaining', title: t('funds.remaining'), align: 'right', render: (_, a) => <span data-testid="fund-remaining">{yuan(a.remainingFen)}</span> },
    { key: 'act', title: '', render: (_, a) => a.mayRecord && <Button size="small" data-testid="fund-spend" onClick={() => setSpending(a)}>{t('funds.spend.open')}</Button> },
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
    </div>
  );
}
