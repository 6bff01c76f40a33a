import { useState } from 'react';
import { Card, Select, Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { TPerson } from '../../../../contracts/people.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatCount } from '../../app/format.ts';
import { PageTitle } from '../../app/PageTitle.tsx';
import { SearchBox } from '../../app/SearchBox.tsx';
import { usePeople, type TPersonKind } from './api.ts';
import { useTableSize } from '../../app/useIsPhone.ts';

const KIND_COLOURS: Record<TPersonKind, string> = {
  leader: 'red',
  cadre: 'volcano',
  medical: 'cyan',
  community_cadre: 'blue',
  grid_worker: 'geekblue',
  volunteer: 'green',
};
const KINDS = Object.keys(KIND_COLOURS) as TPersonKind[];
const isKind = (v: string | null): v is TPersonKind => v !== null && Object.hasOwn(KIND_COLOURS, v);

const positive = (raw: string | null, fallback: number) => {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

function usePeopleColumns(): TableColumnsType<TPerson> {
  const { t } = useTranslation();
  return [
    { key: 'name', title: t('people.name'), dataIndex: 'name', fixed: 'start' },
    { key: 'kind', title: t('people.kind'), render: (_, p) => <Tag color={KIND_COLOURS[p.kind]}>{t(`people.kinds.${p.kind}`)}</Tag> },
    { key: 'title', title: t('people.jobTitle'), dataIndex: 'title', render: (v: string | null) => v ?? t('common.none') },
    { key: 'phone', title: t('people.phone'), dataIndex: 'phone', render: (v: string | null) => (v ? <span className="mono">{v}</span> : t('common.none')) },
    { key: 'party', title: t('people.partyMember'), render: (_, p) => (p.partyMember ? <Tag color="red" data-testid="party-member">{t('people.partyMember')}</Tag> : null) },
    { key: 'home', title: t('people.homeCommunity'), render: (_, p) => p.homeCommunity?.name ?? t('common.none') },
  ];
}

/** Leaders, cadres, medical staff, grid workers and volunteers in the user's scope. */
export default function PeoplePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const rawKind = params.get('kind');
  const kind = isKind(rawKind) ? rawKind : undefined;
  const name = params.get('name') ?? '';
  const page = positive(params.get('page'), 1);
  const pageSize = Math.min(positive(params.get('pageSize'), 20), 200);
  const [text, setText] = useState(name);
  const people = usePeople({ kind, name, page, pageSize });
  const columns = usePeopleColumns();
  const tableSize = useTableSize();

  const update = (next: { kind?: TPersonKind; name?: string; page?: number; pageSize?: number }) => {
    const merged = { kind, name, page: 1, pageSize, ...next };
    const out: Record<string, string> = {};
    if (merged.kind) out.kind = merged.kind;
    if (merged.name?.trim()) out.name = merged.name.trim();
    if (merged.page > 1) out.page = String(merged.page);
    if (merged.pageSize !== 20) out.pageSize = String(merged.pageSize);
    setParams(out);
  };

  return (
    <div className="page">
      <PageTitle>{t('people.title')}</PageTitle>
      <Card size="small" className="section">
        <div className="filters">
          <Select<TPersonKind | 'all'>
            data-testid="people-kind"
            className="filter-kind"
            value={kind ?? 'all'}
            onChange={(v) => update({ kind: v === 'all' ? undefined : v })}
            options={[{ value: 'all', label: t('common.all') }, ...KINDS.map((k) => ({ value: k, label: t(`people.kinds.${k}`) }))]}
          />
          <SearchBox
            testId="people-name"
            className="filter-name"
            value={text}
            onChange={setText}
            onSearch={(v) => update({ name: v })}
            placeholder={t('people.namePlaceholder')}
            maxLength={20}
          />
        </div>
      </Card>
      {people.isError && <ErrorAlert error={people.error} onRetry={() => void people.refetch()} />}
      <Card size="small" className="section">
        <Table<TPerson>
          data-testid="people-table"
          rowKey="id"
          size={tableSize}
          columns={columns}
          dataSource={people.data?.items ?? []}
          loading={people.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('people.empty') }}
          pagination={{
            current: page,
            pageSize,
            total: people.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => t('common.total', { total: formatCount(total) }),
            onChange: (p, size) => update({ page: size !== pageSize ? 1 : p, pageSize: size }),
          }}
        />
      </Card>
    </div>
  );
}
