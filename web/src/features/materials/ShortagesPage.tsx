import { useState } from 'react';
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, InputNumber, Space, Statistic, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { download } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { PageTitle } from '../../app/PageTitle.tsx';
import { useTableSize } from '../../app/useIsPhone.ts';
import { useMayCommand } from '../auth/api.ts';
import { useItems, type TItem } from './api.ts';
import { useItemName } from './items.ts';
import { useConsumptionRates, useForecast, usePostConsumption, useSetRate, useTransfer, type TConsumptionRate, type TForecastRow } from './forecastApi.ts';

const fmt = (n: number) => (Number.isInteger(n) ? n.toLocaleString() : n.toLocaleString(undefined, { maximumFractionDigits: 1 }));

/** The rates, editable by the command: what each tube, swab and member on shift uses. */
function RatesCard({ items }: { items: TItem[] }) {
  const { t } = useTranslation();
  const rates = useConsumptionRates();
  const set = useSetRate();
  const post = usePostConsumption();
  const [edits, setEdits] = useState<Record<number, number | null>>({});
  const named = useItemName(items);
  const name = named.bare;
  const columns: TableColumnsType<TConsumptionRate> = [
    {
      key: 'what',
      title: t('shortages.rates.per'),
      render: (_, r) => (r.trigger === 'tube' ? t('shortages.rates.tube', { min: r.minPersons, max: r.maxPersons }) : t(`shortages.rates.${r.trigger}`)),
    },
    { key: 'item', title: t('materials.item'), render: (_, r) => name(r.itemId) },
    {
      key: 'rate',
      title: t('shortages.rates.perUnit'),
      render: (_, r) => (
        <Space.Compact>
          <InputNumber
            size="small"
            min={0}
            style={{ width: 90 }}
            value={edits[r.id] === undefined ? r.perUnit : edits[r.id]}
            onChange={(v) => setEdits((e) => ({ ...e, [r.id]: v }))}
            data-testid={`rate-${r.trigger}-${r.itemId}`}
            addonAfter={named.unit(r.itemId)}
          />
          <Button
            size="small"
            disabled={edits[r.id] === undefined || edits[r.id] === null || edits[r.id] === r.perUnit}
            loading={set.isPending}
            onClick={() => set.mutate({ trigger: r.trigger, itemId: r.itemId, perUnit: edits[r.id]!, minPersons: r.minPersons, maxPersons: r.maxPersons }, { onSuccess: () => setEdits((e) => ({ ...e, [r.id]: undefined as unknown as null })) })}
          >
            {t('shortages.rates.save')}
          </Button>
        </Space.Compact>
      ),
    },
  ];
  return (
    <Card
      size="small"
      title={t('shortages.rates.title')}
      extra={
        <Button size="small" data-testid="post-consumption" loading={post.isPending} onClick={() => post.mutate()}>
          {t('shortages.postNow', { n: rates.data?.backlog ?? 0 })}
        </Button>
      }
    >
      {(rates.error || set.error || post.error) && <ErrorAlert error={rates.error ?? set.error ?? post.error} />}
      {post.data && <Alert type="success" showIcon style={{ marginBottom: 8 }} title={t('shortages.posted', { submissions: post.data.submissions, movements: post.data.movements })} />}
      <Table rowKey="id" size="small" columns={columns} dataSource={rates.data?.items ?? []} loading={rates.isLoading} pagination={false} scroll={{ x: true }} data-testid="consumption-rates" />
    </Card>
  );
}

/**
 * 缺货预警: every open point's stock against the last hour's use, the rest of today's opening hours
 * and the round's people still to test; the points short of an item first, each with a transfer from
 * the nearest holder with spare stock that the command makes with one tap.
 */
export default function ShortagesPage() {
  const { t } = useTranslation();
  const mayCommand = useMayCommand();
  const tableSize = useTableSize();
  const forecast = useForecast();
  const items = useItems();
  const transfer = useTransfer();
  const [all, setAll] = useState(false);
  const { message } = App.useApp();
  const named = useItemName(items.data?.items);
  const itemName = named.bare;
  const unit = named.unit;

  if (!mayCommand) return <Alert type="info" showIcon title={t('shortages.commandOnly')} />;

  const columns: TableColumnsType<TForecastRow> = [
    { key: 'point', title: t('shortages.point'), render: (_, r) => <Link to={`/points/${r.pointId}`}>{r.pointName}</Link> },
    { key: 'item', title: t('materials.item'), render: (_, r) => itemName(r.itemId) },
    {
      key: 'balance',
      title: t('materials.balance'),
      align: 'end',
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <span data-testid={`stock-${r.pointId}-${r.itemCode}`}>{fmt(r.balance)} {unit(r.itemId)}</span>
          {r.unrecorded > 0 && <Tag color="warning">{t('shortages.unrecorded', { n: fmt(r.unrecorded) })}</Tag>}
        </Space>
      ),
    },
    { key: 'rate', title: t('shortages.perHour'), align: 'end', render: (_, r) => fmt(r.perHour) },
    {
      key: 'hours',
      title: t('shortages.hoursLeft'),
      align: 'end',
      render: (_, r) => (r.hoursLeft === null ? '—' : <Tag color={r.short ? 'red' : r.hoursLeft < 4 ? 'orange' : 'green'}>{fmt(r.hoursLeft)} h</Tag>),
    },
    { key: 'today', title: t('shortages.needToday'), align: 'end', render: (_, r) => `${fmt(r.needToday)} (${r.nextDay ? t('shortages.tomorrow') : ''}${fmt(r.openHoursLeft)} h${r.kitsAhead ? t('shortages.kits', { n: r.kitsAhead }) : ''})` },
    { key: 'round', title: t('shortages.needRound'), align: 'end', render: (_, r) => (r.needRound === null ? '—' : `${fmt(r.needRound)} (${r.remainingPeople.toLocaleString()} ${t('shortages.people')})`) },
    { key: 'short', title: t('shortages.shortBy'), align: 'end', render: (_, r) => (r.short ? <Typography.Text type="danger" strong>{fmt(r.shortBy)}</Typography.Text> : '') },
    {
      key: 'proposal',
      title: t('shortages.proposal'),
      render: (_, r) =>
        r.proposal ? (
          <Space orientation="vertical" size={4}>
            <span>{t('shortages.from', { from: r.proposal.fromName, n: fmt(r.proposal.quantity), unit: unit(r.itemId), km: r.proposal.km === null ? '?' : fmt(r.proposal.km) })}</span>
            <Button
              size="small"
              type="primary"
              data-testid={`transfer-${r.pointId}-${r.itemCode}`}
              loading={transfer.isPending && transfer.variables?.toHolderId === r.holderId && transfer.variables.itemId === r.itemId}
              onClick={() => transfer.mutate({ fromHolderId: r.proposal!.fromHolderId, toHolderId: r.holderId, itemId: r.itemId, quantity: r.proposal!.quantity, reason: t('shortages.reason') })}
            >
              {t('shortages.transfer')}
            </Button>
          </Space>
        ) : r.short ? (
          <Tag>{t('shortages.noSource')}</Tag>
        ) : null,
    },
  ];

  const f = forecast.data;
  return (
    <div className="page">
      <PageTitle
        extra={
          <Space wrap>
            <Space><span>{t('shortages.showAll')}</span><Switch checked={all} onChange={setAll} data-testid="forecast-all" /></Space>
            <Button icon={<DownloadOutlined />} data-testid="forecast-export" onClick={() => download('/materials/forecast.xlsx', {}, 'shortages.xlsx').catch((e: Error) => void message.error(e.message))}>
              {t('shortages.export')}
            </Button>
          </Space>
        }
      >
        {t('shortages.title')}
      </PageTitle>
      {(forecast.error || transfer.error) && <ErrorAlert error={forecast.error ?? transfer.error} />}
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small">
          <Space wrap size="large">
            <Statistic title={t('shortages.count')} value={f?.shortages.length ?? 0} styles={{ content: { fontSize: 20, color: f?.shortages.length ? '#cf1322' : undefined } }} data-testid="shortage-count" />
            <Statistic title={t('shortages.points')} value={f?.points ?? 0} styles={{ content: { fontSize: 20 } }} />
            <Statistic title={t('shortages.round')} value={f?.round ? `${f.round.name}（${f.round.poolSize}${t('shortages.pool')}）` : t('shortages.noRound')} styles={{ content: { fontSize: 20 } }} />
            <Statistic title={t('shortages.asOf')} value={f ? new Date(f.at).toLocaleTimeString() : '—'} styles={{ content: { fontSize: 20 } }} />
          </Space>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('shortages.explain')}</Typography.Paragraph>
        </Card>
        <Card size="small" title={all ? t('shortages.allRows') : t('shortages.list')}>
          <Table
            rowKey={(r) => `${r.holderId}-${r.itemId}`}
            size={tableSize}
            columns={columns}
            dataSource={all ? f?.rows ?? [] : f?.shortages ?? []}
            loading={forecast.isLoading}
            pagination={all ? { pageSize: 50, showSizeChanger: false } : false}
            scroll={{ x: 'max-content' }}
            data-testid="shortage-list"
          />
        </Card>
        {items.data && <RatesCard items={items.data.items} />}
      </Space>
    </div>
  );
}
