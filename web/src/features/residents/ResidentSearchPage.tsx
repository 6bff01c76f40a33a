import { useState } from 'react';
import { Alert, Card, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { TMaskedResident } from '../../../../contracts/residents.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatCount } from '../../app/format.ts';
import { PageTitle } from '../../app/PageTitle.tsx';
import { SearchBox } from '../../app/SearchBox.tsx';
import { useResidentSearch } from './api.ts';
import { useResidentColumns } from './columns.tsx';
import { useTableSize } from '../../app/useIsPhone.ts';

const positive = (raw: string | null, fallback: number) => {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

/** Find a resident by full ID number, mobile number or the start of a name; the query lives in the URL. */
export default function ResidentSearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = positive(params.get('page'), 1);
  const pageSize = Math.min(positive(params.get('pageSize'), 20), 100);
  const [text, setText] = useState(q);
  const [shownQ, setShownQ] = useState(q);
  if (q !== shownQ) {
    // The URL moved (back/forward): the box follows it.
    setShownQ(q);
    setText(q);
  }
  const search = useResidentSearch(q, page, pageSize);
  const columns = useResidentColumns({ withAddress: true });
  const tableSize = useTableSize();
  const result = search.data;

  const submit = (value: string) => {
    const term = value.trim();
    setParams(term ? { q: term } : {});
  };

  return (
    <div className="page">
      <PageTitle>{t('residents.title')}</PageTitle>
      <Card size="small" className="section">
        <Space orientation="vertical" className="full-width" size="small">
          <SearchBox
            testId="resident-search"
            value={text}
            onChange={setText}
            onSearch={submit}
            placeholder={t('residents.searchPlaceholder')}
            size="large"
            maxLength={50}
            loading={search.isFetching}
          />
          <Typography.Text type="secondary">{t('residents.searchHint')}</Typography.Text>
        </Space>
      </Card>
      {search.isError && <ErrorAlert error={search.error} onRetry={() => void search.refetch()} />}
      {result && q && (
        <Card size="small" className="section">
          <div className="result-meta" data-testid="resident-result-meta">
            <span>{t('common.total', { total: formatCount(result.total) })}</span>
            <Tag>{t(`residents.matchedBy.${result.matchedBy}`)}</Tag>
          </div>
          {result.capped && <Alert type="warning" showIcon className="section" title={t('residents.capped')} />}
          <Table<TMaskedResident>
            data-testid="resident-results"
            rowKey="id"
            size={tableSize}
            columns={columns}
            dataSource={result.items}
            loading={search.isFetching}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('residents.empty') }}
            pagination={{
              current: page,
              pageSize,
              total: result.total,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
              onChange: (p, size) => setParams({ q, page: String(size !== pageSize ? 1 : p), pageSize: String(size) }),
            }}
          />
        </Card>
      )}
    </div>
  );
}
