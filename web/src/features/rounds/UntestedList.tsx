import { useState, type HTMLAttributes } from 'react';
import { DownloadOutlined, PhoneOutlined, PrinterOutlined, UserDeleteOutlined } from '@ant-design/icons';
import { App, Button, Card, Dropdown, Select, Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatCount, formatDateTime } from '../../app/format.ts';
import { useTableSize } from '../../app/useIsPhone.ts';
import { useRegion } from '../regions/api.ts';
import { SpecialGroupTags } from '../residents/SpecialGroupTags.tsx';
import { downloadUntested, SWEEP_OUTCOME_LIST, untestedXlsxUrl, useRecordContact, useUntested, type TRound, type TUntestedPerson, type TUntestedPlace } from './api.ts';
import { ExemptDialog } from './ExemptDialog.tsx';

/**
 * 未检人员 of a grid (or one of its buildings): the sweep list (扫楼) with the spreadsheet to hand on,
 * a page to print for the door-to-door round, and exemptions recorded from the list.
 */
export function UntestedList({ round, gridId }: { round: TRound; gridId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tableSize = useTableSize();
  const grid = useRegion(gridId);
  const [buildingId, setBuildingId] = useState<number>();
  const place: TUntestedPlace = buildingId ? { buildingId } : { gridId };
  const list = useUntested(round.id, place);
  const [exempting, setExempting] = useState<{ person: TUntestedPerson | null } | null>(null);
  const [downloading, setDownloading] = useState(false);
  const contact = useRecordContact(round.id);
  const record = (p: TUntestedPerson, key: string) => {
    const [channel, outcome] = key.split(':') as ['door' | 'phone', (typeof SWEEP_OUTCOME_LIST)[number]];
    contact.mutate(
      { residentId: p.residentId, channel, outcome },
      {
        onSuccess: () => void message.success(t('rounds.contact.recorded', { name: p.name })),
        onError: (err) => void message.error(err instanceof ApiError ? err.message : t('errors.network')),
      },
    );
  };
  const contactMenu = (['door', 'phone'] as const).map((channel) => ({
    type: 'group' as const,
    key: channel,
    label: t(`rounds.contact.channels.${channel}`),
    children: SWEEP_OUTCOME_LIST.map((o) => ({ key: `${channel}:${o}`, label: t(`rounds.contact.outcomes.${o}`) })),
  }));
  const data = list.data;
  const where = data ? `${data.place.where} ${data.place.name}` : '';

  const exportSheet = () => {
    setDownloading(true);
    downloadUntested(round.id, place)
      .catch((err: unknown) => void message.error(err instanceof ApiError ? err.message : t('errors.network')))
      .finally(() => setDownloading(false));
  };

  const columns: TableColumnsType<TUntestedPerson> = [
    { key: 'building', title: t('rounds.untested.building'), dataIndex: 'building', render: (v: string) => <span className="nowrap">{v}</span> },
    { key: 'door', title: t('rounds.untested.door'), dataIndex: 'door', render: (v: string) => <span className="mono">{v}</span> },
    { key: 'name', title: t('rounds.untested.name'), dataIndex: 'name', render: (v: string) => <span className="nowrap" data-testid="untested-name">{v}</span> },
    { key: 'idNumber', title: t('rounds.untested.idNumber'), dataIndex: 'idNumber', render: (v: string) => <span className="mono" data-testid="untested-id">{v}</span> },
    { key: 'phone', title: t('rounds.untested.phone'), dataIndex: 'phone', render: (v: string | null) => <span className="mono">{v ?? t('common.none')}</span> },
    { key: 'age', title: t('rounds.untested.age'), dataIndex: 'age', align: 'end' },
    { key: 'groups', title: t('rounds.untested.specialGroups'), render: (_, p) => <SpecialGroupTags groups={p.specialGroups} /> },
    {
      key: 'contact',
      title: t('rounds.contact.last'),
      className: 'no-print',
      render: (_, p) =>
        p.lastContact ? (
          <span className="nowrap" data-testid={`contact-${p.residentId}`}>
            <Tag color={p.lastContact.outcome === 'will_come' ? 'green' : p.lastContact.outcome === 'home_sampling_needed' ? 'orange' : 'default'}>
              {t(`rounds.contact.channels.${p.lastContact.channel}`)} · {t(`rounds.contact.outcomes.${p.lastContact.outcome as (typeof SWEEP_OUTCOME_LIST)[number]}`)}
            </Tag>
            <span className="muted">{formatDateTime(p.lastContact.at)}</span>
          </span>
        ) : (
          <span className="muted">{t('common.none')}</span>
        ),
    },
    // On paper the sweep team writes what they found at the door.
    { key: 'outcome', title: t('rounds.untested.outcome'), className: 'print-col sweep-outcome', render: () => null },
    {
      key: 'action',
      title: '',
      className: 'no-print',
      render: (_, p) => (
        <span className="nowrap">
          <Dropdown trigger={['click']} menu={{ items: contactMenu, onClick: ({ key }) => record(p, key) }}>
            <Button size="small" type="link" icon={<PhoneOutlined />} data-testid={`contact-open-${p.residentId}`}>
              {t('rounds.contact.action')}
            </Button>
          </Dropdown>
          <Button size="small" type="link" icon={<UserDeleteOutlined />} data-testid={`exempt-${p.residentId}`} onClick={() => setExempting({ person: p })}>
            {t('rounds.exempt.short')}
          </Button>
        </span>
      ),
    },
  ];

  return (
    <Card
      size="small"
      className="sweep-card"
      data-testid="untested"
      title={
        <span>
          {t('rounds.untested.title')}
          {data && <span className="card-hint" data-testid="untested-total">{t('rounds.untested.count', { count: data.total, formatted: formatCount(data.total) })}</span>}
        </span>
      }
    >
      <div className="print-only sweep-print-head">
        <h2>{t('rounds.untested.printTitle', { round: round.name })}</h2>
        <div>{where}</div>
        <div>{t('rounds.untested.printedAt', { at: formatDateTime(new Date().toISOString()), count: data?.total ?? 0 })}</div>
      </div>
      <div className="sweep-toolbar no-print">
        <Select<number | undefined>
          data-testid="untested-building"
          className="sweep-building"
          value={buildingId}
          allowClear
          placeholder={t('rounds.untested.allBuildings')}
          loading={grid.isPending}
          onChange={(v) => setBuildingId(v)}
          options={(grid.data?.buildings ?? []).map((b) => ({ value: b.id, label: b.name }))}
        />
        <Button
          icon={<DownloadOutlined />}
          href={untestedXlsxUrl(round.id, place)}
          loading={downloading}
          data-testid="untested-export"
          onClick={(e) => {
            e.preventDefault();
            exportSheet();
          }}
        >
          {t('rounds.untested.export')}
        </Button>
        <Button icon={<PrinterOutlined />} data-testid="untested-print" onClick={() => window.print()}>{t('rounds.untested.print')}</Button>
        <Button icon={<UserDeleteOutlined />} data-testid="exempt-open" onClick={() => setExempting({ person: null })}>{t('rounds.exempt.action')}</Button>
      </div>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<TUntestedPerson>
          data-testid="untested-table"
          rowKey="residentId"
          size={tableSize}
          columns={columns}
          dataSource={data?.items ?? []}
          loading={list.isPending}
          scroll={{ x: 'max-content' }}
          // A grid's list is printed whole; it is a few hundred rows at most.
          pagination={false}
          locale={{ emptyText: t('rounds.untested.none') }}
          onRow={(p) => ({ 'data-testid': `untested-row-${p.residentId}` }) as HTMLAttributes<HTMLElement>}
        />
      )}
      <ExemptDialog open={exempting !== null} roundId={round.id} person={exempting?.person ?? null} onClose={() => setExempting(null)} />
    </Card>
  );
}
